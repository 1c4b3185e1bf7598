import type { Member } from './assess.ts';
import { blockOf, type ClaimView } from './claim-view.ts';
import { isVague, joinScore } from './place-claim.ts';
import { byKey, membersBefore, type Workspace } from './workspace.ts';

/** A claim later in the canonical order, and a move below it in one incident. */
export interface LaterPlacement {
  /** The later claim, with its link as it stands. */
  later: Member;
  view: ClaimView;
  /** The incident a claim joined or left. */
  incidentId: string;
  /** The claim that joined or left it (earlier in the order than `later`). */
  changed: Member;
  /** True when `changed` joined the incident, false when it left. */
  joined: boolean;
  ws: Workspace;
}

/**
 * Whether a later claim's placement could change now that a claim earlier in the order joined
 * (or left) an incident (docs/resolution.md, "Order"). Placement is a function of the candidates
 * as they stood before the claim; only this incident changed, so the placement can change only
 * if the claim's score against it as it stood before the claim (its earlier members) differs
 * with and without the move — and then only if the incident is the claim's own, could now win,
 * or could tip a vague claim's choice. Placements by an analyst's decision, a repeat or a copy
 * (rules 1–3) do not look at profiles; their partners are followed apart.
 */
export async function placementMayChange(input: LaterPlacement): Promise<boolean> {
  const { later, view, incidentId, changed, joined, ws } = input;
  const rule = later.link.reason.rule;
  if (rule === 'analyst' || rule === 'repeat' || rule === 'derived') return false;
  const key = later.link.key;
  if (key === undefined) return true;
  if (!blockOf(view)) return false;
  const now = membersBefore(await ws.members(incidentId), key).filter((m) => m.claim.id !== later.claim.id);
  const without = joined ? now.filter((m) => m.claim.id !== changed.claim.id) : [...now, changed].sort(byKey);
  const a = joinScore(view, await ws.profileFor(incidentId, now));
  const b = joinScore(view, await ws.profileFor(incidentId, without));
  if (a === null && b === null) return false;
  if (a && b && a.score === b.score && a.text === b.text) return false;
  // Another incident won with a score neither version of this one reaches: it still wins.
  if (rule === 'score' && later.link.incidentId !== incidentId && !isVague(view)) {
    const best = later.link.reason.score ?? Number.POSITIVE_INFINITY;
    if ((a?.score ?? 0) < best && (b?.score ?? 0) < best) return false;
  }
  return true;
}
