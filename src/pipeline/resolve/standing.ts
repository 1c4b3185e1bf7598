import type { DateRange } from '../../domain/date-range.ts';
import type { Contradiction, StandingStatement } from '../../ports/resolution.ts';
import type { Member } from './assess.ts';
import { dayIso, dayNumber, haversineKm, namesOverlap } from './claim-view.ts';
import { labels } from './incident-fields.ts';

/** Operation announcements that say an operation is over, not that one began. */
export const OPERATION_END = /\b(conclu\w*|ended|end of|is over|was over|completed|finished|halt(ed)?)\b/i;
/** How long after an "operation is over" announcement an attack in its area contradicts it. */
export const OPERATION_END_WINDOW_DAYS = 30;

/** An event incident as the statements standing near it are checked against it. */
export interface StandingCheck {
  incidentId: string;
  members: Member[];
  /** The members that say it happened. */
  backing: Member[];
  statements: StandingStatement[];
  family: string;
  place: { lat: number; lon: number; radiusKm: number };
  date: DateRange;
  perpetrators: string[];
}

/**
 * The contradictions between an event incident and statements standing apart (a denial, an
 * "operation over" announcement) that concern it: a denial of its days (and, when the denial
 * names who is cleared, of its perpetrators), or an announcement that the operation was over
 * before it happened. One statement told by several reports (the ministry's announcement, and
 * monitors citing it) is one statement incident: one contradiction with it, naming every claim
 * that told it.
 */
export function standingContradictions(check: StandingCheck): Omit<Contradiction, 'id' | 'incidentId'>[] {
  const { place, date, backing } = check;
  const first = dayNumber(date.start);
  const last = dayNumber(date.end);
  const concerning = new Map<string, StandingStatement[]>();
  const memberIds = new Set(check.members.map((m) => m.claim.id));
  for (const s of check.statements) {
    if (memberIds.has(s.claimId) || s.incidentId === check.incidentId || s.family !== check.family) continue;
    if (haversineKm(place.lat, place.lon, s.lat, s.lon) > place.radiusKm + s.radiusKm) continue;
    if (s.kind === 'denial') {
      if (last < s.firstDay || first > s.lastDay) continue;
      if (s.actors.length && !namesOverlap(s.actors, check.perpetrators)) continue;
    } else if (first <= s.lastDay || first > s.lastDay + OPERATION_END_WINDOW_DAYS) continue;
    const key = `${s.kind}|${s.incidentId}`;
    concerning.set(key, [...(concerning.get(key) ?? []), s]);
  }
  const out: Omit<Contradiction, 'id' | 'incidentId'>[] = [];
  for (const key of [...concerning.keys()].sort()) {
    const told = concerning.get(key)!.sort((a, b) => (a.claimId < b.claimId ? -1 : 1));
    const s = told[0]!;
    const sideB = told.map((t) => t.claimId);
    if (s.kind === 'denial') {
      out.push({
        kind: 'denial',
        otherIncidentId: s.incidentId,
        sideA: backing.map((m) => m.claim.id),
        sideB,
        summary: `${s.label} denies it; ${labels(backing)} say it happened`,
      });
    } else {
      const end = Math.min(...told.map((t) => t.lastDay));
      out.push({
        kind: 'operation-end',
        otherIncidentId: s.incidentId,
        sideA: backing.map((m) => m.claim.id),
        sideB,
        summary: `${s.label} said the operation was over on ${dayIso(end)}; ${labels(backing)} report this on ${date.start}`,
      });
    }
  }
  return out;
}
