import type { DateRange } from '../../domain/date-range.ts';
import type { Place } from '../../domain/place.ts';
import { datePrecFromSpan } from '../../domain/precision.ts';
import type { EventType } from '../../domain/taxonomy.ts';
import type { StoredClaim } from '../../ports/resolution.ts';
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

/** The most precise place any claim gives; among equals, the one most claims name (the earliest first). */
export function pickPlace(members: Member[]): Place | null {
  if (members.length === 1) return members[0]!.claim.place;
  // Plain loops: this runs for every incident assessed.
  let best = Number.POSITIVE_INFINITY;
  for (const m of members) {
    const p = m.claim.place;
    if (p && p.wherePrec < best) best = p.wherePrec;
  }
  if (best === Number.POSITIVE_INFINITY) return null;
  const key = (p: Place) => p.gazetteerId ?? p.name.toLowerCase();
  const counts = new Map<string, number>();
  let most = 0;
  for (const m of members) {
    const p = m.claim.place;
    if (!p || p.wherePrec !== best) continue;
    const n = (counts.get(key(p)) ?? 0) + 1;
    counts.set(key(p), n);
    if (n > most) most = n;
  }
  for (const m of members) {
    const p = m.claim.place;
    if (p && p.wherePrec === best && counts.get(key(p)) === most) return p;
  }
  return null;
}

/**
 * The days every dated claim allows (their intersection); when they disagree, the most precise
 * claim's. Dates Vigil only inferred (no date in the text) count only when nothing better exists.
 */
export function pickDate(members: Member[]): DateRange | null {
  if (members.length === 1) return members[0]!.claim.date;
  let anyStated = false;
  let anyDated = false;
  for (const m of members) {
    const d = m.claim.date;
    if (!d) continue;
    anyDated = true;
    if (!d.inferred) anyStated = true;
  }
  if (!anyDated) return null;
  // The pool: stated dates, or every date when none is stated.
  const inPool = (d: DateRange | null): d is DateRange => d !== null && (!anyStated || !d.inferred);
  let first = Number.NEGATIVE_INFINITY;
  let last = Number.POSITIVE_INFINITY;
  for (const m of members) {
    const d = m.claim.date;
    if (!inPool(d)) continue;
    first = Math.max(first, dayNumber(d.start));
    last = Math.min(last, dayNumber(d.end));
  }
  if (first > last) {
    // The narrowest of the pool (the earliest among equals).
    let narrow: DateRange | null = null;
    let span = Number.POSITIVE_INFINITY;
    for (const m of members) {
      const d = m.claim.date;
      if (!inPool(d)) continue;
      const s = dayNumber(d.end) - dayNumber(d.start);
      if (s < span) {
        span = s;
        narrow = d;
      }
    }
    return narrow;
  }
  for (const m of members) {
    const d = m.claim.date;
    if (inPool(d) && dayNumber(d.start) === first && dayNumber(d.end) === last) return d;
  }
  const range: DateRange = {
    start: dayIso(first),
    end: dayIso(last),
    precision: datePrecFromSpan(last - first + 1),
  };
  if (!anyStated) range.inferred = true;
  return range;
}

// Names gathered from an incident's members, for its fields and its reasons.

export function actorNames(claim: StoredClaim, role: 'perpetrator' | 'target'): string[] {
  return claim.actors.filter((a) => a.role === role).map((a) => a.name);
}

/** The names in one role over several claims (in a plain loop: it runs for every assessment). */
export function actorNamesOf(members: Member[], role: 'perpetrator' | 'target'): string[] {
  const out: string[] = [];
  for (const m of members) for (const a of m.claim.actors) if (a.role === role) out.push(a.name);
  return out;
}

/** Who said each claim, where the claim names a speaker. */
export function sourcesNamed(members: Member[]): string[] {
  const out: string[] = [];
  for (const m of members) if (m.claim.attribution.source) out.push(m.claim.attribution.source);
  return out;
}

export function labels(members: Member[]): string {
  const seen: string[] = [];
  for (const m of members) if (!seen.includes(m.link.origin.label)) seen.push(m.link.origin.label);
  return seen.join(', ');
}
