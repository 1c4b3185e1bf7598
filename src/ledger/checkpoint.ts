import { InputError } from '../errors.ts';
import type { Checkpoint } from '../ports/ledger-tree-store.ts';
import { keyIdOf, type LedgerKey, verifySignature } from './keys.ts';

export const CHECKPOINT_FORMAT = 'vigil-checkpoint/1';

/**
 * The exact bytes a checkpoint's signature covers: one field a line, in a fixed order, so a
 * verifier in any language can rebuild them from the published JSON.
 */
export function signedMessage(cp: Pick<Checkpoint, 'format' | 'origin' | 'size' | 'root' | 'time'>): Buffer {
  return Buffer.from(`${cp.format}\n${cp.origin}\n${cp.size}\n${cp.root}\n${cp.time}\n`, 'utf8');
}

export function signCheckpoint(key: LedgerKey, size: number, root: string, time: string): Checkpoint {
  const body = { format: CHECKPOINT_FORMAT, origin: `vigil/${key.keyId}`, size, root, time } as const;
  return {
    ...body,
    keyId: key.keyId,
    publicKey: key.publicKey,
    signature: key.sign(signedMessage(body)).toString('base64'),
  };
}

/**
 * What is wrong with a checkpoint taken alone (its signature under its own key, its fields),
 * or null when it is sound. Whether that key is the log's key is the caller's question.
 */
export function checkpointProblem(cp: Checkpoint): string | null {
  if (cp.format !== CHECKPOINT_FORMAT) return `unknown checkpoint format "${cp.format}"`;
  if (!/^[0-9a-f]{64}$/.test(cp.root)) return 'its root is not a SHA-256 hash';
  if (!Number.isInteger(cp.size) || cp.size < 0) return 'its size is not a whole number';
  let der: Buffer;
  try {
    der = Buffer.from(cp.publicKey, 'base64');
  } catch {
    return 'its public key is not base64';
  }
  if (keyIdOf(der) !== cp.keyId) return `its key id ${cp.keyId} does not name the public key it carries`;
  if (cp.origin !== `vigil/${cp.keyId}`) return `its origin ${cp.origin} does not match its key id`;
  if (!verifySignature(cp.publicKey, signedMessage(cp), cp.signature)) {
    return 'its signature does not verify';
  }
  return null;
}

/** Reads a published checkpoint (the JSON `vigil ledger checkpoint` prints). */
export function parseCheckpoint(text: string, where: string): Checkpoint {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${where} is not a checkpoint: not JSON (${(error as Error).message})`);
  }
  const v = value as Record<string, unknown>;
  const fields = ['format', 'origin', 'root', 'time', 'keyId', 'publicKey', 'signature'] as const;
  for (const f of fields) {
    if (typeof v?.[f] !== 'string') throw new InputError(`${where} is not a checkpoint: "${f}" is missing`);
  }
  if (typeof v.size !== 'number') throw new InputError(`${where} is not a checkpoint: "size" is missing`);
  return {
    format: v.format as Checkpoint['format'],
    origin: v.origin as string,
    size: v.size,
    root: v.root as string,
    time: v.time as string,
    keyId: v.keyId as string,
    publicKey: v.publicKey as string,
    signature: v.signature as string,
  };
}

/** The checkpoint as published: stable key order, no store row id. */
export function publishable(cp: Checkpoint): Checkpoint {
  return {
    format: cp.format,
    origin: cp.origin,
    size: cp.size,
    root: cp.root,
    time: cp.time,
    keyId: cp.keyId,
    publicKey: cp.publicKey,
    signature: cp.signature,
  };
}
