// Arabic article prefixes as they appear in transliterations: "Al-", "As-", "Ad-", "El ", "Ash-".
const ARTICLE = /^(?:al|as|ad|ar|at|az|an|ash|el|ad|adh|ath)[-\s]+/;
const INNER_ARTICLE = / (?:al|as|ad|ar|at|az|an|ash|el|ez|es|ed|er|adh|ath|ul|uz|ud)[-\s]+/g;

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * A place name as a lookup key: accent-folded, lower-case, without an Arabic article prefix
 * or punctuation. "As-Suwayda", "Suwayda" and "al Suwayda" share one key. Arabic script is
 * kept, without vowel marks, tatweel or the article "ال".
 */
export function foldName(name: string): string {
  const lower = name.toLowerCase();
  // Most names are plain ASCII words: skip normalisation and the punctuation passes.
  if (PLAIN.test(lower)) return stripArticle(lower);
  let s = isAscii(lower)
    ? lower
    : lower
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .replace(SPECIAL, (c) => LETTERS[c] ?? c);
  if (!isAscii(s) && ARABIC.test(s)) return foldArabic(s);
  s = s
    .replace(/['’ʿʾ`‘]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return stripArticle(s);
}

// Letters NFKD does not take apart, spelled as GeoNames' ASCII names spell them.
const LETTERS: Record<string, string> = {
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
  ħ: 'h',
  þ: 'th',
  ð: 'd',
};
const SPECIAL = /[øłđßæœıħþð]/g;
const PLAIN = /^[a-z0-9]+(?: [a-z0-9]+)*$/;
const ARABIC = /\p{Script=Arabic}/u;

function stripArticle(s: string): string {
  const c = s.charCodeAt(0);
  // Only names starting with "a" or "e" can carry an article prefix.
  return c === 97 || c === 101 ? s.replace(ARTICLE, '') : s;
}

function foldArabic(s: string): string {
  return s
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/[أإآ]/g, 'ا')
    .replace(/ة/g, 'ه')
    .replace(/ى/g, 'ي')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^ال/, '');
}

/**
 * A transliteration skeleton: the folded name without inner articles, vowels, a final "h" or
 * doubled letters, with q→k. "Jableh", "Jablah" and "Jabla" all give "jbl"; "Lattakia" and
 * "Latakia" give "ltk". Used only when the exact key finds nothing, and only for skeletons of
 * at least three letters, because short skeletons collide.
 */
export function skeletonKey(name: string): string {
  const folded = foldName(name);
  if (!/^[a-z0-9 ]+$/.test(folded)) return '';
  const words = ` ${folded}`.replace(INNER_ARTICLE, ' ').trim().split(' ');
  const out = words
    .map((w) => {
      const first = w[0] ?? '';
      const rest = w
        .slice(1)
        .replace(/h$/, '')
        .replace(/[aeiouyw]/g, '')
        .replace(/q/g, 'k')
        .replace(/(.)\1+/g, '$1');
      return (first === 'q' ? 'k' : first) + rest;
    })
    .join(' ');
  return out.replace(/(.)\1+/g, '$1');
}
