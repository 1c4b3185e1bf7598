import { IntegrityError, UsageError } from '../errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { Checkpoint, LedgerTreeStore, TreeNode } from '../ports/ledger-tree-store.ts';
import type { LedgerEntry, LedgerStore } from '../ports/store.ts';
import { signCheckpoint } from './checkpoint.ts';
import type { LedgerKey } from './keys.ts';
import { MemoryTree } from './memory-tree.ts';
import {
  consistencyProof,
  inclusionProof,
  type NodeReader,
  nodeHash,
  nodesNeeded,
  rootAt,
} from './merkle.ts';

/**
 * The transparency log over the stored ledger. Perfect subtrees of 2^TILE_LEVEL leaves and
 * above are cached in the store (about n/8 rows for n entries); smaller ones are recomputed
 * from the at most two 16-leaf tiles a proof touches. So a root or a proof at any size reads
 * O(log n) cached hashes plus two tiles, whatever the size of the log, and bringing the cache
 * up to date after appends hashes only the new entries (each interior node is hashed once).
 */
export const TILE_LEVEL = 4;
const TILE = 2 ** TILE_LEVEL;
/** Tiles hashed per round trip while catching the cache up (bounded memory). */
const SYNC_TILES = 1024;

export interface LedgerTreeDeps {
  ledger: LedgerStore;
  ledgerTree: LedgerTreeStore;
}

/** How many entries the log has, refusing a log with a gap (a deleted entry) or a bad order. */
export async function treeSize(deps: LedgerTreeDeps): Promise<number> {
  const [count, last] = await Promise.all([deps.ledger.size(), deps.ledgerTree.lastSeq()]);
  if (count !== last) {
    throw new IntegrityError(
      `the ledger has ${count} entries but its last is #${last}: entries are missing; run \`vigil verify\``,
    );
  }
  return count;
}

/**
 * How many tiles each store's cache is known to cover, so that repeated proofs in one process
 * skip the catch-up queries. The cache only ever grows, so a stale figure is merely low.
 */
const synced = new WeakMap<LedgerTreeStore, number>();

/** Brings the subtree cache up to `size` leaves (idempotent; concurrent runs are harmless). */
export async function syncTree(deps: LedgerTreeDeps, size: number): Promise<void> {
  const store = deps.ledgerTree;
  const tiles = Math.floor(size / TILE);
  if ((synced.get(store) ?? -1) >= tiles) return;
  let have = await store.levelCount(TILE_LEVEL);
  while (have < tiles) {
    const upTo = Math.min(tiles, have + SYNC_TILES);
    const leaves = await store.leaves(have * TILE + 1, upTo * TILE);
    expectContiguous(leaves, have * TILE + 1, upTo * TILE);
    const fresh: TreeNode[] = [];
    for (let t = have; t < upTo; t++) {
      const tile = MemoryTree.of(
        leaves.slice((t - have) * TILE, (t - have + 1) * TILE).map((l) => Buffer.from(l.leafHash, 'hex')),
      );
      fresh.push({ level: TILE_LEVEL, index: t, hash: tile.perfect(TILE_LEVEL, 0).toString('hex') });
    }
    await store.recordNodes(fresh);
    have = upTo;
  }
  // Each higher level from the one below: level l holds floor(tiles / 2^(l - TILE_LEVEL)) nodes.
  for (let level = TILE_LEVEL + 1; Math.floor(tiles / 2 ** (level - TILE_LEVEL)) > 0; level++) {
    const want = Math.floor(tiles / 2 ** (level - TILE_LEVEL));
    let done = await store.levelCount(level);
    while (done < want) {
      const upTo = Math.min(want, done + 4096);
      const children = await store.levelRange(level - 1, done * 2, upTo * 2);
      const fresh: TreeNode[] = [];
      for (let i = done; i < upTo; i++) {
        const left = children[(i - done) * 2];
        const right = children[(i - done) * 2 + 1];
        if (!left || !right || left.index !== i * 2 || right.index !== i * 2 + 1) {
          throw new IntegrityError(
            `the ledger's subtree cache is incomplete at level ${level - 1}; run \`vigil verify\``,
          );
        }
        fresh.push({
          level,
          index: i,
          hash: nodeHash(Buffer.from(left.hash, 'hex'), Buffer.from(right.hash, 'hex')).toString('hex'),
        });
      }
      await store.recordNodes(fresh);
      done = upTo;
    }
  }
  synced.set(store, Math.max(synced.get(store) ?? 0, tiles));
}

function expectContiguous(leaves: { seq: number }[], from: number, to: number): void {
  if (leaves.length === to - from + 1 && leaves.every((l, i) => l.seq === from + i)) return;
  const missing = leaves.findIndex((l, i) => l.seq !== from + i);
  const seq = missing === -1 ? from + leaves.length : from + missing;
  throw new IntegrityError(`ledger entry #${seq} is missing; run \`vigil verify\``);
}

/**
 * A reader over the stored tree for one computation at `size`: fetches exactly the perfect
 * subtrees the computation needs (found by a dry run, see `nodesNeeded`) in a few queries.
 */
async function readerFor(
  deps: LedgerTreeDeps,
  size: number,
  compute: (r: NodeReader) => unknown,
): Promise<NodeReader> {
  const needed = nodesNeeded(compute);
  const cached = new Map<string, Buffer>();
  const high = needed.filter((p) => p.level >= TILE_LEVEL);
  for (const node of await deps.ledgerTree.nodes(high)) {
    cached.set(`${node.level}:${node.index}`, Buffer.from(node.hash, 'hex'));
  }
  const tiles = new Map<number, MemoryTree>();
  for (const p of needed.filter((q) => q.level < TILE_LEVEL)) {
    const tile = Math.floor((p.index * 2 ** p.level) / TILE);
    if (tiles.has(tile)) continue;
    const from = tile * TILE + 1;
    const to = Math.min(size, (tile + 1) * TILE);
    const leaves = await deps.ledgerTree.leaves(from, to);
    expectContiguous(leaves, from, to);
    tiles.set(tile, MemoryTree.of(leaves.map((l) => Buffer.from(l.leafHash, 'hex'))));
  }
  return {
    perfect(level, index) {
      if (level >= TILE_LEVEL) {
        const hit = cached.get(`${level}:${index}`);
        if (!hit) throw new IntegrityError(`the ledger's subtree cache lacks level ${level}, index ${index}`);
        return hit;
      }
      const first = index * 2 ** level;
      const tile = Math.floor(first / TILE);
      return tiles.get(tile)!.perfect(level, (first - tile * TILE) / 2 ** level);
    },
  };
}

async function compute<T>(deps: LedgerTreeDeps, size: number, f: (r: NodeReader) => T): Promise<T> {
  await syncTree(deps, size);
  return f(await readerFor(deps, size, f));
}

/** The Merkle root of the first `size` entries. */
export async function storedRoot(deps: LedgerTreeDeps, size: number): Promise<Buffer> {
  return compute(deps, size, (r) => rootAt(r, size));
}

export interface InclusionAnswer {
  entry: LedgerEntry;
  /** Zero-based leaf index (seq - 1). */
  index: number;
  size: number;
  root: string;
  proof: string[];
}

/** The inclusion proof of entry `seq` in the tree of the first `size` entries (default: all). */
export async function proveInclusion(
  deps: LedgerTreeDeps,
  seq: number,
  size?: number,
): Promise<InclusionAnswer> {
  // The last seq, not a full count: every tile a proof reads is checked for gaps as it is read.
  const total = await deps.ledgerTree.lastSeq();
  const n = size ?? total;
  if (!Number.isInteger(seq) || seq < 1 || seq > total) {
    throw new UsageError(`there is no ledger entry #${seq} (the ledger has ${total})`);
  }
  if (!Number.isInteger(n) || n < seq || n > total) {
    throw new UsageError(`--size must be between ${seq} and ${total}, got ${size}`);
  }
  const [entry] = await deps.ledger.range(seq, seq);
  const index = seq - 1;
  const { proof, root } = await compute(deps, n, (r) => ({
    proof: inclusionProof(r, index, n),
    root: rootAt(r, n),
  }));
  return {
    entry: entry!,
    index,
    size: n,
    root: root.toString('hex'),
    proof: proof.map((p) => p.toString('hex')),
  };
}

export interface ConsistencyAnswer {
  first: number;
  second: number;
  firstRoot: string;
  secondRoot: string;
  proof: string[];
}

/** The consistency proof from the tree of `first` entries to the tree of `second`. */
export async function proveConsistency(
  deps: LedgerTreeDeps,
  first: number,
  second: number,
): Promise<ConsistencyAnswer> {
  const total = await deps.ledgerTree.lastSeq();
  if (
    !Number.isInteger(first) ||
    !Number.isInteger(second) ||
    first < 0 ||
    first > second ||
    second > total
  ) {
    throw new UsageError(`need 0 <= OLD <= NEW <= ${total} (the ledger's size), got ${first} and ${second}`);
  }
  const answer = await compute(deps, second, (r) => ({
    proof: consistencyProof(r, first, second),
    firstRoot: rootAt(r, first),
    secondRoot: rootAt(r, second),
  }));
  return {
    first,
    second,
    firstRoot: answer.firstRoot.toString('hex'),
    secondRoot: answer.secondRoot.toString('hex'),
    proof: answer.proof.map((p) => p.toString('hex')),
  };
}

/**
 * Signs and stores a checkpoint of the whole log. Refuses to sign a log that is not an
 * extension of its latest checkpoint: a signature must never bless a rewritten history.
 */
export async function createCheckpoint(
  deps: LedgerTreeDeps & { key: LedgerKey; clock: Clock },
): Promise<Checkpoint & { id: number }> {
  const size = await treeSize(deps);
  const previous = (await deps.ledgerTree.checkpoints()).at(-1);
  if (previous) {
    const extends_ =
      previous.size <= size && (await storedRoot(deps, previous.size)).toString('hex') === previous.root;
    if (!extends_) {
      throw new IntegrityError(
        `refusing to sign: the log is not an extension of checkpoint #${previous.id} (size ${previous.size}); run \`vigil verify\``,
      );
    }
  }
  const root = await storedRoot(deps, size);
  const checkpoint = signCheckpoint(deps.key, size, root.toString('hex'), deps.clock.now().toISOString());
  const id = await deps.ledgerTree.recordCheckpoint(checkpoint);
  return { ...checkpoint, id };
}
