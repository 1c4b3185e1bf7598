import { detect } from 'tinyld';

/**
 * Detects the language of a text (ISO 639-1). Returns null when the text is too short or
 * the detector is unsure, rather than a wrong guess. Arabic script is recognised directly,
 * because a script count is more reliable than n-grams on short mixed text.
 */
export function detectLanguage(text: string): string | null {
  // A thousand characters decide the language as well as the whole text, at a fraction of the cost.
  const sample = text.slice(0, 1000);
  // Counted by deleting the rest: one new string instead of an array of one-letter matches.
  const letters = codePoints(sample.replace(/\P{L}+/gu, ''));
  if (letters < 12) return null;
  const arabic = sample.replace(/\P{Script=Arabic}+/gu, '').length;
  if (arabic / letters > 0.5) return 'ar';
  const latin = sample.replace(/\P{Script=Latin}+/gu, '').length;
  if (latin / letters > 0.5 && /\b(the|and|of|in|to|was|were|said)\b/i.test(sample)) {
    const english = sample.match(/\b(the|and|of|in|to|was|were|said|that|with|by|on|for)\b/gi)?.length ?? 0;
    const words = sample.match(/\p{L}+/gu)?.length ?? 1;
    if (english / words > 0.08) return 'en';
  }
  const guess = detect(sample);
  return guess || null;
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
