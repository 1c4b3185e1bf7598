import { createHash } from 'node:crypto';
import { HASH_BYTES, type NodeReader } from './merkle.ts';

const NODE_PREFIX = Buffer.from([1]);

/**
 * A Merkle tree held in memory as one contiguous buffer per level: level 0 the leaf hashes,
 * level l the floor(n / 2^l) perfect subtrees of 2^l leaves. Building it hashes each interior
 * node once (n - 1 hashes, O(n)), after which any root or proof reads O(log n) cached nodes.
 * Memory: about 64 bytes a leaf (32 MB leaves + 32 MB interior at a million entries).
 */
export class MemoryTree implements NodeReader {
  private readonly levels: Buffer[] = [];
  private count = 0;

  constructor(capacity = 1024) {
    this.levels.push(Buffer.alloc(capacity * HASH_BYTES));
  }

  static of(leaves: Iterable<Buffer>): MemoryTree {
    const tree = new MemoryTree();
    for (const leaf of leaves) tree.append(leaf);
    return tree;
  }

  get size(): number {
    return this.count;
  }

  /** Appends a leaf hash and completes every perfect subtree it closes (amortised O(1)). */
  append(leaf: Buffer): void {
    if (leaf.length !== HASH_BYTES) throw new TypeError('a leaf hash is 32 bytes');
    this.put(0, this.count, leaf);
    this.count++;
    let level = 0;
    let index = this.count - 1;
    while (index % 2 === 1) {
      const left = this.levels[level]!.subarray((index - 1) * HASH_BYTES, index * HASH_BYTES);
      const right = this.levels[level]!.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
      const parent = createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
      level++;
      index = (index - 1) / 2;
      this.put(level, index, parent);
    }
  }

  perfect(level: number, index: number): Buffer {
    const width = 2 ** level;
    if ((index + 1) * width > this.count || !this.levels[level]) {
      throw new RangeError(`no perfect subtree at level ${level}, index ${index} in a tree of ${this.count}`);
    }
    return this.levels[level]!.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
  }

  /** How many perfect subtrees a level holds. */
  levelSize(level: number): number {
    return Math.floor(this.count / 2 ** level);
  }

  private put(level: number, index: number, hash: Buffer): void {
    let buf = this.levels[level];
    const need = (index + 1) * HASH_BYTES;
    if (!buf || buf.length < need) {
      const grown = Buffer.alloc(Math.max(need, (buf?.length ?? HASH_BYTES * 64) * 2));
      buf?.copy(grown);
      buf = grown;
      this.levels[level] = buf;
    }
    hash.copy(buf, index * HASH_BYTES);
  }
}
