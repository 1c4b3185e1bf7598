import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { canonicalJson, leafHash, recordDigest } from '../ledger/canonical.ts';
import { checkpointProblem, parseCheckpoint } from '../ledger/checkpoint.ts';
import { verifyInclusion } from '../ledger/merkle.ts';
import type { Checkpoint } from '../ports/ledger-tree-store.ts';
import type { BagProof } from './bagit.ts';

export interface BagFinding {
  where: string;
  what: string;
}

export interface BagReport {
  ok: boolean;
  failures: BagFinding[];
  notes: string[];
  payloadFiles: number;
  proofs: number;
  checkpoint: Pick<Checkpoint, 'size' | 'root' | 'keyId' | 'time'> | null;
}

const ALGORITHMS = new Set(['md5', 'sha1', 'sha256', 'sha512']);

/**
 * Checks a bag offline, without the database: first as a BagIt bag (RFC 8493 §3: bagit.txt,
 * every payload file listed in every payload manifest and every listed file present with its
 * checksum, tag manifests, Payload-Oxum), then as a Vigil evidence package (every record's
 * digest against its ledger entry, every entry's inclusion proof against the checkpoint, the
 * checkpoint's signature, every evidence file against its record's SHA-256 and MD5).
 */
export async function verifyBag(dir: string, options: { expectKeyId?: string } = {}): Promise<BagReport> {
  const failures: BagFinding[] = [];
  const notes: string[] = [];
  const fail = (where: string, what: string) => failures.push({ where, what });
  const report = (checkpoint: BagReport['checkpoint'] = null, payloadFiles = 0, proofs = 0): BagReport => ({
    ok: failures.length === 0,
    failures,
    notes,
    payloadFiles,
    proofs,
    checkpoint,
  });

  const declaration = await readText(join(dir, 'bagit.txt'));
  if (declaration === null) {
    fail('bagit.txt', 'is missing: this is not a BagIt bag');
    return report();
  }
  const lines = declaration.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  if (
    !/^BagIt-Version: \d+\.\d+$/.test(lines[0] ?? '') ||
    !/^Tag-File-Character-Encoding: \S+$/.test(lines[1] ?? '')
  ) {
    fail('bagit.txt', 'must hold exactly "BagIt-Version: M.N" and "Tag-File-Character-Encoding: …"');
  }
  const dataInfo = await stat(join(dir, 'data')).catch(() => null);
  if (!dataInfo?.isDirectory()) {
    fail('data/', 'the payload directory is missing');
    return report();
  }

  const top = await readdir(dir);
  const payloadManifests = top.filter((n) => /^manifest-[a-z0-9]+\.txt$/.test(n)).sort();
  const tagManifests = top.filter((n) => /^tagmanifest-[a-z0-9]+\.txt$/.test(n)).sort();
  if (payloadManifests.length === 0) fail('manifest-*.txt', 'there is no payload manifest');

  const payload = await listFiles(dir, 'data');
  const digests = new Map<string, Map<string, string>>();
  for (const name of payloadManifests) {
    const alg = name.slice('manifest-'.length, -'.txt'.length);
    const listed = await checkManifest(dir, name, alg, true, fail, digests);
    for (const file of payload) if (!listed.has(file)) fail(file, `is not listed in ${name}`);
  }
  for (const name of tagManifests) {
    const alg = name.slice('tagmanifest-'.length, -'.txt'.length);
    await checkManifest(dir, name, alg, false, fail, digests);
  }

  const info = parseBagInfo((await readText(join(dir, 'bag-info.txt'))) ?? '');
  const oxum = info.get('Payload-Oxum');
  if (oxum) {
    let bytes = 0;
    for (const file of payload) bytes += (await stat(join(dir, file))).size;
    if (oxum !== `${bytes}.${payload.length}`) {
      fail('bag-info.txt', `Payload-Oxum says ${oxum}, but the payload is ${bytes}.${payload.length}`);
    }
  }

  const { checkpoint, proofs } = await checkVigil(dir, payload, options, fail, notes);
  return report(checkpoint, payload.length, proofs);
}

async function checkManifest(
  dir: string,
  name: string,
  alg: string,
  isPayload: boolean,
  fail: (where: string, what: string) => void,
  digests: Map<string, Map<string, string>>,
): Promise<Set<string>> {
  const listed = new Set<string>();
  if (!ALGORITHMS.has(alg)) {
    fail(name, `uses the unsupported algorithm "${alg}"`);
    return listed;
  }
  const text = (await readText(join(dir, name))) ?? '';
  let lineNo = 0;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    lineNo++;
    if (line.trim() === '') continue;
    const m = /^([0-9a-fA-F]+)[ \t]+\*?(.+)$/.exec(line);
    if (!m) {
      fail(`${name} line ${lineNo}`, 'is not "checksum  path"');
      continue;
    }
    const path = m[2]!.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
    const segments = path.split('/');
    if (path.startsWith('/') || segments.includes('..') || segments.includes('.')) {
      fail(`${name} line ${lineNo}`, `names a path outside the bag: ${path}`);
      continue;
    }
    if (isPayload !== path.startsWith('data/')) {
      fail(
        `${name} line ${lineNo}`,
        isPayload ? `lists ${path}, which is not payload` : `lists payload file ${path}`,
      );
      continue;
    }
    if (listed.has(path)) fail(`${name} line ${lineNo}`, `lists ${path} twice`);
    listed.add(path);
    const actual = await digestOf(join(dir, ...segments), alg);
    if (actual === null) fail(path, `is listed in ${name} but missing`);
    else if (actual !== m[1]!.toLowerCase())
      fail(path, `its ${alg} is ${actual}, not ${m[1]!.toLowerCase()} as ${name} says`);
    else {
      const byAlg = digests.get(path) ?? new Map<string, string>();
      byAlg.set(alg, actual);
      digests.set(path, byAlg);
    }
  }
  return listed;
}

/** The Vigil layer: records against ledger entries, proofs against the signed checkpoint. */
async function checkVigil(
  dir: string,
  payload: string[],
  options: { expectKeyId?: string },
  fail: (where: string, what: string) => void,
  notes: string[],
): Promise<{ checkpoint: BagReport['checkpoint']; proofs: number }> {
  const cpText = await readText(join(dir, 'data', 'ledger', 'checkpoint.json'));
  const proofsText = await readText(join(dir, 'data', 'ledger', 'proofs.json'));
  if (cpText === null || proofsText === null) {
    fail('data/ledger/', 'the checkpoint or the proofs are missing: this is not a Vigil evidence package');
    return { checkpoint: null, proofs: 0 };
  }
  let checkpoint: Checkpoint;
  let bundle: { treeSize: number; root: string; proofs: BagProof[] };
  try {
    checkpoint = parseCheckpoint(cpText, 'data/ledger/checkpoint.json');
    bundle = JSON.parse(proofsText);
  } catch (error) {
    fail('data/ledger/', `cannot be read: ${(error as Error).message}`);
    return { checkpoint: null, proofs: 0 };
  }
  const problem = checkpointProblem(checkpoint);
  if (problem) fail('data/ledger/checkpoint.json', problem);
  if (options.expectKeyId && checkpoint.keyId !== options.expectKeyId) {
    fail(
      'data/ledger/checkpoint.json',
      `is signed by key ${checkpoint.keyId}, not the expected ${options.expectKeyId}`,
    );
  }
  notes.push(
    `checkpoint: ${checkpoint.size} entries, root ${checkpoint.root}, signed by key ${checkpoint.keyId} at ${checkpoint.time}`,
  );
  if (bundle.treeSize !== checkpoint.size || bundle.root !== checkpoint.root) {
    fail('data/ledger/proofs.json', "its tree size or root is not the checkpoint's");
  }
  const root = Buffer.from(checkpoint.root, 'hex');
  const records = new Map<string, unknown>();
  const proved = new Set<string>();
  for (const p of Array.isArray(bundle.proofs) ? bundle.proofs : []) {
    const where = `data/${p.file}${p.item !== undefined ? ` [${p.item}]` : ''}`;
    proved.add(where);
    if (!records.has(p.file)) {
      const text = await readText(join(dir, 'data', ...String(p.file).split('/')));
      try {
        records.set(p.file, text === null ? undefined : JSON.parse(text));
      } catch {
        records.set(p.file, undefined);
      }
    }
    const file = records.get(p.file);
    const record = p.item !== undefined ? (Array.isArray(file) ? file[p.item] : undefined) : file;
    if (record === undefined) {
      fail(where, 'is missing or is not JSON');
      continue;
    }
    if (recordDigest(record) !== p.entry.digest) {
      fail(where, `differs from what ledger entry #${p.entry.seq} (${p.entry.kind}) recorded`);
    }
    const { seq: _seq, ...fields } = p.entry;
    const leaf = leafHash(canonicalJson(fields));
    if (leaf !== p.leafHash) fail(where, `ledger entry #${p.entry.seq} does not hash to the leaf hash given`);
    const ok =
      p.index === p.entry.seq - 1 &&
      verifyInclusion(
        Buffer.from(leaf, 'hex'),
        p.index,
        checkpoint.size,
        p.proof.map((h) => Buffer.from(h, 'hex')),
        root,
      );
    if (!ok)
      fail(
        where,
        `the inclusion proof of ledger entry #${p.entry.seq} does not lead to the checkpoint's root`,
      );
  }
  // Every record and custody event in the package must come with its proof.
  for (const file of payload.filter((f) => f.startsWith('data/records/') || f.startsWith('data/custody/'))) {
    const name = file.slice('data/'.length);
    const value = records.get(name) ?? JSON.parse((await readText(join(dir, file))) ?? 'null');
    if (Array.isArray(value) && name.startsWith('custody/')) {
      value.forEach((_, i) => {
        if (!proved.has(`${file} [${i}]`)) fail(`${file} [${i}]`, 'has no ledger proof');
      });
    } else if (!proved.has(file)) fail(file, 'has no ledger proof');
  }
  // Every evidence file against the SHA-256, MD5 and size its record gives.
  for (const file of payload.filter((f) => f.startsWith('data/records/evidence/'))) {
    const item = records.get(file.slice('data/'.length)) as
      | { id: string; sha256: string; md5: string; size: number }
      | undefined;
    if (!item) continue;
    const folder = `data/evidence/${item.id.replace(/[^A-Za-z0-9._-]+/g, '_')}/`;
    const held = payload.filter((f) => f.startsWith(folder));
    if (held.length !== 1) {
      fail(folder, `should hold exactly the one evidentiary file of ${item.id}, holds ${held.length}`);
      continue;
    }
    const path = join(dir, ...held[0]!.split('/'));
    const [sha, md5, size] = [
      await digestOf(path, 'sha256'),
      await digestOf(path, 'md5'),
      (await stat(path)).size,
    ];
    if (sha !== item.sha256)
      fail(held[0]!, `its SHA-256 is ${sha}, but the evidence record says ${item.sha256}`);
    else if (md5 !== item.md5) fail(held[0]!, `its MD5 is ${md5}, but the evidence record says ${item.md5}`);
    else if (size !== item.size)
      fail(held[0]!, `is ${size} bytes, but the evidence record says ${item.size}`);
  }
  return {
    checkpoint: {
      size: checkpoint.size,
      root: checkpoint.root,
      keyId: checkpoint.keyId,
      time: checkpoint.time,
    },
    proofs: proved.size,
  };
}

function parseBagInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | null = null;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^[ \t]/.test(line) && last) out.set(last, `${out.get(last)} ${line.trim()}`);
    else {
      const m = /^([^:]+):\s*(.*)$/.exec(line);
      if (m) {
        last = m[1]!.trim();
        out.set(last, m[2]!.trim());
      }
    }
  }
  return out;
}

async function listFiles(root: string, sub: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(relative(root, p).split(sep).join('/'));
    }
  };
  await walk(join(root, sub));
  return out.sort();
}

async function readText(path: string): Promise<string | null> {
  return readFile(path, 'utf8').catch(() => null);
}

async function digestOf(path: string, alg: string): Promise<string | null> {
  const ok = await stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!ok) return null;
  const hash = createHash(alg);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
