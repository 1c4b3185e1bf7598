import type { Decision } from '../../ports/resolution.ts';

/**
 * What analysts' decisions say about one claim: which claims must stay with it, which must stay
 * apart, and the incident id its group was given. For any two claims the latest decision
 * naming both wins (a split after a merge separates them again).
 */
export interface ClaimConstraints {
  together: Set<string>;
  apart: Set<string>;
  /** The incident id the latest decision gave the claim's group. */
  preferredId: string | null;
  /** The decision that fixed the claim's place, for the record. */
  decision: Decision | null;
}

/** No decision names the claim (nearly every claim): one shared answer, never changed. */
const NONE: ClaimConstraints = {
  together: new Set<string>(),
  apart: new Set<string>(),
  preferredId: null,
  decision: null,
};

export function constraintsFor(claimId: string, decisions: Decision[]): ClaimConstraints {
  if (decisions.length === 0) return NONE;
  const relation = new Map<string, 'together' | 'apart'>();
  let preferredId: string | null = null;
  let decision: Decision | null = null;
  const ordered = [...decisions].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const d of ordered) {
    const mine = d.groups.find((g) => g.claimIds.includes(claimId));
    if (!mine) continue;
    preferredId = mine.incidentId;
    decision = d;
    for (const g of d.groups) {
      for (const other of g.claimIds) {
        if (other === claimId) continue;
        relation.set(other, g === mine ? 'together' : 'apart');
      }
    }
  }
  const together = new Set<string>();
  const apart = new Set<string>();
  for (const [other, r] of relation) (r === 'together' ? together : apart).add(other);
  return { together, apart, preferredId, decision };
}
