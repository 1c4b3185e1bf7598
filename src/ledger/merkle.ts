import { createHash } from 'node:crypto';

/**
 * RFC 6962 / RFC 9162 Merkle tree math. Leaves are already-hashed (`leafHash` in
 * canonical.ts prefixes 0x00); interior nodes hash 0x01 || left || right. Every function here
 * reads the tree through a `NodeReader` that answers the hash of a *perfect* subtree (2^level
 * leaves starting at index * 2^level), so the same code runs over an in-memory tree
 * (verification, benchmarks) and over the stored subtree cache (proofs from the database).
 */
export interface NodeReader {
  perfect(level: number, index: number): Buffer;
}

export const HASH_BYTES = 32;
const NODE_PREFIX = Buffer.from([1]);

/** SHA-256 of the empty string: the root of an empty tree. */
export const EMPTY_ROOT = createHash('sha256').digest();

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** The largest power of two strictly below n (n >= 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}

/**
 * MTH(D[start:end]). The RFC's recursion only ever asks for ranges whose left part is a
 * perfect, aligned subtree, so each call costs O(log n) reads of cached perfect subtrees.
 */
export function subtreeHash(reader: NodeReader, start: number, end: number): Buffer {
  const n = end - start;
  if (n <= 0) throw new RangeError(`empty subtree [${start}, ${end})`);
  if (isPowerOfTwo(n)) {
    const level = Math.round(Math.log2(n));
    return reader.perfect(level, start / n);
  }
  const k = splitPoint(n);
  return nodeHash(subtreeHash(reader, start, start + k), subtreeHash(reader, start + k, end));
}

/** The tree head of the first `size` leaves. */
export function rootAt(reader: NodeReader, size: number): Buffer {
  return size === 0 ? Buffer.from(EMPTY_ROOT) : subtreeHash(reader, 0, size);
}

/** RFC 9162 §2.1.3.1 PATH(index, D[0:size]): the audit path of one leaf, leaf-side first. */
export function inclusionProof(reader: NodeReader, index: number, size: number): Buffer[] {
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  }
  const out: Buffer[] = [];
  const walk = (m: number, start: number, end: number): void => {
    const n = end - start;
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, start, start + k);
      out.push(subtreeHash(reader, start + k, end));
    } else {
      walk(m - k, start + k, end);
      out.push(subtreeHash(reader, start, start + k));
    }
  };
  walk(index, 0, size);
  return out;
}

/** RFC 9162 §2.1.4.1 PROOF(first, D[0:second]): that the first tree is a prefix of the second. */
export function consistencyProof(reader: NodeReader, first: number, second: number): Buffer[] {
  if (!Number.isInteger(first) || !Number.isInteger(second) || first < 0 || first > second) {
    throw new RangeError(`no consistency proof from size ${first} to size ${second}`);
  }
  const out: Buffer[] = [];
  if (first === 0 || first === second) return out;
  const sub = (m: number, start: number, end: number, whole: boolean): void => {
    const n = end - start;
    if (m === n) {
      if (!whole) out.push(subtreeHash(reader, start, end));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, start, start + k, whole);
      out.push(subtreeHash(reader, start + k, end));
    } else {
      sub(m - k, start + k, end, false);
      out.push(subtreeHash(reader, start, start + k));
    }
  };
  sub(first, 0, second, true);
  return out;
}

const isHash = (b: unknown): b is Buffer => Buffer.isBuffer(b) && b.length === HASH_BYTES;

/** RFC 9162 §2.1.3.2: whether `proof` proves `leaf` is at `index` in the tree with `root`. */
export function verifyInclusion(
  leaf: Buffer,
  index: number,
  size: number,
  proof: Buffer[],
  root: Buffer,
): boolean {
  if (!isHash(leaf) || !isHash(root) || !Array.isArray(proof) || !proof.every(isHash)) return false;
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2: whether `proof` proves the tree (first, firstRoot) is a prefix of (second, secondRoot). */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Buffer,
  secondRoot: Buffer,
  proof: Buffer[],
): boolean {
  if (!isHash(firstRoot) || !isHash(secondRoot) || !Array.isArray(proof) || !proof.every(isHash))
    return false;
  if (!Number.isInteger(first) || !Number.isInteger(second) || first < 0 || first > second) return false;
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  // Every tree extends the empty one; there is nothing to prove.
  if (first === 0) return proof.length === 0 && firstRoot.equals(EMPTY_ROOT);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}

/**
 * Every perfect subtree a computation reads, without hashing anything: runs `compute` over a
 * reader that records positions and answers zeros. The RFC algorithms' control flow depends
 * only on sizes and indices, never on hash values, so this is exactly the set a real run needs
 * — which lets a store-backed tree fetch them all in one query before computing.
 */
export function nodesNeeded(compute: (reader: NodeReader) => unknown): { level: number; index: number }[] {
  const seen = new Map<string, { level: number; index: number }>();
  const zero = Buffer.alloc(HASH_BYTES);
  compute({
    perfect(level, index) {
      seen.set(`${level}:${index}`, { level, index });
      return zero;
    },
  });
  return [...seen.values()];
}
