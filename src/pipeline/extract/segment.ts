/** One sentence of a report, with its place in the text. */
export interface Sentence {
  /** Position among the report's sentences. */
  index: number;
  /** Position of its paragraph (a block of lines separated from the next by a line break). */
  paragraph: number;
  start: number;
  end: number;
  text: string;
}

// A sentence longer than this is cut at a space: rules read clauses, and a bound keeps a
// 5 MB line without punctuation from turning every pattern into a 5 MB scan.
const MAX_SENTENCE = 1200;

const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'gen',
  'col',
  'lt',
  'maj',
  'capt',
  'sgt',
  'st',
  'mt',
  'no',
  'nos',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'a.m',
  'p.m',
  'e.g',
  'i.e',
  'etc',
  'vs',
  'inc',
  'ltd',
  'co',
  'jr',
  'sr',
  'prof',
  'rev',
  'gov',
  'sen',
  'rep',
  'approx',
  'u.s',
  'u.n',
  'u.k',
  'e.u',
  'fig',
  'brig',
  'cpl',
  'pte',
  'adm',
  'cmdr',
  'hon',
  'est',
  'al',
]);

function isUpperStart(c: string): boolean {
  return /[\p{Lu}\p{N}“"‘'([]|\p{Script=Arabic}/u.test(c);
}

/**
 * Splits a report into sentences with offsets. A line break ends a sentence unless the next
 * line starts in lower case (hard-wrapped text); a full stop inside an open quotation does
 * not, so a quoted passage of two sentences stays one statement with its speaker.
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let paragraph = 0;
  let sentenceStart = -1;
  let inQuote = false;
  let quoteOpenedAt = 0;

  const push = (start: number, end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e <= s) return;
    while (e - s > MAX_SENTENCE) {
      // Look for a space only inside the window: lastIndexOf would scan back to the start.
      let cut = s + MAX_SENTENCE;
      while (cut > s + MAX_SENTENCE / 2 && text.charCodeAt(cut) !== 32) cut--;
      if (cut <= s + MAX_SENTENCE / 2) cut = s + MAX_SENTENCE;
      out.push({ index: out.length, paragraph, start: s, end: cut, text: text.slice(s, cut) });
      s = cut;
      while (s < e && /\s/.test(text[s]!)) s++;
    }
    if (e > s) out.push({ index: out.length, paragraph, start: s, end: e, text: text.slice(s, e) });
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (sentenceStart < 0) {
      if (c === '\n') paragraph++;
      if (/\s/.test(c)) continue;
      sentenceStart = i;
      inQuote = false;
    }
    if (c === '“' || (c === '"' && !inQuote)) {
      inQuote = true;
      quoteOpenedAt = i;
    } else if (c === '”' || (c === '"' && inQuote)) {
      inQuote = false;
    }
    if (c === '\n') {
      // A wrapped line continues the sentence; any other line break ends it.
      let j = i + 1;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
      const next = text[j];
      if (next !== undefined && /\p{Ll}/u.test(next) && i - sentenceStart < MAX_SENTENCE) continue;
      push(sentenceStart, i);
      sentenceStart = -1;
      paragraph++;
      continue;
    }
    if (c !== '.' && c !== '!' && c !== '?') continue;
    // A quotation left open for long is a stray mark, not a quoted passage.
    if (inQuote && i - quoteOpenedAt < 600) continue;
    let j = i + 1;
    while (j < text.length && /[.!?”"’')\]]/.test(text[j]!)) j++;
    if (j < text.length && text[j] !== ' ' && text[j] !== '\t' && text[j] !== '\n' && text[j] !== '\r')
      continue;
    let k = j;
    while (k < text.length && (text[k] === ' ' || text[k] === '\t')) k++;
    const next = text[k];
    if (next !== undefined && next !== '\n' && next !== '\r' && !isUpperStart(next)) continue;
    if (c === '.' && j === i + 1 && isAbbreviation(text, i)) continue;
    push(sentenceStart, j);
    sentenceStart = -1;
    inQuote = false;
  }
  if (sentenceStart >= 0) push(sentenceStart, text.length);
  return out;
}

function isAbbreviation(text: string, dot: number): boolean {
  let s = dot;
  while (s > 0 && /[\p{L}.]/u.test(text[s - 1]!)) s--;
  const word = text.slice(s, dot);
  if (word.length === 1 && /\p{Lu}/u.test(word)) return true; // an initial: "A. Haddad"
  return ABBREVIATIONS.has(word.toLowerCase());
}
