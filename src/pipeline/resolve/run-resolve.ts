import type { Claim } from '../../domain/claim.ts';
import type { Incident } from '../../domain/incident.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Store } from '../../ports/store.ts';

export interface ResolveDeps {
  store: Store;
  clock: Clock;
}

/**
 * Claims → incidents. Walking skeleton: one incident per claim, graded weak (one origin).
 * The resolution engine replaces this with clustering, origins and grades.
 */
export async function runResolve(claims: Claim[], deps: ResolveDeps): Promise<Incident[]> {
  const at = deps.clock.now().toISOString();
  return claims
    .filter((c) => c.repeatOf === null)
    .map((c) => ({
      id: `inc-${c.id}`,
      type: c.type,
      subType: c.subType,
      place: c.place,
      date: c.date,
      casualties: c.casualties,
      grade: 'weak' as const,
      gradeReason: `weak: a single origin — ${c.attribution.source ?? 'an unnamed source'}`,
      independence: 1,
      claimIds: [c.id],
      published: false,
      version: 1,
      updatedAt: at,
    }));
}
