/**
 * The tokens near-duplicate search hashes (text-signature.ts): words folded for case and accents,
 * and each word's skeleton token (a function word or number as itself, a capitalised name as "N"
 * and its first two letters, any other word as "*"), with the string hashes they are keyed by.
 */

import { Scratch } from './scratch.ts';

const STOPWORDS = new Set(
  `a an the of in on at to for from by with without about into onto over under after before since until
  as than that this these those which who whom whose what when where why how and or but nor not no so if
  then there here it its he she they them their his her we our us you your i me my be is are was were been
  being has have had do does did will would shall should can could may might must said says say told also
  only just very more most many much some any all each every both few other such own same too up down out
  off again once while during between through against among per via`.split(/\s+/),
);

export const ASCII = /^[\x00-\x7f]*$/;

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

export function skeletonTokens(raw: string[]): string[] {
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

// Signing allocates two arrays the size of the text otherwise: they are reused (`Scratch`).
const WORD_SCRATCH = new Scratch();
const SKELETON_SCRATCH = new Scratch();

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/**
 * Stop words by the hash of their (lower-case) text, to test a word without slicing it out: an
 * open-addressing table of hashes, with each stop word at the same index in STOPWORD_TEXT. (A
 * Map keyed by 32-bit hashes boxed most of them as heap numbers on every lookup.)
 */
const STOPWORD_SLOTS = 1024;
const STOPWORD_HASH = new Uint32Array(STOPWORD_SLOTS);
const STOPWORD_TEXT: (string | undefined)[] = new Array(STOPWORD_SLOTS).fill(undefined);
for (const w of STOPWORDS) {
  const h = hashString(w);
  let at = h & (STOPWORD_SLOTS - 1);
  while (STOPWORD_TEXT[at] !== undefined) {
    // Two stop words sharing a hash would make one of them unrecognisable; they do not.
    if (STOPWORD_HASH[at] === h) throw new Error('stop word hashes collide');
    at = (at + 1) & (STOPWORD_SLOTS - 1);
  }
  STOPWORD_HASH[at] = h;
  STOPWORD_TEXT[at] = w;
}

/** The stop word with this hash, if any (the caller compares the text itself). */
function stopwordWithHash(h: number): string | undefined {
  let at = h & (STOPWORD_SLOTS - 1);
  for (;;) {
    const w = STOPWORD_TEXT[at];
    if (w === undefined || STOPWORD_HASH[at] === h) return w;
    at = (at + 1) & (STOPWORD_SLOTS - 1);
  }
}
const STAR_HASH = hashString('*');

/**
 * The token hashes `signatures` needs, read straight off an ASCII text: each word's
 * `hashLower`, and each skeleton token's `hashString` (runs of "*" collapsed) — the same values
 * `tokens`, `skeletonTokens` and the hash functions give, without making a string per word.
 */
export function asciiTokenHashes(text: string): { words: Uint32Array; skeleton: Uint32Array } {
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
    const stop = stopwordWithHash(lower);
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
