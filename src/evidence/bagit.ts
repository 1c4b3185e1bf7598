import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { ConfigError, IntegrityError, NotFoundError, UsageError } from '../errors.ts';
import { publishable } from '../ledger/checkpoint.ts';
import { ensureLedgerKey, loadLedgerKey } from '../ledger/keys.ts';
import { createCheckpoint, proveInclusion } from '../ledger/ledger-tree.ts';
import { familyOf } from '../ledger/verify-records.ts';
import type { LedgerEntry } from '../ports/store.ts';
import { appendCustody, type EvidenceDeps } from './custody.ts';
import { hashFile } from './hash-file.ts';

/** One ledger proof in a bag: which record file it is about, its entry, and its audit path. */
export interface BagProof {
  /** Path of the record's JSON under data/ ; `item` indexes into it when the file is a list. */
  file: string;
  item?: number;
  entry: Omit<LedgerEntry, 'leafHash'>;
  leafHash: string;
  index: number;
  proof: string[];
}

export interface BagResult {
  dir: string;
  evidence: number;
  payloadFiles: number;
  payloadBytes: number;
  checkpoint: { size: number; root: string; keyId: string };
}

const VERSION = '0.1.0';

/**
 * Writes an incident's evidence package as a BagIt bag (RFC 8493): the evidentiary files, the
 * incident and its claims, every item's record and custody chain, the links, and for each
 * record an inclusion proof leading to a checkpoint signed for the export. Each export is
 * recorded first as an `export` custody event of every item, so the bag carries its own export
 * in the chains it proves. The bag is written under a temporary name beside `dir` and renamed
 * into place when complete: nothing half written.
 */
export async function exportBag(
  deps: EvidenceDeps & { keysDir: string },
  input: { incidentId: string; dir: string; actor: string; reason?: string },
): Promise<BagResult> {
  const store = deps.store;
  const incident = await store.incidents.get(input.incidentId);
  if (!incident) throw new NotFoundError(`no incident ${input.incidentId}`);
  const target = resolve(input.dir);
  const existing = await readdir(target).catch(() => null);
  if (existing && existing.length > 0)
    throw new UsageError(`${input.dir} exists and is not empty; choose a new directory`);
  const items = await store.evidence.forIncident(incident.id);
  const at = deps.clock.now().toISOString();
  await store.atomically(async (tx) => {
    for (const item of items) {
      await appendCustody(tx, {
        evidenceId: item.id,
        action: 'export',
        actor: input.actor,
        at,
        reason: input.reason,
        detail: { incidentId: incident.id, format: 'BagIt 1.0', bag: basename(target) },
      });
    }
  });
  ensureLedgerKey(deps.keysDir);
  const tree = { ledger: store.ledger, ledgerTree: store.ledgerTree };
  let key: ReturnType<typeof loadLedgerKey>;
  try {
    key = loadLedgerKey(deps.keysDir);
  } catch (error) {
    throw new ConfigError(`cannot sign the bag's checkpoint: ${(error as Error).message}`);
  }
  const checkpoint = await createCheckpoint({ ...tree, key, clock: deps.clock });

  const work = join(dirname(target), `.${basename(target)}.partial-${randomBytes(4).toString('hex')}`);
  await mkdir(join(work, 'data'), { recursive: true });
  try {
    const files: { path: string; value: unknown }[] = [];
    const proofsFor: { file: string; item?: number; subject: string; family: string }[] = [];
    const addRecord = (path: string, value: unknown, family: string, subject: string) => {
      files.push({ path, value });
      proofsFor.push({ file: path, family, subject });
    };
    addRecord('records/incident.json', incident, 'incident', incident.id);
    for (const claim of await store.claims.get(incident.claimIds)) {
      addRecord(`records/claims/${safe(claim.id)}.json`, claim, 'claim', claim.id);
    }
    for (const pending of await store.pendingEvidence.forIncident(incident.id, { includeFulfilled: true })) {
      addRecord(`records/pending/${safe(pending.id)}.json`, pending, 'pending-evidence', pending.id);
    }
    for (const item of items) {
      addRecord(`records/evidence/${safe(item.id)}.json`, item, 'evidence', item.id);
      const link = (await store.evidence.linksOf(item.id)).find((l) => l.incidentId === incident.id);
      if (link) addRecord(`records/links/${safe(link.id)}.json`, link, 'evidence-link', link.id);
      const chain = await store.custody.chain(item.id);
      const chainPath = `custody/${safe(item.id)}.json`;
      files.push({ path: chainPath, value: chain });
      chain.forEach((event, i) => {
        proofsFor.push({ file: chainPath, item: i, family: 'custody', subject: event.id });
      });
      const dest = join(work, 'data', 'evidence', safe(item.id), safe(item.fileName) || 'file');
      await mkdir(dirname(dest), { recursive: true });
      await copyFile(deps.vault.pathOf(item.sha256), dest);
      const copied = await hashFile(dest);
      if (copied.sha256 !== item.sha256) {
        throw new IntegrityError(
          `the evidentiary copy of ${item.id} no longer matches its SHA-256; run \`vigil verify\` (no bag written)`,
        );
      }
    }

    // Each record's latest ledger entry, proved against the checkpoint signed above.
    const entries = await store.ledgerTree.entriesAbout([...new Set(proofsFor.map((p) => p.subject))]);
    const latest = new Map<string, LedgerEntry>();
    for (const e of entries) {
      if (e.seq <= checkpoint.size) latest.set(`${familyOf(e.kind)}\u0000${e.subject}`, e);
    }
    const proofs: BagProof[] = [];
    for (const want of proofsFor) {
      const entry = latest.get(`${want.family}\u0000${want.subject}`);
      if (!entry)
        throw new IntegrityError(`${want.family} ${want.subject} has no ledger entry; run \`vigil verify\``);
      const answer = await proveInclusion(tree, entry.seq, checkpoint.size);
      const { leafHash: leaf, ...fields } = answer.entry;
      proofs.push({
        file: want.file,
        ...(want.item !== undefined ? { item: want.item } : {}),
        entry: fields,
        leafHash: leaf,
        index: answer.index,
        proof: answer.proof,
      });
    }
    files.push({ path: 'ledger/checkpoint.json', value: publishable(checkpoint) });
    files.push({
      path: 'ledger/proofs.json',
      value: { treeSize: checkpoint.size, root: checkpoint.root, proofs },
    });
    for (const f of files) {
      const path = join(work, 'data', ...f.path.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, `${JSON.stringify(f.value, null, 2)}\n`);
    }
    await writeFile(join(work, 'data', 'README.txt'), readme(incident.id, checkpoint.keyId));

    const payload = await manifest(work, 'data');
    const bytes = payload.reduce((n, p) => n + p.size, 0);
    await writeFile(join(work, 'bagit.txt'), 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    await writeFile(
      join(work, 'bag-info.txt'),
      [
        `Bagging-Date: ${at.slice(0, 10)}`,
        `Bag-Software-Agent: vigil ${VERSION}`,
        `External-Identifier: ${incident.id}`,
        `External-Description: Evidence package for incident ${incident.id}: ${items.length} evidence item(s), records, custody chains and ledger inclusion proofs`,
        `Payload-Oxum: ${bytes}.${payload.length}`,
        `Vigil-Checkpoint-Size: ${checkpoint.size}`,
        `Vigil-Checkpoint-Root: ${checkpoint.root}`,
        `Vigil-Key-Id: ${checkpoint.keyId}`,
        '',
      ].join('\n'),
    );
    await writeFile(join(work, 'manifest-sha256.txt'), manifestText(payload, 'sha256'));
    await writeFile(join(work, 'manifest-md5.txt'), manifestText(payload, 'md5'));
    const tags = await Promise.all(
      ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt', 'manifest-md5.txt'].map(async (name) => ({
        path: name,
        ...(await hashFile(join(work, name), { md5: false })),
      })),
    );
    await writeFile(join(work, 'tagmanifest-sha256.txt'), manifestText(tags, 'sha256'));
    if (existing) await rm(target, { recursive: true, force: true });
    await rename(work, target);
    return {
      dir: target,
      evidence: items.length,
      payloadFiles: payload.length,
      payloadBytes: bytes,
      checkpoint: { size: checkpoint.size, root: checkpoint.root, keyId: checkpoint.keyId },
    };
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}

/** File names inside a bag: letters, digits, dot, dash and underscore only (no escaping needed). */
function safe(name: string): string {
  return name
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 120);
}

interface Hashed {
  path: string;
  sha256: string;
  md5: string | null;
  size: number;
}

/** Every file under root/sub, hashed (SHA-256 and MD5), paths relative to root with '/'. */
async function manifest(root: string, sub: string): Promise<Hashed[]> {
  const out: Hashed[] = [];
  const walk = async (dir: string) => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) {
        const h = await hashFile(path, { md5: true });
        out.push({ path: relative(root, path).split(sep).join('/'), ...h, size: (await stat(path)).size });
      }
    }
  };
  await walk(join(root, sub));
  return out;
}

function manifestText(
  files: { path: string; sha256: string; md5?: string | null }[],
  alg: 'sha256' | 'md5',
): string {
  return files.map((f) => `${alg === 'sha256' ? f.sha256 : f.md5}  ${f.path}\n`).join('');
}

function readme(incidentId: string, keyId: string): string {
  return `Evidence package for incident ${incidentId}, made by Vigil.

This is a BagIt bag (RFC 8493). To check that no file changed, run inside the bag:

    sha256sum -c manifest-sha256.txt

To check everything offline (the manifests, the records against their ledger entries, each
entry's inclusion proof, and the checkpoint's Ed25519 signature):

    vigil verify-bag <this directory>

data/evidence/      the evidentiary files, byte for byte as they were collected
data/records/       the incident, its claims, each item's record, links, pending evidence
data/custody/       each item's chain of custody (who did what, when, why)
data/ledger/        the signed checkpoint (key ${keyId}) and an RFC 6962 inclusion proof
                    for every record and custody event above

Compare the checkpoint's key id with the one the publisher announced elsewhere.
`;
}
