import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtractEvent } from '../../src/pipeline/extract/extract-record.ts';
import { foldName } from '../../src/pipeline/geocode/fold-name.ts';

type Range = { min: number; max: number | null };

/** One event a golden case expects; only the fields given are checked. */
export interface ExpectedEvent {
  type: string;
  subType?: string | null;
  trigger?: string;
  place?: { name?: string; lat?: number; lon?: number; country?: string; wherePrec?: number } | null;
  date?: { start: string; end: string; precision?: number } | null;
  killed?: Range | null;
  injured?: Range | null;
  abducted?: Range | null;
  displaced?: Range | null;
  source?: string | null;
  stance?: string;
  modality?: boolean;
  actors?: { name: string; role: string }[];
  /** Must be the report's main event (listed first). */
  first?: boolean;
  /** A known miss: the golden test skips it, the evaluation counts it. */
  todo?: string;
}

export interface Expected {
  events: ExpectedEvent[];
  /** Exactly this many events (0 for a hard negative). */
  count?: number;
  /** No event may match one of these. */
  absent?: { type: string; subType?: string }[];
}

export interface GoldenCase {
  name: string;
  text: string;
  published: string | null;
  source: string | null;
  expected: Expected;
}

export function loadGoldenCases(root: string): GoldenCase[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = join(root, d.name);
      const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as {
        published?: string;
        source?: string;
      };
      return {
        name: d.name,
        text: readFileSync(join(dir, 'input.txt'), 'utf8'),
        published: meta.published ?? null,
        source: meta.source ?? null,
        expected: JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

const CASUALTY_KINDS = ['killed', 'injured', 'abducted', 'displaced'] as const;

/** Field by field: does this event give what the expectation asks for? Unasked fields are absent. */
export function compareEvent(exp: ExpectedEvent, ev: ExtractEvent, index: number): Record<string, boolean> {
  const out: Record<string, boolean> = { type: ev.type === exp.type };
  if ('subType' in exp) out.subType = ev.subType === exp.subType;
  if (exp.trigger) out.trigger = (ev.trigger ?? '').toLowerCase().includes(exp.trigger.toLowerCase());
  if ('place' in exp) {
    const p = exp.place;
    if (p === null || p === undefined) out.place = ev.place === null;
    else if (!ev.place) out.place = false;
    else {
      const near =
        p.lat !== undefined && p.lon !== undefined && ev.place.lat !== null && ev.place.lon !== null;
      // Within 25 km of the gold point, or the same name when no point is given.
      out.place = near
        ? distanceKm({ lat: p.lat!, lon: p.lon! }, { lat: ev.place.lat!, lon: ev.place.lon! }) <= 25
        : p.name !== undefined && foldName(ev.place.name) === foldName(p.name);
      if (p.name !== undefined) out.placeName = foldName(ev.place.name) === foldName(p.name);
      if (p.country !== undefined) out.country = ev.place.country === p.country;
      if (p.wherePrec !== undefined) out.wherePrec = ev.place.wherePrec === p.wherePrec;
    }
  }
  if ('date' in exp) {
    const d = exp.date;
    out.date = d
      ? ev.date !== null &&
        ev.date.start === d.start &&
        ev.date.end === d.end &&
        (d.precision === undefined || ev.date.precision === d.precision)
      : ev.date === null;
  }
  for (const kind of CASUALTY_KINDS) {
    if (!(kind in exp)) continue;
    const gold = exp[kind];
    const got = ev.casualties[kind];
    out[kind] = gold ? got !== null && got.min === gold.min && got.max === gold.max : got === null;
    // The evaluation's looser test: the range holds the gold (lowest) figure.
    if (gold)
      out[`${kind}Contains`] =
        got !== null && got.min <= gold.min && (got.max === null || got.max >= gold.min);
  }
  if ('source' in exp)
    out.source = (ev.attribution.source ?? '').toLowerCase() === (exp.source ?? '').toLowerCase();
  if (exp.stance) out.stance = ev.attribution.stance === exp.stance;
  if (exp.modality !== undefined) out.modality = ev.attribution.modality === exp.modality;
  if (exp.actors)
    out.actors = exp.actors.every((a) => ev.actors.some((x) => x.name === a.name && x.role === a.role));
  if (exp.first) out.first = index === 0;
  return out;
}

/** The event that best fits an expectation (most fields right), and how each field fared. */
export function bestMatch(
  exp: ExpectedEvent,
  events: ExtractEvent[],
): { event: ExtractEvent | null; fields: Record<string, boolean> } {
  let best: { event: ExtractEvent | null; fields: Record<string, boolean>; score: number } = {
    event: null,
    fields: { type: false },
    score: -1,
  };
  events.forEach((ev, i) => {
    const fields = compareEvent(exp, ev, i);
    if (!fields.type) return;
    if (fields.trigger === false) return;
    const score = Object.values(fields).filter(Boolean).length;
    if (score > best.score) best = { event: ev, fields, score };
  });
  return best;
}

/** The fields the golden test insists on (the evaluation's looser "Contains" checks aside). */
export function strictFields(fields: Record<string, boolean>): [string, boolean][] {
  return Object.entries(fields).filter(([k]) => !k.endsWith('Contains'));
}
