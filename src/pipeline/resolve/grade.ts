import type { Stance } from '../../domain/claim.ts';
import type { Grade } from '../../domain/grade.ts';
import type { Contradiction } from '../../ports/resolution.ts';
import { namesOverlap, normalizeActor } from './claim-view.ts';

/** How much one claim's stance counts towards corroboration. */
export const STANCE_WEIGHT: Record<Stance, number> = {
  asserted: 1,
  reported: 1,
  official: 1,
  alleged: 0.5,
  unverified: 0.5,
  denied: 0,
  call: 0,
};
/** Hedged wording ("may have", "could number") weighs this much of its stance. */
export const MODALITY_FACTOR = 0.75;
/** Weighted origins needed for `fair`. */
export const FAIR_WEIGHT = 1.5;

export interface GradeInput {
  mode: 'event' | 'statement';
  /** Labels of the distinct origin groups behind the incident, in order of arrival. */
  origins: string[];
  backing: { group: string; stance: Stance; modality: boolean; sourceName: string | null }[];
  perpetrators: string[];
  contradictions: Contradiction[];
  evidenceHeld: number;
  /**
   * For a statement or a call (the event is that it was made): who made it, when one of its
   * claims is the author's own words — its own publication, or a named author the claim traces
   * to. Null otherwise (residents' plea relayed by an outlet).
   */
  author?: string | null;
  /** A fact-check inside the incident shows it false: its contradiction's id and summary. */
  shownFalse?: { by: string; id: string } | null;
  /** Every supporting claim tells what a video is said to show (not yet verified footage). */
  footage?: boolean;
}

/**
 * The grade and why (docs/resolution.md, "Grades"), after Airwars' scale:
 * - contested: someone denies it, or sources name different perpetrators;
 * - confirmed: a party named as responsible acknowledges it (an official claim by that party), or
 *   a statement or call is told in its author's own words (the author accepts having made it);
 * - fair: two or more independent origins, weighing at least FAIR_WEIGHT (allegations,
 *   unverified and hedged claims weigh less);
 * - weak: one origin, or several that only allege it.
 * - discounted: a fact-check inside the incident shows it false (an analyst may also set it:
 *   shown false otherwise, or not civilian harm).
 */
export function gradeIncident(input: GradeInput): { grade: Grade; reason: string } {
  const n = input.origins.length;
  const names = input.origins.join(', ');
  const origins = n === 1 ? `a single origin — ${names}` : `${n} independent origins — ${names}`;
  const notes: string[] = [];
  // (Most incidents have no contradiction: nothing is filtered for them.)
  const contradictions = input.contradictions;
  const casualty = contradictions.length ? contradictions.filter((c) => c.kind === 'casualties') : [];
  if (casualty.length) notes.push(`casualty figures disagree (${casualty.map((c) => c.summary).join('; ')})`);
  const opEnd = contradictions.length ? contradictions.filter((c) => c.kind === 'operation-end') : [];
  if (opEnd.length) notes.push(opEnd.map((c) => c.summary).join('; '));
  if (input.evidenceHeld > 0) notes.push(`${input.evidenceHeld} evidence item(s) held`);
  if (input.footage) {
    notes.push(
      'told only from footage: where and when it was filmed is not verified, so it is not matched with reported events',
    );
  }
  const tail = notes.length ? `. ${notes.join('. ')}` : '';

  if (input.shownFalse) {
    return {
      grade: 'discounted',
      reason: `discounted: shown false — ${input.shownFalse.by} (${origins})${tail}`,
    };
  }
  // A statement or call is an act of its author: the author's own words accept that it was made.
  if (input.author && !input.contradictions.some((c) => c.kind === 'denial' || c.kind === 'perpetrator')) {
    return {
      grade: 'confirmed',
      reason: `confirmed: ${input.author} made this statement itself — its own words are the source (${origins})${tail}`,
    };
  }
  if (input.mode === 'statement') {
    return { grade: 'weak', reason: `weak: a statement standing alone, from ${origins}${tail}` };
  }
  const disputes = contradictions.length
    ? contradictions.filter((c) => c.kind === 'denial' || c.kind === 'perpetrator')
    : [];
  if (disputes.length) {
    return {
      grade: 'contested',
      reason: `contested: ${disputes.map((c) => c.summary).join('; ')} (${origins})${tail}`,
    };
  }
  const acknowledging = input.backing.find(
    (b) =>
      b.stance === 'official' &&
      b.sourceName !== null &&
      input.perpetrators.length > 0 &&
      namesOverlap([normalizeActor(b.sourceName)], input.perpetrators),
  );
  if (acknowledging) {
    return {
      grade: 'confirmed',
      reason: `confirmed: ${acknowledging.sourceName}, named as responsible, acknowledges it (${origins})${tail}`,
    };
  }
  const best = new Map<string, number>();
  for (const b of input.backing) {
    const w = STANCE_WEIGHT[b.stance] * (b.modality ? MODALITY_FACTOR : 1);
    best.set(b.group, Math.max(best.get(b.group) ?? 0, w));
  }
  const weight = [...best.values()].reduce((a, b) => a + b, 0);
  if (n >= 2 && weight >= FAIR_WEIGHT) return { grade: 'fair', reason: `fair: ${origins}${tail}` };
  if (n >= 2) {
    return {
      grade: 'weak',
      reason: `weak: ${origins}, but mostly allegations or unverified accounts (weight ${weight.toFixed(2)} < ${FAIR_WEIGHT})${tail}`,
    };
  }
  return { grade: 'weak', reason: `weak: ${origins}${tail}` };
}
