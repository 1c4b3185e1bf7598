/** A count read from words: an inclusive range, open above when `max` is null. */
export interface Count {
  min: number;
  max: number | null;
  text: string;
  start: number;
  end: number;
}

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

const WORD = Object.keys(UNITS).join('|');
/** A number in digits or words: "745", "1,200", "1.2 million", "twenty-five", "two hundred". */
export const NUMBER = `(?:\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)(?: (?:million|thousand))?|(?:a|one|${WORD})(?:[- ](?:${WORD}))?(?: (?:hundred|thousand|million))?(?:(?: and)? (?:${WORD})(?:[- ](?:${WORD}))?)?`;

/** Reads a number phrase produced by NUMBER; NaN when it is not one. */
export function numberValue(text: string): number {
  const s = text.toLowerCase().replace(/,/g, '').trim();
  const digits = /^(\d+(?:\.\d+)?)(?: (million|thousand))?$/.exec(s);
  if (digits) {
    const base = Number(digits[1]);
    return Math.round(base * (digits[2] === 'million' ? 1e6 : digits[2] === 'thousand' ? 1e3 : 1));
  }
  let total = 0;
  let current = 0;
  for (const w of s.split(/[\s-]+/)) {
    if (w === 'and') continue;
    if (w === 'a') current += 1;
    else if (w in UNITS) current += UNITS[w]!;
    else if (w === 'hundred') current = (current || 1) * 100;
    else if (w === 'thousand' || w === 'million') {
      total += (current || 1) * (w === 'thousand' ? 1e3 : 1e6);
      current = 0;
    } else return Number.NaN;
  }
  return total + current;
}

/**
 * Vague quantities as ranges (docs/extraction.md keeps this table for users). Lower bounds
 * follow the words strictly ("dozens" is at least two dozen); upper bounds stop below the
 * next word up ("dozens" is fewer than a hundred).
 */
export const VAGUE: [RegExp, number, number | null][] = [
  [/^hundreds of thousands$/, 200_000, 999_999],
  [/^tens of thousands$/, 20_000, 99_999],
  [/^(?:in the )?millions$/, 1_000_000, null],
  [/^in the thousands$/, 1_000, 9_999],
  [/^in the hundreds$/, 100, 999],
  [/^in the dozens$/, 24, 99],
  [/^thousands$/, 2_000, 9_999],
  [/^hundreds$/, 200, 999],
  [/^scores$/, 40, 199],
  [/^dozens$/, 24, 99],
  [/^half a dozen$/, 6, 6],
  [/^(?:a|one) dozen$/, 12, 12],
  [/^several$/, 3, 9],
  [/^a (?:few|handful)$/, 2, 5],
  [/^few$/, 2, 5],
  [/^a couple(?: of)?$/, 2, 3],
  [/^(?:many|numerous|a number|multiple|a large number|a great number|countless|a lot)$/, 2, null],
];

const VAGUE_WORDS =
  'hundreds of thousands|tens of thousands|(?:in the )?millions|in the (?:thousands|hundreds|dozens)|thousands|hundreds|scores|dozens|half a dozen|(?:a|one) dozen|several|a few|a handful|few|a couple(?: of)?|many|numerous|a number|multiple|a large number|a great number|countless|a lot';

const MODIFIER =
  'at least|no fewer than|no less than|a minimum of|more than|over|upwards of|in excess of|nearly|almost|close to|just under|about|around|approximately|roughly|some|an estimated|estimated|circa|up to|as many as|at most|no more than|fewer than|less than|under|between|could number|may number|might number';

/** A quantity phrase with its modifier: "at least 745", "between 6 and 9", "dozens". */
// Vague words first, so that "a dozen" is not read as the number "a".
export const QUANTITY = new RegExp(
  `\\b(?:(${MODIFIER})\\s+)?(?:(${VAGUE_WORDS})|(${NUMBER})(?:\\s*(?:-|–|to|and|or)\\s*(${NUMBER}))?)\\b`,
  'gi',
);

/** Turns a QUANTITY match into a range. Null when the match is not a count (e.g. "a"). */
export function countFromMatch(m: RegExpExecArray): Count | null {
  const modifier = (m[1] ?? '').toLowerCase().replace(/\s+/g, ' ');
  const text = m[0];
  const start = m.index;
  const end = m.index + text.length;
  if (m[2]) {
    const words = m[2].toLowerCase().replace(/\s+/g, ' ');
    const row = VAGUE.find(([re]) => re.test(words));
    if (!row) return null;
    let [, min, max] = row;
    if (/^(?:more than|over|upwards of|in excess of|at least)$/.test(modifier)) max = null;
    return { min, max, text, start, end };
  }
  const a = numberValue(m[3]!);
  if (Number.isNaN(a)) return null;
  if (m[3]!.toLowerCase() === 'a' && !m[4]) return { min: 1, max: 1, text, start, end };
  if (m[4]) {
    const b = numberValue(m[4]);
    if (Number.isNaN(b) || b < a) return null;
    return { min: a, max: b, text, start, end };
  }
  return { ...applyModifier(modifier, a), text, start, end };
}

function applyModifier(modifier: string, n: number): { min: number; max: number | null } {
  switch (modifier) {
    case 'at least':
    case 'no fewer than':
    case 'no less than':
    case 'a minimum of':
      return { min: n, max: null };
    case 'more than':
    case 'over':
    case 'upwards of':
    case 'in excess of':
      return { min: n + 1, max: null };
    case 'nearly':
    case 'almost':
    case 'close to':
    case 'just under':
      return { min: Math.round(n * 0.9), max: n };
    case 'about':
    case 'around':
    case 'approximately':
    case 'roughly':
    case 'some':
    case 'an estimated':
    case 'estimated':
    case 'circa':
    case 'could number':
    case 'may number':
    case 'might number':
      return { min: Math.round(n * 0.9), max: Math.round(n * 1.1) };
    case 'up to':
    case 'as many as':
    case 'at most':
    case 'no more than':
      return { min: n > 0 ? 1 : 0, max: n };
    case 'fewer than':
    case 'less than':
    case 'under':
      return { min: n > 1 ? 1 : 0, max: Math.max(0, n - 1) };
    default:
      return { min: n, max: n };
  }
}
