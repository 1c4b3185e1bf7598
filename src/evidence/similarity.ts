import type { Fingerprint } from '../ports/evidence-store.ts';
import { hamming } from './perceptual-hash.ts';

/**
 * The perceptual hashes of one item: one frame for a still image, one per sampled key frame
 * for a video; `dhash[i]` and `phash[i]` describe the same frame.
 */
export interface PerceptualPrint {
  dhash: string[];
  phash: string[];
}

/** A near-duplicate or related item found when another was added. */
export interface Relation {
  id: string;
  /** The smallest pHash distance between any frame of the two (bits, 0..64). */
  distance: number;
  kind: 'duplicate' | 'related';
}

/**
 * Documented distances (Hamming, of 64 bits; unrelated images average about 32):
 *
 * - two frames are *the same picture* when pHash ≤ 8 and dHash ≤ 10 — what resizing,
 *   recompressing, a light colour change or a thin border leave;
 * - two frames *resemble* each other when pHash ≤ 18 and dHash ≤ 20 — a crop of a fifth
 *   of the picture, an overlay, a different frame of the same scene (tuned on synthetic
 *   scenes: a 20% crop measures about 18 and 10; unrelated scenes 28 to 37);
 * - an item is a **possible duplicate** of another when at least 60% of the frames of each
 *   are the same picture as some frame of the other (for two stills: the one frame);
 * - otherwise it is **possibly related** when any frame of one resembles any frame of the
 *   other (a still taken from a video, a crop of a photo).
 */
export const SAME_PHASH = 8;
export const SAME_DHASH = 10;
export const RESEMBLE_PHASH = 18;
export const RESEMBLE_DHASH = 20;
export const DUPLICATE_SHARE = 0.6;

export function compare(
  a: PerceptualPrint,
  b: PerceptualPrint,
): { kind: Relation['kind'] | null; distance: number } {
  const n = a.phash.length;
  const m = b.phash.length;
  if (n === 0 || m === 0) return { kind: null, distance: 64 };
  const sameA = new Array<boolean>(n).fill(false);
  const sameB = new Array<boolean>(m).fill(false);
  let best = 64;
  let resembles = false;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const dp = hamming(a.phash[i]!, b.phash[j]!);
      const dd = hamming(a.dhash[i]!, b.dhash[j]!);
      if (dp < best) best = dp;
      if (dp <= SAME_PHASH && dd <= SAME_DHASH) {
        sameA[i] = true;
        sameB[j] = true;
      }
      if (dp <= RESEMBLE_PHASH && dd <= RESEMBLE_DHASH) resembles = true;
    }
  }
  const share = (flags: boolean[]) => flags.filter(Boolean).length / flags.length;
  if (share(sameA) >= DUPLICATE_SHARE && share(sameB) >= DUPLICATE_SHARE)
    return { kind: 'duplicate', distance: best };
  if (resembles) return { kind: 'related', distance: best };
  return { kind: null, distance: best };
}

/** Groups stored fingerprint rows by item. */
export function printsByItem(rows: Fingerprint[]): Map<string, PerceptualPrint> {
  const out = new Map<string, PerceptualPrint>();
  for (const r of rows) {
    const p = out.get(r.evidenceId) ?? { dhash: [], phash: [] };
    p[r.kind][r.frame] = r.hash;
    out.set(r.evidenceId, p);
  }
  return out;
}

/**
 * Every held item that is a possible duplicate of, or possibly related to, `mine`: duplicates
 * first, then by distance. A linear scan (each comparison is a few XORs per frame pair):
 * about a million single-frame items a second; an index (a BK-tree) can replace it if vaults
 * grow far beyond that.
 */
export function findRelated(
  mine: PerceptualPrint,
  held: Map<string, PerceptualPrint>,
  self?: string,
): Relation[] {
  const out: Relation[] = [];
  for (const [id, print] of held) {
    if (id === self) continue;
    const { kind, distance } = compare(mine, print);
    if (kind) out.push({ id, distance, kind });
  }
  return out.sort(
    (x, y) =>
      (x.kind === y.kind ? 0 : x.kind === 'duplicate' ? -1 : 1) ||
      x.distance - y.distance ||
      (x.id < y.id ? -1 : 1),
  );
}

/** The fingerprint rows of an item's print. */
export function fingerprintRows(evidenceId: string, print: PerceptualPrint): Fingerprint[] {
  return [
    ...print.dhash.map((hash, frame) => ({ evidenceId, kind: 'dhash' as const, frame, hash })),
    ...print.phash.map((hash, frame) => ({ evidenceId, kind: 'phash' as const, frame, hash })),
  ];
}
