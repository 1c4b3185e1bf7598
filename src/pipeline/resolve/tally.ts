import { CASUALTY_KINDS, type CasualtyKind } from '../../domain/casualties.ts';
import { GRADE_RANK, type Grade } from '../../domain/grade.ts';
import type { Incident } from '../../domain/incident.ts';

export const TALLY_KEYS = ['admin1', 'day', 'type', 'grade'] as const;
export type TallyKey = (typeof TALLY_KEYS)[number];

/** A sum of ranges: `max: null` when any incident's figure is open-ended ("at least 5"). */
export interface RangeSum {
  min: number;
  max: number | null;
}

export interface TallyRow {
  key: string;
  incidents: number;
  /** Incidents that give a figure of this kind. */
  figures: Record<CasualtyKind, number>;
  sums: Record<CasualtyKind, RangeSum>;
}

/**
 * Casualty tallies (docs/resolution.md, "Tallies"). They sum incidents, never claims: one
 * death told by five outlets, or twice in one article, is in one incident and counts once.
 * Ranges add bound by bound. By day, an incident dated to one day counts on that day; one
 * known only to a span counts under that span ("2025-03-04..2025-03-10"), never spread or
 * split across days. Discounted incidents never count unless asked for with `minGrade`.
 */
export function tally(
  incidents: Iterable<Incident>,
  options: { by?: TallyKey; minGrade?: Grade } = {},
): TallyRow[] {
  const floor = options.minGrade ? GRADE_RANK[options.minGrade] : 1;
  const rows = new Map<string, TallyRow>();
  for (const incident of incidents) {
    if (GRADE_RANK[incident.grade] < floor) continue;
    const key = keyOf(incident, options.by);
    let row = rows.get(key);
    if (!row) {
      row = {
        key,
        incidents: 0,
        figures: Object.fromEntries(CASUALTY_KINDS.map((k) => [k, 0])) as Record<CasualtyKind, number>,
        sums: Object.fromEntries(CASUALTY_KINDS.map((k) => [k, { min: 0, max: 0 }])) as Record<
          CasualtyKind,
          RangeSum
        >,
      };
      rows.set(key, row);
    }
    row.incidents++;
    for (const kind of CASUALTY_KINDS) {
      const range = incident.casualties[kind];
      if (!range) continue;
      row.figures[kind]++;
      const sum = row.sums[kind];
      sum.min += range.min;
      sum.max = sum.max === null || range.max === null ? null : sum.max + range.max;
    }
  }
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function keyOf(incident: Incident, by: TallyKey | undefined): string {
  switch (by) {
    case undefined:
      return 'all';
    case 'admin1':
      return incident.place?.admin1 ?? 'unknown';
    case 'type':
      return incident.type;
    case 'grade':
      return incident.grade;
    case 'day':
      if (!incident.date) return 'undated';
      return incident.date.start === incident.date.end
        ? incident.date.start
        : `${incident.date.start}..${incident.date.end}`;
  }
}

export function formatSum(sum: RangeSum, figures: number): string {
  if (figures === 0) return '-';
  if (sum.max === null) return `${sum.min}+`;
  return sum.min === sum.max ? String(sum.min) : `${sum.min}–${sum.max}`;
}
