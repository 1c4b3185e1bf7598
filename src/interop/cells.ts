import { MONTH_NAMES as MONTHS } from '../domain/date-range.ts';
import type { CasualtyRange } from '../domain/index.ts';
import type { Result } from '../errors.ts';

/** The date layouts a dataset column may use. */
export const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'D Month YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/**
 * Reads fields of one file by column name. Built once from the header; names match
 * case-insensitively and without surrounding spaces; values in `nulls` read as absent.
 */
export class Columns {
  private readonly index = new Map<string, number>();
  constructor(
    readonly header: string[],
    private readonly nulls: ReadonlySet<string> = new Set(['']),
  ) {
    header.forEach((name, i) => {
      const key = name.trim().toLowerCase();
      if (!this.index.has(key)) this.index.set(key, i);
    });
  }

  has(name: string): boolean {
    return this.index.has(name.trim().toLowerCase());
  }

  /** The names among `names` the header lacks. */
  missing(names: readonly string[]): string[] {
    return names.filter((n) => !this.has(n));
  }

  /** Index by the name as asked: mappers ask with the same literals for every row. */
  private readonly asked = new Map<string, number>();

  /** The trimmed value of a column, or null when the column is absent or the value is a null marker. */
  get(fields: readonly string[], name: string): string | null {
    let i = this.asked.get(name);
    if (i === undefined) {
      i = this.index.get(name.trim().toLowerCase()) ?? -1;
      this.asked.set(name, i);
    }
    if (i < 0) return null;
    const v = fields[i]?.trim() ?? '';
    return this.nulls.has(v) ? null : v;
  }
}

/** A day as YYYY-MM-DD, or why the cell is not one. */
export function parseDay(value: string, format: DateFormat = 'YYYY-MM-DD'): Result<string> {
  let y: number;
  let m: number;
  let d: number;
  // The common case first, without a regular expression: a 400,000-row import reads two
  // dates a row (UCDP's `2013-01-03` or `2013-01-03 00:00:00.000`).
  const fast = plainIsoDay(value);
  if (fast !== null) return { ok: true, value: fast };
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?)?$/.exec(value);
  const slashed = iso ? null : /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  const worded = iso || slashed ? null : /^(\d{1,2})[ -]([A-Za-z]+)[ ,-]+(\d{4})$/.exec(value);
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (slashed && format === 'DD/MM/YYYY') {
    [d, m, y] = [Number(slashed[1]), Number(slashed[2]), Number(slashed[3])];
  } else if (slashed && format === 'MM/DD/YYYY') {
    [m, d, y] = [Number(slashed[1]), Number(slashed[2]), Number(slashed[3])];
  } else if (worded) {
    const name = worded[2]!.toLowerCase();
    const month = MONTHS.findIndex((mo) => mo === name || (name.length >= 3 && mo.startsWith(name)));
    if (month < 0) return { ok: false, error: `"${value}" is not a date (unknown month "${worded[2]}")` };
    [d, m, y] = [Number(worded[1]), month + 1, Number(worded[3])];
  } else {
    return { ok: false, error: `"${value}" is not a date (expected ${format})` };
  }
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d || y < 1) {
    return { ok: false, error: `"${value}" is not a calendar date` };
  }
  return { ok: true, value: `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}` };
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `YYYY-MM-DD` exactly (optionally followed by UCDP's ` 00:00:00.000` or `T00:00:00`), when it
 * is a calendar day: the day itself, else null (the general reader then decides, and words
 * any error).
 */
function plainIsoDay(value: string): string | null {
  const n = value.length;
  if (n !== 10 && !(n > 10 && /^[T ]00:00:00(\.0+)?$/.test(value.slice(10)))) return null;
  let y = 0;
  let m = 0;
  let d = 0;
  for (let i = 0; i < 10; i++) {
    const c = value.charCodeAt(i);
    if (i === 4 || i === 7) {
      if (c !== 45) return null; // -
      continue;
    }
    if (c < 48 || c > 57) return null;
    const digit = c - 48;
    if (i < 4) y = y * 10 + digit;
    else if (i < 7) m = m * 10 + digit;
    else d = d * 10 + digit;
  }
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]!) return null;
  // 29 February only in a leap year.
  if (m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return null;
  return n === 10 ? value : value.slice(0, 10);
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A whole number within [min, max], or why the cell is not one. */
export function parseWhole(value: string, min: number, max: number): Result<number> {
  // "3.0" is a whole number written by tools that store every number as a float.
  if (!/^[+-]?\d+(\.0+)?$/.test(value)) return { ok: false, error: `"${value}" is not a whole number` };
  const n = Number.parseInt(value, 10);
  if (n < min || n > max) return { ok: false, error: `${n} is outside ${min}..${max}` };
  return { ok: true, value: n };
}

/** A latitude or longitude in degrees, or why the cell is not one. */
export function parseDegrees(value: string, axis: 'latitude' | 'longitude'): Result<number> {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) {
    return { ok: false, error: `${axis} "${value}" is not a number` };
  }
  const n = Number(value);
  const limit = axis === 'latitude' ? 90 : 180;
  if (!Number.isFinite(n) || n < -limit || n > limit) {
    return { ok: false, error: `${axis} ${value} is out of range (-${limit}..${limit})` };
  }
  return { ok: true, value: n };
}

/**
 * A casualty cell as a range: "12", "3-5", "3 to 5", "at least 7", "more than 7", "7+".
 * The cell's own words are kept as the range's text.
 */
export function parseCount(value: string): Result<CasualtyRange> {
  const v = value.trim();
  let m = /^\d+$/.exec(v);
  if (m) return { ok: true, value: { min: Number(v), max: Number(v), text: v } };
  m = /^(\d+)\s*[-–—]\s*(\d+)$/.exec(v) ?? /^(\d+)\s+to\s+(\d+)$/i.exec(v);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (b < a) return { ok: false, error: `range "${v}" ends below its start` };
    return { ok: true, value: { min: a, max: b, text: v } };
  }
  m = /^(?:at least|more than|over|>=?)\s*(\d+)$/i.exec(v) ?? /^(\d+)\s*\+$/.exec(v);
  if (m) {
    const n = Number(m[1]) + (/^(more than|over|>)(?!=)/i.test(v) ? 1 : 0);
    return { ok: true, value: { min: n, max: null, text: v } };
  }
  return { ok: false, error: `"${v}" is not a count or a range such as 3-5 or "at least 7"` };
}
