import type { DateRange } from '../../domain/date-range.ts';
import type { Place } from '../../domain/place.ts';
import { datePrecFromSpan } from '../../domain/precision.ts';
import type { EventType } from '../../domain/taxonomy.ts';
import type { Member } from './assess.ts';
import { dayIso, dayNumber } from './claim-view.ts';

// An incident's type, place and date picked from its claims (docs/resolution.md, "Clustering").

/** The (type, sub-type) most claims give; the earliest claim breaks ties. */
export function majorityType(members: Member[]): [EventType, string | null] {
  const first = members[0]!.claim;
  if (members.every((m) => m.claim.type === first.type && m.claim.subType === first.subType)) {
    return [first.type as EventType, first.subType];
  }
  const counts = new Map<string, { n: number; first: number; type: string; subType: string | null }>();
  members.forEach((m, i) => {
    const key = `${m.claim.type}|${m.claim.subType ?? ''}`;
    const c = counts.get(key) ?? { n: 0, first: i, type: m.claim.type, subType: m.claim.subType };
    c.n++;
    counts.set(key, c);
  });
  const best = [...counts.values()].sort((a, b) => b.n - a.n || a.first - b.first)[0]!;
  return [best.type as EventType, best.subType];
}

/** The most precise place any claim gives; among equals, the one most claims name. */
export function pickPlace(members: Member[]): Place | null {
  if (members.length === 1) return members[0]!.claim.place;
  const places = members.map((m) => m.claim.place).filter((p): p is Place => p !== null);
  if (!places.length) return null;
  const best = Math.min(...places.map((p) => p.wherePrec));
  const top = places.filter((p) => p.wherePrec === best);
  const key = (p: Place) => p.gazetteerId ?? p.name.toLowerCase();
  const counts = new Map<string, number>();
  for (const p of top) counts.set(key(p), (counts.get(key(p)) ?? 0) + 1);
  return [...top].sort((a, b) => counts.get(key(b))! - counts.get(key(a))!)[0]!;
}

/**
 * The days every dated claim allows (their intersection); when they disagree, the most precise
 * claim's. Dates Vigil only inferred (no date in the text) count only when nothing better exists.
 */
export function pickDate(members: Member[]): DateRange | null {
  if (members.length === 1) return members[0]!.claim.date;
  const dated = members.map((m) => m.claim.date).filter((d): d is DateRange => d !== null);
  if (!dated.length) return null;
  const stated = dated.filter((d) => !d.inferred);
  const pool = stated.length ? stated : dated;
  let first = dayNumber(pool[0]!.start);
  let last = dayNumber(pool[0]!.end);
  for (const d of pool.slice(1)) {
    first = Math.max(first, dayNumber(d.start));
    last = Math.min(last, dayNumber(d.end));
  }
  if (first > last) {
    const narrow = [...pool].sort(
      (a, b) => dayNumber(a.end) - dayNumber(a.start) - (dayNumber(b.end) - dayNumber(b.start)),
    )[0]!;
    return narrow;
  }
  const exact = pool.find((d) => dayNumber(d.start) === first && dayNumber(d.end) === last);
  if (exact) return exact;
  const range: DateRange = {
    start: dayIso(first),
    end: dayIso(last),
    precision: datePrecFromSpan(last - first + 1),
  };
  if (!stated.length) range.inferred = true;
  return range;
}
