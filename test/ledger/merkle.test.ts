import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leafHash } from '../../src/ledger/canonical.ts';
import { MemoryTree } from '../../src/ledger/memory-tree.ts';
import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  nodeHash,
  nodesNeeded,
  rootAt,
  verifyConsistency,
  verifyInclusion,
} from '../../src/ledger/merkle.ts';

// The RFC 6962 reference leaves used by Certificate Transparency's implementations, and the
// published tree heads for sizes 1..8 and proofs over them (facts, reproduced as test vectors).
const INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const INCLUSION = [
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];
const CONSISTENCY = [
  {
    first: 2,
    second: 8,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    first: 6,
    second: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

const hex = (b: Buffer) => b.toString('hex');
const unhex = (s: string) => Buffer.from(s, 'hex');
const LEAVES = INPUTS.map((i) => unhex(leafHash(unhex(i))));

/** The RFC's definition written as directly as possible, to check the fast code against. */
function referenceRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

describe('RFC 6962 Merkle tree', () => {
  it('gives the published tree head for every size from 0 to 8', () => {
    const tree = MemoryTree.of(LEAVES);
    expect(hex(rootAt(tree, 0))).toBe(hex(EMPTY_ROOT));
    expect(hex(EMPTY_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    for (let n = 1; n <= 8; n++) expect(hex(rootAt(tree, n))).toBe(ROOTS[n - 1]);
  });

  it('gives the published inclusion proofs, and they verify', () => {
    const tree = MemoryTree.of(LEAVES);
    for (const v of INCLUSION) {
      expect(inclusionProof(tree, v.index, v.size).map(hex)).toEqual(v.proof);
      expect(
        verifyInclusion(LEAVES[v.index]!, v.index, v.size, v.proof.map(unhex), unhex(ROOTS[v.size - 1]!)),
      ).toBe(true);
    }
  });

  it('gives the published consistency proofs, and they verify', () => {
    const tree = MemoryTree.of(LEAVES);
    for (const v of CONSISTENCY) {
      expect(consistencyProof(tree, v.first, v.second).map(hex)).toEqual(v.proof);
      expect(
        verifyConsistency(
          v.first,
          v.second,
          unhex(ROOTS[v.first - 1]!),
          unhex(ROOTS[v.second - 1]!),
          v.proof.map(unhex),
        ),
      ).toBe(true);
    }
  });

  const many = Array.from({ length: 70 }, (_, i) => unhex(leafHash(`entry ${i}`)));
  const tree = MemoryTree.of(many);
  const roots = Array.from({ length: many.length + 1 }, (_, n) => referenceRoot(many.slice(0, n)));

  it('agrees with the RFC definition at every size, including ragged ones', () => {
    for (let n = 0; n <= many.length; n++) expect(hex(rootAt(tree, n))).toBe(hex(roots[n]!));
  });

  it('proves every leaf in every tree size, and rejects a proof for the wrong leaf or position', () => {
    for (let n = 1; n <= many.length; n++) {
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(tree, i, n);
        expect(verifyInclusion(many[i]!, i, n, proof, roots[n]!)).toBe(true);
        if (n > 1) {
          expect(verifyInclusion(many[(i + 1) % n]!, i, n, proof, roots[n]!)).toBe(false);
          expect(verifyInclusion(many[i]!, (i + 1) % n, n, proof, roots[n]!)).toBe(false);
        }
      }
    }
  });

  it('proves every smaller tree a prefix of every larger one, and rejects altered proofs', () => {
    for (let second = 1; second <= many.length; second++) {
      for (let first = 0; first <= second; first++) {
        const proof = consistencyProof(tree, first, second);
        expect(verifyConsistency(first, second, roots[first]!, roots[second]!, proof)).toBe(true);
        if (proof.length > 0) {
          const bent = proof.map((p) => Buffer.from(p));
          bent[0]![0]! ^= 1;
          expect(verifyConsistency(first, second, roots[first]!, roots[second]!, bent)).toBe(false);
          expect(verifyConsistency(first, second, roots[first]!, roots[second]!, proof.slice(1))).toBe(false);
        }
        if (first > 0 && first < second) {
          // A tree whose first entries differ is not an extension of the old one.
          expect(verifyConsistency(first, second, roots[first]!, roots[second - 1]!, proof)).toBe(false);
        }
      }
    }
  });

  it('reads only O(log n) perfect subtrees for a proof in a large tree', () => {
    const size = 1_000_003;
    const needed = nodesNeeded((r) => inclusionProof(r, 123_457, size));
    expect(needed.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(size)));
    const consistency = nodesNeeded((r) => consistencyProof(r, 500_001, size));
    expect(consistency.length).toBeLessThanOrEqual(3 * Math.ceil(Math.log2(size)));
  });

  it('refuses to build proofs outside the tree', () => {
    expect(() => inclusionProof(tree, 8, 8)).toThrow(RangeError);
    expect(() => consistencyProof(tree, 9, 8)).toThrow(RangeError);
  });
});
