import { expandImportBatches } from '../interop/import-ledger.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import type { EvidenceVault } from '../ports/evidence-vault.ts';
import type { Checkpoint } from '../ports/ledger-tree-store.ts';
import type { Store } from '../ports/store.ts';
import { checkpointProblem } from './checkpoint.ts';
import { keyPermissionProblem, loadLedgerPublicKey } from './keys.ts';
import { TILE_LEVEL } from './ledger-tree.ts';
import type { MemoryTree } from './memory-tree.ts';
import { consistencyProof, rootAt, verifyConsistency } from './merkle.ts';
import { checkBlobs } from './verify-blobs.ts';
import { checkRecords, type LatestEntry, scanLedger } from './verify-records.ts';

/** One thing found wrong, named by what it is and where. */
export interface Finding {
  area: 'blob' | 'evidence-file' | 'record' | 'ledger' | 'tree' | 'checkpoint' | 'since' | 'key';
  /** What it concerns: `ledger entry #12`, `incident inc-…`, `checkpoint #3 (size 40)`. */
  where: string;
  what: string;
}

export interface VerifyReport {
  ok: boolean;
  failures: Finding[];
  /** Facts worth knowing that are not failures (entries since the last checkpoint, …). */
  notes: string[];
  size: number;
  root: string;
  counts: {
    entries: number;
    records: number;
    blobs: number;
    evidenceFiles: number;
    checkpoints: number;
  };
}

export interface VerifyDeps {
  store: Store;
  blobs: BlobStore;
  vault: EvidenceVault;
  /** Where the log's key lives (its public half checks the checkpoints). */
  keysDir: string;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface VerifyOptions {
  /** A checkpoint published earlier: prove the log only grew since. */
  since?: Checkpoint;
  /** Skip re-hashing the files (the ledger and the records are still checked). */
  skipFiles?: boolean;
}

/**
 * Checks everything that can be checked, and names every failure:
 *
 * 1. every ledger entry's leaf hash against its own fields, and that seq runs 1..n with no gap;
 * 2. the Merkle tree rebuilt from those recomputed leaves, against the stored subtree cache;
 * 3. every stored checkpoint: its signature, that it is signed by this log's key, that the log
 *    still has its entries, and that their root is still its root;
 * 4. with `since`, that the log is an extension of that published checkpoint (consistency proof);
 * 5. every stored record (reports, claims, incidents, evidence, custody, links, pending
 *    evidence, working copies, accounts, tokens, settings, intakes) against the latest ledger
 *    entry for it, and the store's own query columns against each record;
 * 6. every original blob and every evidentiary or working copy, re-hashed from disk.
 */
export async function runVerify(deps: VerifyDeps, options: VerifyOptions = {}): Promise<VerifyReport> {
  const failures: Finding[] = [];
  const notes: string[] = [];

  const { tree, latest, entries } = await scanLedger(deps.store, failures, deps.onProgress);
  // One `import.batch` entry stands for every record of its 2,000 rows (docs/interop.md).
  await expandImportBatches(deps.store, latest);
  const size = tree.size;
  const root = rootAt(tree, size).toString('hex');

  await checkCache(deps.store, tree, failures);
  const checkpoints = await checkCheckpoints(deps, tree, failures, notes);
  if (options.since) checkSince(deps, tree, options.since, failures, notes);

  const records = await checkRecords(
    deps.store,
    latest as Map<string, LatestEntry>,
    failures,
    notes,
    deps.onProgress,
  );
  const files = options.skipFiles ? { blobs: 0, evidenceFiles: 0 } : await checkBlobs(deps, failures, notes);
  if (options.skipFiles) notes.push('files were not re-hashed (--skip-files)');

  return {
    ok: failures.length === 0,
    failures,
    notes,
    size,
    root,
    counts: { entries, records, blobs: files.blobs, evidenceFiles: files.evidenceFiles, checkpoints },
  };
}

/** The cached perfect subtrees must be exactly the ones rebuilt from the entries. */
async function checkCache(store: Store, tree: MemoryTree, failures: Finding[]): Promise<void> {
  for (let level = 0; level < 64; level++) {
    const cached = await store.ledgerTree.levelCount(level);
    if (cached === 0 && level > TILE_LEVEL) break;
    for (let from = 0; from < cached; from += 4096) {
      for (const node of await store.ledgerTree.levelRange(level, from, from + 4096)) {
        const where = `subtree cache level ${level}, index ${node.index}`;
        if (node.index >= tree.levelSize(level)) {
          failures.push({
            area: 'tree',
            where,
            what: 'covers entries the ledger no longer has (entries were removed)',
          });
        } else if (tree.perfect(level, node.index).toString('hex') !== node.hash) {
          failures.push({
            area: 'tree',
            where,
            what: 'differs from the hash rebuilt from the ledger entries',
          });
        }
      }
    }
  }
}

async function checkCheckpoints(
  deps: VerifyDeps,
  tree: MemoryTree,
  failures: Finding[],
  notes: string[],
): Promise<number> {
  const own = loadLedgerPublicKey(deps.keysDir);
  const permission = keyPermissionProblem(deps.keysDir);
  if (permission) failures.push({ area: 'key', where: deps.keysDir, what: permission });
  const list = await deps.store.ledgerTree.checkpoints();
  if (!own && list.length > 0) {
    failures.push({
      area: 'key',
      where: deps.keysDir,
      what: "the log's public key is missing: checkpoints cannot be checked",
    });
  }
  let previous: (Checkpoint & { id: number }) | null = null;
  for (const cp of list) {
    const where = `checkpoint #${cp.id} (size ${cp.size}, ${cp.time})`;
    const problem = checkpointProblem(cp);
    if (problem) failures.push({ area: 'checkpoint', where, what: problem });
    else if (own && cp.keyId !== own.keyId) {
      failures.push({
        area: 'checkpoint',
        where,
        what: `is signed by key ${cp.keyId}, not this log's key ${own.keyId}`,
      });
    }
    if (cp.size > tree.size) {
      failures.push({
        area: 'checkpoint',
        where,
        what: `says the log had ${cp.size} entries, but it has ${tree.size}: entries were removed`,
      });
    } else if (rootAt(tree, cp.size).toString('hex') !== cp.root) {
      failures.push({
        area: 'checkpoint',
        where,
        what: `the first ${cp.size} entries no longer hash to its root: entries were changed, removed or reordered`,
      });
    }
    if (previous && cp.size < previous.size) {
      failures.push({
        area: 'checkpoint',
        where,
        what: `is smaller than the earlier checkpoint #${previous.id} (size ${previous.size}): the log was truncated and signed again`,
      });
    }
    previous = cp;
  }
  const last = list.at(-1);
  if (!last) notes.push('no checkpoint has been signed yet (`vigil ledger checkpoint`)');
  else if (last.size < tree.size)
    notes.push(`${tree.size - last.size} entries are newer than the latest checkpoint`);
  return list.length;
}

function checkSince(
  deps: VerifyDeps,
  tree: MemoryTree,
  since: Checkpoint,
  failures: Finding[],
  notes: string[],
): void {
  const where = `published checkpoint (size ${since.size}, ${since.time})`;
  const problem = checkpointProblem(since);
  if (problem) {
    failures.push({ area: 'since', where, what: problem });
    return;
  }
  const own = loadLedgerPublicKey(deps.keysDir);
  if (own && own.keyId !== since.keyId) {
    failures.push({
      area: 'since',
      where,
      what: `is signed by key ${since.keyId}, but this log's key is ${own.keyId}: the signing key was replaced or it is another log`,
    });
    return;
  }
  if (since.size > tree.size) {
    failures.push({
      area: 'since',
      where,
      what: `the log has ${tree.size} entries, fewer than the ${since.size} it had when published: it was truncated`,
    });
    return;
  }
  const proof = consistencyProof(tree, since.size, tree.size);
  const current = rootAt(tree, tree.size);
  if (!verifyConsistency(since.size, tree.size, Buffer.from(since.root, 'hex'), current, proof)) {
    failures.push({
      area: 'since',
      where,
      what: `the log is not an extension of it: its first ${since.size} entries now hash to ${rootAt(
        tree,
        since.size,
      ).toString('hex')}, not ${since.root}`,
    });
    return;
  }
  notes.push(
    `the log only grew since the published checkpoint: ${since.size} → ${tree.size} entries (consistency proof of ${proof.length} hashes verified)`,
  );
}
