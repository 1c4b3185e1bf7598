import type { DateRange } from '../../domain/date-range.ts';
import { MONTH_NAMES as MONTHS } from '../../domain/date-range.ts';
import { datePrecFromSpan } from '../../domain/precision.ts';
import { numberValue } from './numbers.ts';

const MONTH =
  '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '(?:,?\\s+((?:19|20)\\d\\d))?';
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const DAY_MS = 86_400_000;

function monthIndex(word: string): number {
  const w = word.toLowerCase().replace('.', '');
  return MONTHS.findIndex((m) => m.startsWith(w.slice(0, 3)));
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function utc(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m, d));
}

interface Found {
  start: Date;
  end: Date;
  precision: 1 | 2 | 3 | 4 | 5;
  text: string;
  index: number;
}

/**
 * Date patterns, each read against the publication date. Day before month as in British
 * usage ("03/04/2024" is 3 April); a day and month without a year is the latest such day not
 * after publication; a weekday is the latest such day up to publication.
 */
const PATTERNS: { re: RegExp; read(m: RegExpExecArray, pub: Date): Omit<Found, 'text' | 'index'> | null }[] =
  [
    {
      // 2025-03-06
      re: /\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b/g,
      read: (m) => day(utc(+m[1]!, +m[2]! - 1, +m[3]!)),
    },
    {
      // between 6 and 9 March, 6-9 March, from 6 to 9 March 2025
      re: new RegExp(
        `\\b(?:between |from )?${DAY}\\s*(?:-|–|to|and|until)\\s*${DAY}(?: of)?\\s+${MONTH}${YEAR}\\b`,
        'gi',
      ),
      read: (m, pub) => span(pub, +m[1]!, +m[2]!, monthIndex(m[3]!), m[4]),
    },
    {
      // March 6-9, between March 6 and 9
      re: new RegExp(
        `\\b(?:between |from )?${MONTH}\\s+${DAY}\\s*(?:-|–|to|and|until)\\s*${DAY}${YEAR}\\b`,
        'gi',
      ),
      read: (m, pub) => span(pub, +m[2]!, +m[3]!, monthIndex(m[1]!), m[4]),
    },
    {
      // 6 March 2025, 6th of March
      re: new RegExp(`\\b${DAY}(?: of)?\\s+${MONTH}${YEAR}\\b`, 'gi'),
      read: (m, pub) => span(pub, +m[1]!, +m[1]!, monthIndex(m[2]!), m[3]),
    },
    {
      // March 6, 2025
      re: new RegExp(`\\b${MONTH}\\s+${DAY}${YEAR}\\b(?!\\s*(?:people|civilians|killed|dead|%))`, 'gi'),
      read: (m, pub) => span(pub, +m[2]!, +m[2]!, monthIndex(m[1]!), m[3]),
    },
    {
      // 06/03/2025 (day first)
      re: /\b(\d{1,2})\/(\d{1,2})\/((?:19|20)\d\d)\b/g,
      read: (m) => (+m[2]! >= 1 && +m[2]! <= 12 ? day(utc(+m[3]!, +m[2]! - 1, +m[1]!)) : null),
    },
    {
      // early March, in March 2024, mid-March
      re: new RegExp(
        `\\b(?:(early|mid|late|in|since|during|throughout|end of|beginning of)[- ])?(?:${MONTH})${YEAR}\\b`,
        'gi',
      ),
      read: (m, pub) => {
        if (!m[1] && !m[3]) return null;
        if (/^may$/i.test(m[2]!) && !m[3] && !/^(?:in|early|mid|late|since|during)$/i.test(m[1] ?? ''))
          return null;
        const month = monthIndex(m[2]!);
        const year = m[3]
          ? +m[3]
          : month > pub.getUTCMonth()
            ? pub.getUTCFullYear() - 1
            : pub.getUTCFullYear();
        const first = utc(year, month, 1);
        const last = utc(year, month + 1, 0);
        const part = (m[1] ?? '').toLowerCase();
        if (part === 'early' || part === 'beginning of') return range(first, utc(year, month, 10));
        if (part === 'mid') return range(utc(year, month, 10), utc(year, month, 20));
        if (part === 'late' || part === 'end of') return range(utc(year, month, 20), last);
        if (part === 'since') return range(first, pub);
        return { start: first, end: last, precision: 4 };
      },
    },
    {
      // on Tuesday, Tuesday night, last Friday
      re: /\b(?:(last|on|this|since|early|late)\s+)?(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)(?:\s+(?:night|morning|evening|afternoon))?\b/gi,
      read: (m, pub) => {
        const wd = WEEKDAYS.indexOf(m[2]!.toLowerCase());
        let back = (pub.getUTCDay() - wd + 7) % 7;
        if (m[1]?.toLowerCase() === 'last' && back === 0) back = 7;
        const d = new Date(pub.getTime() - back * DAY_MS);
        return m[1]?.toLowerCase() === 'since' ? range(d, pub) : day(d);
      },
    },
    {
      re: /\b(yesterday|today|tonight|last night|this morning|this afternoon|this evening|earlier today|overnight|on the night of)\b/gi,
      read: (m, pub) => {
        const w = m[1]!.toLowerCase();
        if (w === 'on the night of') return null;
        if (w === 'yesterday' || w === 'last night') return day(new Date(pub.getTime() - DAY_MS));
        if (w === 'overnight') return range(new Date(pub.getTime() - DAY_MS), pub);
        return day(pub);
      },
    },
    {
      re: /\b(?:(two|three|four|five|six|\d)\s+days\s+ago|(last|this|past|previous)\s+(week|weekend|month|year)|in recent (days|weeks)|over the (weekend|past week|past few days)|(?:over |in )?the (past|last) (two|three|few|several) (days|weeks))\b/gi,
      read: (m, pub) => {
        const n = m[1]
          ? Number(m[1]) || ['two', 'three', 'four', 'five', 'six'].indexOf(m[1].toLowerCase()) + 2
          : 0;
        if (n) return day(new Date(pub.getTime() - n * DAY_MS));
        if (m[6]) {
          // "the past two weeks": a rolling window up to publication.
          const count = m[7]!.toLowerCase() === 'two' ? 2 : m[7]!.toLowerCase() === 'three' ? 3 : 4;
          const days = m[8]!.toLowerCase() === 'weeks' ? count * 7 : count;
          return range(new Date(pub.getTime() - (days - 1) * DAY_MS), pub);
        }
        if (m[2]?.toLowerCase() === 'past' && m[3]?.toLowerCase() === 'month')
          return { start: new Date(pub.getTime() - 29 * DAY_MS), end: pub, precision: 4 };
        const unit = (m[3] ?? m[4] ?? m[5] ?? '').toLowerCase();
        const which = (m[2] ?? '').toLowerCase();
        if (unit === 'weekend') {
          const back = (pub.getUTCDay() + 1) % 7 || 7;
          const sat = new Date(pub.getTime() - back * DAY_MS);
          return range(sat, new Date(sat.getTime() + DAY_MS));
        }
        if (unit === 'week' || unit === 'past week' || unit === 'days' || unit === 'past few days') {
          const end = which === 'last' || which === 'previous' ? new Date(pub.getTime() - 7 * DAY_MS) : pub;
          return { start: new Date(end.getTime() - 6 * DAY_MS), end, precision: 3 };
        }
        if (unit === 'weeks') return { start: new Date(pub.getTime() - 27 * DAY_MS), end: pub, precision: 4 };
        if (unit === 'month') {
          const y = pub.getUTCFullYear();
          const mo = pub.getUTCMonth() - (which === 'last' || which === 'previous' ? 1 : 0);
          return { start: utc(y, mo, 1), end: which === 'this' ? pub : utc(y, mo + 1, 0), precision: 4 };
        }
        if (unit === 'year') {
          const y = pub.getUTCFullYear() - (which === 'last' || which === 'previous' ? 1 : 0);
          return { start: utc(y, 0, 1), end: utc(y, 11, 31), precision: 5 };
        }
        return null;
      },
    },
    {
      // in 2013
      re: /\b(?:in|since|during|throughout)\s+((?:19|20)\d\d)\b/gi,
      read: (m) => ({ start: utc(+m[1]!, 0, 1), end: utc(+m[1]!, 11, 31), precision: 5 }),
    },
  ];

function day(d: Date) {
  return { start: d, end: d, precision: 1 as const };
}

function range(a: Date, b: Date) {
  const days = Math.round((b.getTime() - a.getTime()) / DAY_MS) + 1;
  return { start: a, end: b, precision: datePrecFromSpan(days) };
}

function span(pub: Date, d1: number, d2: number, month: number, year: string | undefined) {
  if (month < 0 || d1 < 1 || d2 > 31 || d2 < d1) return null;
  let y = year ? +year : pub.getUTCFullYear();
  // Without a year, the latest such date not after publication (a day's grace for time zones).
  if (!year && utc(y, month, d1).getTime() > pub.getTime() + DAY_MS) y--;
  return range(utc(y, month, d1), utc(y, month, d2));
}

/**
 * The date a sentence gives its event, or null. Among several dates, the day something was
 * said ("residents said on Saturday that …") gives way to the others, and with `near` (where
 * the event's word stands) so does a date in another clause; then the first date wins.
 */
export function dateIn(sentence: string, published: string | null, near?: number): DateRange | null {
  if (!published) return null;
  const pub = new Date(`${published}T00:00:00Z`);
  if (Number.isNaN(pub.getTime())) return null;
  if (!DATE_CUE.test(sentence)) return null;
  let found: Found[] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(sentence); m; m = p.re.exec(sentence)) {
      const hit = p.read(m, pub);
      if (!hit || Number.isNaN(hit.start.getTime())) continue;
      const end = m.index + m[0].length;
      // Earlier patterns are more specific: a later one only adds dates that do not overlap.
      if (!found.some((f) => m!.index < f.index + f.text.length && end > f.index))
        found.push({ ...hit, text: m[0], index: m.index });
      if (!p.re.global) break;
    }
  }
  if (!found.length) return null;
  const told = found.filter((f) => SAID_ON.test(sentence.slice(Math.max(0, f.index - 40), f.index)));
  if (told.length < found.length) found = found.filter((f) => !told.includes(f));
  // A date in another clause than the event word ("arriving on Friday, after gunmen attacked
  // … on Thursday") gives way to one in its own clause; otherwise the first date wins.
  const apart = (f: Found) => {
    if (near === undefined) return 0;
    const between = sentence.slice(Math.min(f.index + f.text.length, near), Math.max(f.index, near));
    return /[,;]\s*(?:after|before|when|as|while|until|since|then)\b/i.test(between) ? 1 : 0;
  };
  const best = found.reduce((a, b) =>
    apart(b) < apart(a) || (apart(b) === apart(a) && b.index < a.index) ? b : a,
  );
  return { start: iso(best.start), end: iso(best.end), precision: best.precision, text: best.text.trim() };
}

// The day a statement was made, not the day of what it tells.
const SAID_ON =
  /\b(?:said|says|told [\p{L} ]{1,30}?|reported|announced|stated|added|wrote|confirmed|declared)\s+(?:on\s+|late\s+|early\s+)?$/iu;

const DATE_CUE =
  /\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|yesterday|today|tonight|last|this|past|days?\b|night|morning|afternoon|evening|week|month|year|overnight|recent|in recent|over the)/i;

/** No date in the text: the week up to publication, flagged as inferred. */
export function inferredWeek(published: string | null): DateRange | null {
  if (!published) return null;
  const end = new Date(`${published}T00:00:00Z`);
  if (Number.isNaN(end.getTime())) return null;
  return { start: iso(new Date(end.getTime() - 6 * DAY_MS)), end: published, precision: 3, inferred: true };
}

const DAYS_FROM = /\b(an?|one|two|three|four|five|six|seven|\d{1,2}) days? (after|before)\b/gi;

/**
 * The day a statement the sentence relays was made, when the sentence dates something else:
 * "six were killed on 11 March, one day after the ministry said its operation was over" → 10
 * March. A date inside the clause that relays the statement ("a day after the ministry
 * announced, on Monday 10 March, that …") is the statement's own, and the sentence's date
 * already holds it. Otherwise the sentence's date.
 */
export function statementDate(
  sentence: string,
  statementAt: number,
  date: DateRange | null,
  published: string | null,
): DateRange | null {
  if (!date || date.start !== date.end || date.inferred) return date;
  for (const m of sentence.matchAll(DAYS_FROM)) {
    const clauseStart = m.index + m[0].length;
    if (clauseStart > statementAt || statementAt - clauseStart > 120) continue;
    if (dateIn(sentence.slice(clauseStart, statementAt), published)) return date;
    const n = numberValue(m[1]!);
    const shift = (m[2]!.toLowerCase() === 'after' ? -n : n) * DAY_MS;
    const day = iso(new Date(new Date(`${date.start}T00:00:00Z`).getTime() + shift));
    return { start: day, end: day, precision: 1, text: `${m[0]} ${date.text ?? date.start}` };
  }
  return date;
}

/** Words that say when footage was recorded, not when it surfaced. */
const FILMED_ON = /\b(?:filmed|recorded|shot|taken)\s+(?:on|in|at|during)\b/i;

/**
 * The days what a video shows may have happened: the sentence's day is when the video surfaced,
 * circulated or was dismissed, so the event lies in the week up to it (docs/extraction.md,
 * "Footage"). A day the sentence gives as the filming day stands; an inferred week stays.
 */
export function footageDate(sentence: string, date: DateRange | null): DateRange | null {
  if (!date || date.inferred || date.start !== date.end || FILMED_ON.test(sentence)) return date;
  const start = iso(new Date(new Date(`${date.start}T00:00:00Z`).getTime() - 6 * DAY_MS));
  return { start, end: date.end, precision: 3, text: `the week up to ${date.text ?? date.end}` };
}
