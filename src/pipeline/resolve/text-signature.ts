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

import { Scratch } from './scratch.ts';

export const WORD_SHINGLE = 3;
export const SKELETON_SHINGLE = 4;
export const WORD_HASHES = 32;
export const SKELETON_HASHES = 64;
export const ROWS_PER_BAND = 2;
export const WORDS_THRESHOLD = 0.5;
export const SKELETON_THRESHOLD = 0.2;
/** Below this many skeleton shingles a text is too short for the skeleton test. */
export const MIN_SKELETON_SHINGLES = 30;

const STOPWORDS = new Set(
  `a an the of in on at to for from by with without about into onto over under after before since until
  as than that this these those which who whom whose what when where why how and or but nor not no so if
  then there here it its he she they them their his her we our us you your i me my be is are was were been
  being has have had do does did will would shall should can could may might must said says say told also
  only just very more most many much some any all each every both few other such own same too up down out
  off again once while during between through against among per via`.split(/\s+/),
);

export interface TextShingles {
  words: Set<number>;
  skeleton: Set<number>;
}

export interface Signatures {
  words: number[];
  skeleton: number[];
  skeletonSize: number;
  bands: string[];
}

const ASCII = /^[\x00-\x7f]*$/;

/** Folds case and accents so "Bāniyās" and "baniyas" are one token. */
export function tokens(text: string): string[] {
  // Plain ASCII needs no folding, and most text is; its letters and digits are [A-Za-z0-9], which
  // a plain pattern matches several times faster than Unicode property classes.
  if (ASCII.test(text)) return text.match(/[A-Za-z0-9]+/g) ?? [];
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '');
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

function isDigits(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 48 || c > 57) return /^\p{N}+$/u.test(word);
  }
  return true;
}

function startsUpper(word: string): boolean {
  const c = word.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  return /^\p{Lu}/u.test(word);
}

function skeletonToken(word: string): string {
  const lower = word.toLowerCase();
  if (STOPWORDS.has(lower) || isDigits(lower)) return lower;
  if (startsUpper(word)) return `N${lower.slice(0, 2)}`;
  return '*';
}

// Words repeat: memoise each word's skeleton token (a bounded cache; signing every report is hot).
const skeletonOf = new Map<string, string>();

function skeletonTokens(raw: string[]): string[] {
  const out: string[] = [];
  for (const word of raw) {
    let t = skeletonOf.get(word);
    if (t === undefined) {
      t = skeletonToken(word);
      if (skeletonOf.size > 100_000) skeletonOf.clear();
      skeletonOf.set(word, t);
    }
    if (t === '*' && out[out.length - 1] === '*') continue;
    out.push(t);
  }
  return out;
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
 * The distinct k-gram hashes over a list of token hashes, as `gramHashes` gives them but in a
 * sorted typed array: signing every report is hot, and a Set of 32-bit numbers allocates one heap
 * number for most of its entries.
 */
function gramArray(hashes: Uint32Array, k: number, scratch: Scratch): Uint32Array {
  const n = Math.max(0, hashes.length - k + 1);
  const out = scratch.take(n);
  for (let i = 0; i < n; i++) {
    let h = 0x9e3779b9;
    for (let j = 0; j < k; j++) h = fmix32((h ^ hashes[i + j]!) + j);
    out[i] = h;
  }
  out.sort();
  let size = 0;
  for (let i = 0; i < n; i++) if (i === 0 || out[i] !== out[i - 1]) out[size++] = out[i]!;
  return out.subarray(0, size);
}

// Signing allocates four arrays the size of the text otherwise: they are reused (`Scratch`).
const WORD_SCRATCH = new Scratch();
const SKELETON_SCRATCH = new Scratch();
const WORD_GRAMS = new Scratch();
const SKELETON_GRAMS = new Scratch();

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Stop words by the hash of their (lower-case) text, to test a word without slicing it out. */
const STOPWORD_BY_HASH = new Map([...STOPWORDS].map((w) => [hashString(w), w]));
// Two stop words sharing a hash would make one of them unrecognisable; they do not.
if (STOPWORD_BY_HASH.size !== STOPWORDS.size) throw new Error('stop word hashes collide');
const STAR_HASH = hashString('*');

/**
 * The token hashes `signatures` needs, read straight off an ASCII text: each word's
 * `hashLower`, and each skeleton token's `hashString` (runs of "*" collapsed) — the same values
 * `tokens`, `skeletonTokens` and the hash functions give, without making a string per word.
 */
function asciiTokenHashes(text: string): { words: Uint32Array; skeleton: Uint32Array } {
  const words = WORD_SCRATCH.take((text.length >> 1) + 1);
  const skeleton = SKELETON_SCRATCH.take((text.length >> 1) + 1);
  let nw = 0;
  let ns = 0;
  let lastStar = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alnum) {
      i++;
      continue;
    }
    const start = i;
    const upper = c >= 65 && c <= 90;
    let h = FNV_OFFSET;
    let digits = true;
    // "N" and the word's first two letters, lower-cased: a name's skeleton token.
    let name = Math.imul(FNV_OFFSET ^ 78, FNV_PRIME);
    for (; i < n; i++) {
      c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) c += 32;
      else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 122))) break;
      if (c > 57) digits = false;
      h = Math.imul(h ^ c, FNV_PRIME);
      if (i - start < 2) name = Math.imul(name ^ c, FNV_PRIME);
    }
    const lower = h >>> 0;
    words[nw++] = lower;
    let token: number;
    const stop = STOPWORD_BY_HASH.get(lower);
    if (digits || (stop !== undefined && sameLower(text, start, i, stop))) token = lower;
    else if (upper) token = name >>> 0;
    else token = STAR_HASH;
    if (token === STAR_HASH) {
      if (lastStar) continue;
      lastStar = true;
    } else lastStar = false;
    skeleton[ns++] = token;
  }
  return { words: words.subarray(0, nw), skeleton: skeleton.subarray(0, ns) };
}

/** Whether text[start, end) is `word` (lower-case ASCII), ignoring case. */
function sameLower(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== word.charCodeAt(i - start)) return false;
  }
  return true;
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
  const wordSet = gramArray(wordHashes, WORD_SHINGLE, WORD_GRAMS);
  const skeletonSet = gramArray(skeletonHashes, SKELETON_SHINGLE, SKELETON_GRAMS);
  const words = minHashOf(wordSet, WORD_HASHES, 0x2545f491);
  const skeleton = minHashOf(skeletonSet, SKELETON_HASHES, 0x6c8e9cf5);
  const bands = [
    ...bandKeys('w', words, wordSet.length > 0),
    ...bandKeys('s', skeleton, skeletonSet.length > 0),
  ];
  return { words, skeleton, skeletonSize: skeletonSet.length, bands };
}

// Band names ("w0:", "s12:"), made once rather than for every band of every report.
const BAND_NAMES = new Map(
  ['w', 's'].map((prefix) => [prefix, Array.from({ length: SKELETON_HASHES }, (_, b) => `${prefix}${b}:`)]),
);

function bandKeys(prefix: string, sig: number[], any: boolean): string[] {
  if (!any) return [];
  const names = BAND_NAMES.get(prefix)!;
  const keys: string[] = [];
  for (let b = 0; b * ROWS_PER_BAND < sig.length; b++) {
    let h = b + 1;
    for (let r = 0; r < ROWS_PER_BAND; r++) h = fmix32(h ^ sig[b * ROWS_PER_BAND + r]!);
    keys.push(names[b] + (h >>> 0).toString(36));
  }
  return keys;
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

/** `minHash` over distinct values in an array (any order). */
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
  return Math.max(jaccard(x.words, y.words), jaccard(x.skeleton, y.skeleton));
}

// A run compares each sentence with several others: memoise their sets (a bounded cache).
const sentenceCache = new Map<string, TextShingles>();
function sentenceSets(text: string): TextShingles {
  let sets = sentenceCache.get(text);
  if (!sets) {
    if (ASCII.test(text)) {
      const hashes = asciiTokenHashes(text);
      sets = { words: gramSet(hashes.words, 2), skeleton: gramSet(hashes.skeleton, 3) };
    } else {
      const raw = tokens(text);
      sets = {
        words: gramHashes(raw, 2, hashLower),
        skeleton: gramHashes(skeletonTokens(raw), 3),
      };
    }
    if (sentenceCache.size > 5000) sentenceCache.clear();
    sentenceCache.set(text, sets);
  }
  return sets;
}

export function jaccard(a: Set<number>, b: Set<number>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** `hashString(s.toLowerCase())`, without making the lower-case copy when `s` is ASCII. */
export function hashLower(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c > 127) return hashString(s.toLowerCase());
    if (c >= 65 && c <= 90) c += 32;
    h ^= c;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's finaliser: a fast 32-bit mix with good avalanche. */
export function fmix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
