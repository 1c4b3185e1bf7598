import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { ConfigError, IntegrityError } from '../errors.ts';

/** The log's signing key: signs checkpoints; its public half goes into every checkpoint. */
export interface LedgerKey {
  keyId: string;
  /** SPKI DER, base64. */
  publicKey: string;
  sign(message: Buffer): Buffer;
}

const PRIVATE = 'ledger-ed25519.pem';
const PUBLIC = 'ledger-ed25519.pub.pem';

/** First 16 hex digits of SHA-256 over the key's SPKI DER: names the key in checkpoints. */
export function keyIdOf(publicKeyDer: Buffer): string {
  return createHash('sha256').update(publicKeyDer).digest('hex').slice(0, 16);
}

/**
 * Creates the Ed25519 key pair in `dir` if it is not there yet: the directory owner-only
 * (0700), the private key 0600 (written under a temporary name with those permissions from the
 * start, then renamed, so it is never readable by others even for a moment), the public key 0644.
 * Idempotent. Returns whether a key was created.
 */
export function ensureLedgerKey(dir: string): boolean {
  const privatePath = join(dir, PRIVATE);
  if (existsSync(privatePath)) return false;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const tmp = `${privatePath}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, privateKey.export({ format: 'pem', type: 'pkcs8' }) as string);
  } finally {
    closeSync(fd);
  }
  const pubTmp = join(dir, `${PUBLIC}.${process.pid}.tmp`);
  const pfd = openSync(pubTmp, 'wx', 0o644);
  try {
    writeSync(pfd, publicKey.export({ format: 'pem', type: 'spki' }) as string);
  } finally {
    closeSync(pfd);
  }
  renameSync(pubTmp, join(dir, PUBLIC));
  renameSync(tmp, privatePath);
  return true;
}

/**
 * Loads the signing key. Refuses a private key file (or directory) that others can read, as
 * ssh does: a key anyone could copy would let anyone sign a rewritten log.
 */
export function loadLedgerKey(dir: string): LedgerKey {
  const privatePath = join(dir, PRIVATE);
  if (!existsSync(privatePath)) {
    throw new ConfigError(`no ledger signing key in ${dir} (it is created when the store is first opened)`);
  }
  const problem = keyPermissionProblem(dir);
  if (problem) throw new ConfigError(problem);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(privatePath));
  } catch (error) {
    throw new ConfigError(`cannot read the ledger signing key ${privatePath}: ${(error as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(`${privatePath} is not an Ed25519 key`);
  }
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return {
    keyId: keyIdOf(der),
    publicKey: der.toString('base64'),
    sign: (message) => sign(null, message, privateKey),
  };
}

/** The public key alone (for verifying without the right to sign), or null when absent. */
export function loadLedgerPublicKey(dir: string): { keyId: string; publicKey: string } | null {
  const path = join(dir, PUBLIC);
  if (!existsSync(path)) return null;
  const der = createPublicKey(readFileSync(path)).export({ format: 'der', type: 'spki' });
  return { keyId: keyIdOf(der), publicKey: der.toString('base64') };
}

/** Why the key files are not owner-only, or null when they are. */
export function keyPermissionProblem(dir: string): string | null {
  if (process.platform === 'win32') return null;
  const privatePath = join(dir, PRIVATE);
  for (const [path, what] of [
    [dir, 'directory'],
    [privatePath, 'file'],
  ] as const) {
    if (!existsSync(path)) continue;
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o077) {
      return `ledger key ${what} ${path} is accessible to others (mode ${mode.toString(8)}); run chmod ${
        what === 'file' ? '600' : '700'
      } ${path}`;
    }
  }
  return null;
}

/** Verifies an Ed25519 signature with a base64 SPKI DER public key; false on any malformed input. */
export function verifySignature(publicKeyBase64: string, message: Buffer, signatureBase64: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, message, key, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}

/** Throws when a base64 SPKI key is not a usable Ed25519 key. */
export function assertEd25519(publicKeyBase64: string, where: string): void {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType === 'ed25519') return;
  } catch {
    // fall through
  }
  throw new IntegrityError(`${where}: the public key is not an Ed25519 key`);
}
