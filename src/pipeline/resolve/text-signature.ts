/**
 * Near-duplicate text by MinHash with locality-sensitive hashing (LSH) banding, over two
 * shingle sets per text:
 *
 * - `words`: word 3-grams. Wire copies and syndicated rewrites keep most of them.
 * - `skeleton`: 4-grams of the text's function words and numbers, with capitalised names cut to
 *   their first two letters and every run of other words collapsed to one `*`. Machine-spun
 *   clones swap content words for synonyms and garble names ("Jableh" → "Jablla"), but keep the
 *   grammar that holds the words together, so their skeletons stay alike.
 *
 * Thresholds (docs/resolution.md gives the measurements behind them): a report derives from
 * another when the estimated Jaccard similarity of their word shingles is at least
 * WORDS_THRESHOLD, or that of their skeletons at least SKELETON_THRESHOLD (with enough
 * skeleton shingles to judge). Banding (2 rows a band) finds pairs at those similarities with a
 * probability above 0.9 while comparing each report with a small fraction of the store.
 */

import { type Band, bandOf, SKELETON_BAND_SLOT } from '../../ports/resolution.ts';
import { Scratch } from './scratch.ts';
import {
  ASCII,
  asciiTokenHashes,
  fmix32,
  hashLower,
  hashString,
  skeletonTokens,
  tokens,
} from './text-tokens.ts';

export const WORD_SHINGLE = 3;
export const SKELETON_SHINGLE = 4;
export const WORD_HASHES = 32;
export const SKELETON_HASHES = 64;
export const ROWS_PER_BAND = 2;
export const WORDS_THRESHOLD = 0.5;
export const SKELETON_THRESHOLD = 0.2;
/** Below this many skeleton shingles a text is too short for the skeleton test. */
export const MIN_SKELETON_SHINGLES = 30;

export interface TextShingles {
  words: Set<number>;
  skeleton: Set<number>;
}

export interface Signatures {
  words: number[];
  skeleton: number[];
  skeletonSize: number;
  bands: Band[];
}

function gramHashes(list: string[], k: number, hash: (s: string) => number = hashString): Set<number> {
  return gramSet(list.map(hash), k);
}

function gramSet(hashes: ArrayLike<number>, k: number): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i + k <= hashes.length; i++) {
    let h = 0x9e3779b9;
    for (let j = 0; j < k; j++) h = fmix32((h ^ hashes[i + j]!) + j);
    out.add(h >>> 0);
  }
  return out;
}

export function shingles(text: string): TextShingles {
  const raw = tokens(text);
  return {
    words: gramHashes(raw, WORD_SHINGLE, hashLower),
    skeleton: gramHashes(skeletonTokens(raw), SKELETON_SHINGLE),
  };
}

/**
 * The k-gram hashes over a list of token hashes, as `gramHashes` gives them but in a typed array
 * and with repeats left in: MinHash keeps the least value per bin, which repeats do not change,
 * so only the count of distinct grams (`distinctCount`) needs them removed. Signing every report
 * is hot, and a Set of 32-bit numbers allocates one heap number for most of its entries.
 */
function gramArray(hashes: Uint32Array, k: number, scratch: Scratch): Uint32Array {
  const n = Math.max(0, hashes.length - k + 1);
  const out = scratch.take(n);
  for (let i = 0; i < n; i++) {
    let h = 0x9e3779b9;
    for (let j = 0; j < k; j++) h = fmix32((h ^ hashes[i + j]!) + j);
    out[i] = h;
  }
  return out;
}

// Reused across reports (`Scratch`): the grams of each kind, and the distinct-count table.
const WORD_GRAMS = new Scratch();
const SKELETON_GRAMS = new Scratch();
const SEEN = new Scratch();

/** How many distinct values a list holds (an open-addressing set in a reused typed array). */
function distinctCount(values: Uint32Array): number {
  let size = 16;
  while (size < values.length * 2) size *= 2;
  const table = SEEN.take(size).fill(0);
  const mask = size - 1;
  let count = 0;
  // 0 marks an empty slot, so a value of 0 is counted apart.
  let zero = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === 0) {
      zero = 1;
      continue;
    }
    let at = fmix32(v) & mask;
    for (;;) {
      const held = table[at]!;
      if (held === 0) {
        table[at] = v;
        count++;
        break;
      }
      if (held === v) break;
      at = (at + 1) & mask;
    }
  }
  return count + zero;
}

/** MinHash signatures and LSH band keys of a text. */
export function signatures(text: string): Signatures {
  let wordHashes: Uint32Array;
  let skeletonHashes: Uint32Array;
  if (ASCII.test(text)) ({ words: wordHashes, skeleton: skeletonHashes } = asciiTokenHashes(text));
  else {
    const raw = tokens(text);
    wordHashes = Uint32Array.from(raw, hashLower);
    skeletonHashes = Uint32Array.from(skeletonTokens(raw), hashString);
  }
  const wordGrams = gramArray(wordHashes, WORD_SHINGLE, WORD_GRAMS);
  const skeletonGrams = gramArray(skeletonHashes, SKELETON_SHINGLE, SKELETON_GRAMS);
  const words = minHashOf(wordGrams, WORD_HASHES, 0x2545f491);
  const skeleton = minHashOf(skeletonGrams, SKELETON_HASHES, 0x6c8e9cf5);
  const bands: Band[] = [];
  if (wordGrams.length > 0) bandsOf(0, words, bands);
  if (skeletonGrams.length > 0) bandsOf(SKELETON_BAND_SLOT, skeleton, bands);
  return { words, skeleton, skeletonSize: distinctCount(skeletonGrams), bands };
}

/** Appends a signature's bands, `ROWS_PER_BAND` values each, in slots from `firstSlot`. */
function bandsOf(firstSlot: number, sig: number[], out: Band[]): void {
  for (let b = 0; b * ROWS_PER_BAND < sig.length; b++) {
    let h = b + 1;
    for (let r = 0; r < ROWS_PER_BAND; r++) h = fmix32(h ^ sig[b * ROWS_PER_BAND + r]!);
    out.push(bandOf(firstSlot + b, h));
  }
}

/**
 * MinHash by one-permutation hashing with densification (Li, Owen & Zhang 2012; Shrivastava
 * 2017): each shingle is hashed once and falls into one of `count` bins, keeping the least
 * value per bin; an empty bin takes the value of a filled bin chosen by a probe order fixed by
 * the bin. Two texts agree in a bin with probability close to their Jaccard similarity, as with
 * `count` separate permutations, for one hash per shingle instead of `count`. `count` is a
 * power of two.
 */
export function minHash(set: Set<number>, count: number, seed: number): number[] {
  return minHashOf([...set], count, seed);
}

/** `minHash` over the values in an array (any order; repeats change nothing). */
function minHashOf(set: ArrayLike<number>, count: number, seed: number): number[] {
  const filled = new Array<number>(count).fill(EMPTY);
  if (set.length === 0) return filled;
  const bits = Math.log2(count);
  for (let k = 0; k < set.length; k++) {
    const x = set[k]!;
    const h = fmix32(x ^ seed);
    const bin = h & (count - 1);
    const value = h >>> bits;
    if (value < filled[bin]!) filled[bin] = value;
  }
  const sig = filled.slice();
  for (let i = 0; i < count; i++) {
    if (filled[i] !== EMPTY) continue;
    for (let attempt = 1; attempt < 64 * count; attempt++) {
      const j = fmix32(seed ^ Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca6b)) & (count - 1);
      if (filled[j] !== EMPTY) {
        // Salted by the bin it fills, so two texts agree here only when they agree at j.
        sig[i] = fmix32(filled[j]! ^ (i + 1)) >>> bits;
        break;
      }
    }
  }
  return sig;
}

const EMPTY = 0xffffffff;

/** Estimated Jaccard similarity: the share of positions where two signatures agree. */
export function estimateSimilarity(a: number[], b: number[]): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  if (a[0] === EMPTY || b[0] === EMPTY) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

export interface NearDuplicateVerdict {
  duplicate: boolean;
  words: number;
  skeleton: number;
  /** The similarity the verdict rests on. */
  similarity: number;
  by: 'words' | 'skeleton' | null;
}

/** Whether two texts' signatures make one a near-duplicate of the other. */
export function judgeNearDuplicate(
  a: { words: number[]; skeleton: number[] },
  b: { words: number[]; skeleton: number[] },
  skeletonSize = MIN_SKELETON_SHINGLES,
): NearDuplicateVerdict {
  const words = estimateSimilarity(a.words, b.words);
  const skeleton = estimateSimilarity(a.skeleton, b.skeleton);
  if (words >= WORDS_THRESHOLD) return { duplicate: true, words, skeleton, similarity: words, by: 'words' };
  if (skeletonSize >= MIN_SKELETON_SHINGLES && skeleton >= SKELETON_THRESHOLD) {
    return { duplicate: true, words, skeleton, similarity: skeleton, by: 'skeleton' };
  }
  return { duplicate: false, words, skeleton, similarity: Math.max(words, skeleton), by: null };
}

/**
 * Similarity of two short texts (two claims' sentences): exact Jaccard over word 2-grams and
 * over skeleton 3-grams, whichever is higher. Used to line up a copy's claims with the
 * original's; the sets are small, so no sampling is needed.
 */
export function sentenceSimilarity(a: string, b: string): number {
  const x = sentenceSets(a);
  const y = sentenceSets(b);
  return Math.max(sortedJaccard(x.words, y.words), sortedJaccard(x.skeleton, y.skeleton));
}

/** A sentence's gram hashes, each kind sorted and distinct (compared by merging, not hashing). */
interface SentenceGrams {
  words: number[];
  skeleton: number[];
}

const SENTENCE_GRAMS = new Scratch();

// A run compares each sentence with several others: memoise their grams (a bounded cache).
const sentenceCache = new Map<string, SentenceGrams>();
function sentenceSets(text: string): SentenceGrams {
  let grams = sentenceCache.get(text);
  if (!grams) {
    if (ASCII.test(text)) {
      // Grams straight from the hashes: no set of boxed numbers on the way (a copy's every claim
      // is compared with its original's).
      const hashes = asciiTokenHashes(text);
      grams = {
        words: sortedDistinct(gramArray(hashes.words, 2, SENTENCE_GRAMS)),
        skeleton: sortedDistinct(gramArray(hashes.skeleton, 3, SENTENCE_GRAMS)),
      };
    } else {
      const raw = tokens(text);
      grams = {
        words: sortedDistinct([...gramHashes(raw, 2, hashLower)]),
        skeleton: sortedDistinct([...gramHashes(skeletonTokens(raw), 3)]),
      };
    }
    if (sentenceCache.size > 5000) sentenceCache.clear();
    sentenceCache.set(text, grams);
  }
  return grams;
}

/**
 * The values sorted, each once, as a plain list: a sentence has a few dozen grams, sorted by
 * insertion (a typed array of this size is allocated outside the heap and its own sort calls out
 * of JavaScript, each costing several times the sorting).
 */
function sortedDistinct(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) out.push(values[i]!);
  if (out.length > 64) out.sort((x, y) => x - y);
  else {
    for (let i = 1; i < out.length; i++) {
      const v = out[i]!;
      let j = i - 1;
      while (j >= 0 && out[j]! > v) {
        out[j + 1] = out[j]!;
        j--;
      }
      out[j + 1] = v;
    }
  }
  let n = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[n - 1]) out[n++] = out[i]!;
  out.length = n;
  return out;
}

/** `jaccard` over two sorted lists of distinct values. */
function sortedJaccard(a: number[], b: number[]): number {
  if (a.length === 0 && b.length === 0) return 0;
  let inter = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return inter / (a.length + b.length - inter);
}

export function jaccard(a: Set<number>, b: Set<number>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}
