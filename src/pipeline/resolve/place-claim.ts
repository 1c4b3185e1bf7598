import type { ClaimLink, IncidentProfile, StoredClaim } from '../../ports/resolution.ts';
import { blockOf, type ClaimView, harmKind, STATEMENT_TYPES, viewOf } from './claim-view.ts';
import type { ClaimConstraints } from './decision-rules.ts';
import { scoreFootage } from './footage.ts';
import { AMBIGUITY_MARGIN, JOIN_THRESHOLD, type ScoreResult, scoreClaim } from './score.ts';
import { scoreStatement, statementOf } from './statements.ts';
import { sentenceSimilarity } from './text-signature.ts';
import type { Workspace } from './workspace.ts';

/** Within one report, two claims this alike in wording are one statement told twice. */
export const REPEAT_SIMILARITY = 0.6;
/** A copy's claim lines up with the original's claim when their match reaches this. */
export const ALIGN_THRESHOLD = 0.35;

const NO_IDS: ReadonlySet<string> = new Set();

export interface Placement {
  incidentId: string;
  reason: ClaimLink['reason'];
}

/** What placing one claim needs to know about the claims placed before it. */
export interface PlaceInput {
  view: ClaimView;
  /** The claim's canonical order key: only claims before it count. */
  key: string;
  cons: ClaimConstraints;
  /** The claim of the original report this copy's claim lines up with. */
  original: { claimId: string; similarity: number } | null;
  /** The claims of the claim's report, by ordinal. */
  reportClaims: StoredClaim[];
  /** Candidate incidents of the claim's block as recorded (null when it has no block). */
  stored: IncidentProfile[] | null;
  ws: Workspace;
  /** Where a claim placed before this one sits (null when it is not placed, or comes later). */
  placedBefore(claimId: string): Promise<string | null>;
}

/**
 * Places a claim by the first rule that applies (docs/resolution.md, "Clustering"): an analyst's
 * decision, a repeat within the report, a copy of an earlier report's claim, the clustering score
 * against the candidate incidents of its block, or a new incident.
 */
export async function placeClaim(input: PlaceInput): Promise<Placement> {
  const { view, cons, ws } = input;
  const claim = view.claim;
  const incidentsOf = async (ids: ReadonlySet<string>): Promise<ReadonlySet<string>> => {
    const out = new Set<string>();
    for (const id of ids) {
      const at = await input.placedBefore(id);
      if (at) out.add(at);
    }
    return out;
  };
  // Most claims have no analyst decision: nothing to look up, nothing awaited.
  const vetoed = cons.apart.size ? await incidentsOf(cons.apart) : NO_IDS;
  const analyst = cons.decision
    ? `${cons.decision.actor}, ${cons.decision.at.slice(0, 10)}: ${cons.decision.reason}`
    : '';

  // 1. An analyst put this claim with others: it goes where they are.
  const partners = cons.together.size ? await incidentsOf(cons.together) : NO_IDS;
  const pinned = cons.preferredId && partners.has(cons.preferredId) ? cons.preferredId : [...partners][0];
  if (pinned && !vetoed.has(pinned)) {
    return {
      incidentId: pinned,
      reason: { rule: 'analyst', text: `kept with its group by an analyst (${analyst})` },
    };
  }

  // 2. The same statement told twice in one report.
  const repeat = input.reportClaims.find(
    (other) =>
      other.ordinal < claim.ordinal &&
      harmKind(other.type, other.subType) === view.kind &&
      (claim.repeatOf === other.id ||
        // A statement told twice names the same place and day; only then compare the wording.
        ((other.place?.name ?? null) === (claim.place?.name ?? null) &&
          (other.date?.start ?? null) === (claim.date?.start ?? null) &&
          other.quote &&
          claim.quote &&
          sentenceSimilarity(other.quote, claim.quote) >= REPEAT_SIMILARITY)),
  );
  const repeatIn = repeat ? await input.placedBefore(repeat.id) : null;
  if (repeat && repeatIn && !vetoed.has(repeatIn)) {
    return {
      incidentId: repeatIn,
      reason: { rule: 'repeat', text: `repeats claim ${repeat.id} of the same report` },
    };
  }

  // 2b. Part of its author's statement in this report (an announcement and its denial).
  const statement = statementOf(claim, input.reportClaims);
  const statementIn = statement ? await input.placedBefore(statement.id) : null;
  if (statement && statementIn && !vetoed.has(statementIn)) {
    return {
      incidentId: statementIn,
      reason: { rule: 'repeat', text: `said in the same statement as claim ${statement.id}` },
    };
  }

  // 3. A copy of an earlier report's claim.
  const original = input.original;
  const originalIn = original ? await input.placedBefore(original.claimId) : null;
  if (original && originalIn && !vetoed.has(originalIn)) {
    return {
      incidentId: originalIn,
      reason: {
        rule: 'derived',
        text: `near-duplicate of claim ${original.claimId} (similarity ${original.similarity.toFixed(2)})`,
        score: original.similarity,
      },
    };
  }

  // 4. The clustering score against the candidates of its block.
  const block = blockOf(view);
  if (block) {
    const inHand = await ws.profiles(block, input.key);
    const scored: { id: string; s: ScoreResult }[] = [];
    const consider = (id: string, p: IncidentProfile) => {
      if (vetoed.has(id)) return;
      const s = joinScore(view, p);
      if (s) scored.push({ id, s });
    };
    // An incident this run holds is judged as it stands now, never by its stored profile (the
    // two lists never share an incident).
    for (const p of input.stored ?? []) if (!ws.holds(p.id)) consider(p.id, p);
    for (const [id, p] of inHand) if (p.mode === 'event') consider(id, p);
    scored.sort((a, b) => b.s.score - a.s.score || (a.id < b.id ? -1 : 1));
    const best = scored[0];
    const vague = isVague(view);
    const ambiguous = vague && scored.length > 1 && best!.s.score - scored[1]!.s.score < AMBIGUITY_MARGIN;
    if (best && !ambiguous) {
      return {
        incidentId: best.id,
        reason: { rule: 'score', text: best.s.text, score: best.s.score, parts: best.s.parts },
      };
    }
    if (best && ambiguous) {
      const id = await ws.freshId(claim.id, cons.preferredId);
      return {
        incidentId: id,
        reason: {
          rule: 'new',
          text: `too vague to choose between ${scored.length} matching incidents (${scored
            .slice(0, 3)
            .map((x) => x.id)
            .join(', ')}); kept apart`,
        },
      };
    }
  }
  const id = await ws.freshId(claim.id, cons.preferredId);
  const why = block
    ? 'no incident close enough in type, place, date and actors'
    : 'too vague in place or date to match';
  return { incidentId: id, reason: { rule: 'new', text: `new incident: ${why}` } };
}

/** The claim's score against an incident it could join (an event, no veto, at the threshold), or null. */
export function joinScore(view: ClaimView, profile: IncidentProfile | null): ScoreResult | null {
  if (profile?.mode !== 'event') return null;
  // What a video shows and what was reported are matched only within their own kind.
  const footage = view.claim.attribution.basis === 'footage';
  if (footage !== Boolean(profile.footage)) return null;
  const s = footage
    ? scoreFootage(view, profile)
    : STATEMENT_TYPES.has(view.claim.type)
      ? scoreStatement(view, profile)
      : scoreClaim(view, profile);
  return !s.vetoed && s.score >= JOIN_THRESHOLD ? s : null;
}

/** A claim too vague to choose between two incidents that fit it almost equally (§3, "vague"). */
export function isVague(view: ClaimView): boolean {
  return (view.claim.place?.wherePrec ?? 9) >= 3 || view.inferredDate;
}

/**
 * Lines up a copy's claims with the claims of the report it derives from: same family, best
 * wording match, same type and nearby position breaking ties.
 */
export function alignWithOriginal(
  claims: StoredClaim[],
  originals: StoredClaim[],
): Map<string, { claimId: string; similarity: number }> {
  const out = new Map<string, { claimId: string; similarity: number }>();
  if (!originals.length || !claims.length) return out;
  const n = Math.max(1, claims.length - 1);
  const m = Math.max(1, originals.length - 1);
  const views = originals.map(viewOf);
  for (const claim of claims) {
    const view = viewOf(claim);
    let best: { claimId: string; similarity: number; score: number } | null = null;
    originals.forEach((o, j) => {
      const ov = views[j]!;
      if (ov.family !== view.family) return;
      const similarity = claim.quote && o.quote ? sentenceSimilarity(claim.quote, o.quote) : 0;
      const position = Math.abs(claim.ordinal / n - j / m);
      const score =
        similarity +
        (o.type === claim.type && o.subType === claim.subType ? 0.25 : 0) +
        (ov.kind === view.kind ? 0.1 : 0) -
        0.1 * position;
      if (!best || score > best.score) best = { claimId: o.id, similarity, score };
    });
    const chosen = best as { claimId: string; similarity: number; score: number } | null;
    if (chosen && chosen.score >= ALIGN_THRESHOLD) out.set(claim.id, chosen);
  }
  return out;
}
