import type { LedgerEntry } from './store.ts';

/** A signed statement of the ledger's state: its size and Merkle root at a time. */
export interface Checkpoint {
  /** The format tag, part of the signed message. */
  format: 'vigil-checkpoint/1';
  /** Names the log: `vigil/<key id>`. */
  origin: string;
  size: number;
  /** RFC 6962 Merkle tree hash over the first `size` entries, hex. */
  root: string;
  time: string;
  /** First 16 hex digits of SHA-256 over the signing key's SPKI DER. */
  keyId: string;
  /** The Ed25519 public key, SPKI DER in base64, so anyone can check the signature offline. */
  publicKey: string;
  /** Ed25519 signature over the checkpoint's signed message, base64. */
  signature: string;
}

/** One perfect-subtree hash of the Merkle tree (`level` 0 is a leaf). */
export interface TreeNode {
  level: number;
  index: number;
  hash: string;
}

/**
 * What the transparency log keeps beside its entries: a cache of perfect-subtree hashes (so a
 * proof at any size reads O(log n) hashes, not the whole log) and the signed checkpoints.
 * The cache holds only what can be recomputed from the entries; `vigil verify` recomputes it.
 */
export interface LedgerTreeStore {
  /** Leaf hashes of the entries with `fromSeq <= seq <= toSeq`, with their seq, in seq order. */
  leaves(fromSeq: number, toSeq: number): Promise<{ seq: number; leafHash: string }[]>;
  /** Every entry about these subjects, in seq order (to find the latest entry of a record). */
  entriesAbout(subjects: string[]): Promise<LedgerEntry[]>;
  /** The highest seq held (0 when empty). */
  lastSeq(): Promise<number>;
  /** Cached nodes at the given positions (missing ones are absent from the answer). */
  nodes(positions: { level: number; index: number }[]): Promise<TreeNode[]>;
  /** Cached nodes of one level with `fromIndex <= index < toIndex`, in index order. */
  levelRange(level: number, fromIndex: number, toIndex: number): Promise<TreeNode[]>;
  /** How many nodes of a level are cached (they are always a prefix: 0 .. count-1). */
  levelCount(level: number): Promise<number>;
  recordNodes(nodes: TreeNode[]): Promise<void>;
  /** Forgets the cache (verify found it wrong); it is rebuilt from the entries. */
  clearNodes(): Promise<void>;
  recordCheckpoint(checkpoint: Checkpoint): Promise<number>;
  /** Every checkpoint, oldest first, with its row id. */
  checkpoints(): Promise<(Checkpoint & { id: number })[]>;
}
