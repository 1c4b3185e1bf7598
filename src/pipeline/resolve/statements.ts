import type { ClaimLink, IncidentProfile, StandingStatement, StoredClaim } from '../../ports/resolution.ts';
import {
  type ClaimView,
  dayIso,
  namesOverlap,
  normalizeActor,
  placeRadius,
  STATEMENT_TYPES,
} from './claim-view.ts';
import { isNamedSource } from './origins.ts';
import { keptApart, type ScoreResult } from './score.ts';
import { OPERATION_END, OPERATION_END_WINDOW_DAYS } from './standing.ts';
import type { ResolutionPorts, Workspace } from './workspace.ts';

/** Statements may be about a wide area ("the coastal region", the whole country). */
const STATEMENT_RADIUS_KM: Record<number, number> = { 5: 300, 6: 800 };

/**
 * A denial that did not join one incident, and an announcement that an operation is over, stand
 * apart as statements: every event incident in their area and days is then checked against
 * them, now and whenever such an incident changes later (docs/resolution.md, "Contradictions").
 * Returns the incidents they concern, loaded into the workspace for re-assessment.
 */
export async function registerStatements(
  views: ClaimView[],
  links: ClaimLink[],
  ws: Workspace,
  ports: ResolutionPorts,
): Promise<void> {
  for (let i = 0; i < views.length; i++) {
    const view = views[i]!;
    const link = links[i]!;
    const claim = view.claim;
    const place = claim.place;
    if (!place || place.lat === null || place.lon === null || !claim.date) continue;
    const radius = placeRadius(place.wherePrec) ?? STATEMENT_RADIUS_KM[place.wherePrec];
    if (radius === undefined) continue;
    let kind: StandingStatement['kind'] | null = null;
    if (claim.attribution.stance === 'denied') {
      // A denial standing alone, or one said in a statement of its author's (an announcement
      // that also denies): either way it stands against events in its area and days.
      const profile = await ws.profile(link.incidentId);
      if (profile?.mode === 'statement' || profile?.family === 'statement') kind = 'denial';
    } else if (
      claim.type === 'Official statement' &&
      claim.subType === 'Operation announcement' &&
      (!claim.quote || OPERATION_END.test(claim.quote))
    ) {
      kind = 'operation-end';
    }
    if (!kind) continue;
    const said = claim.attribution.source;
    const actors =
      kind === 'denial'
        ? view.perpetrators.length
          ? view.perpetrators
          : said && isNamedSource(said)
            ? [normalizeActor(said)]
            : []
        : [];
    const statement: StandingStatement = {
      claimId: claim.id,
      incidentId: link.incidentId,
      kind,
      family: kind === 'denial' ? view.family : 'violence',
      lat: place.lat,
      lon: place.lon,
      radiusKm: radius,
      firstDay: view.firstDay!,
      lastDay: view.lastDay!,
      actors,
      label: link.origin.label,
    };
    await ports.contradictions.putStatement(statement);
    const concerned = await ports.incidents.findCandidates({
      family: statement.family,
      lat: statement.lat,
      lon: statement.lon,
      reachKm: radius,
      firstDay: kind === 'denial' ? statement.firstDay : statement.lastDay + 1,
      lastDay: kind === 'denial' ? statement.lastDay : statement.lastDay + OPERATION_END_WINDOW_DAYS,
      coarse: true,
    });
    await ws.load(concerned.map((p) => p.id));
  }
}

/**
 * Whether a statement or call (an announcement, a denial, an appeal) is one already on record,
 * told again (docs/resolution.md, "Statements"): the same kind of statement by the same party,
 * on days that overlap. Where the relaying report sets its own story does not matter: a monitor
 * citing the ministry's announcement "on the coast" in a report about Hrisun cites the same
 * announcement. Two parties' statements, or one party's statements of different kinds, are
 * never one. Scored like a claim against an incident, so that placement and re-placement treat
 * it alike (docs/resolution.md, "Order").
 */
export function scoreStatement(view: ClaimView, p: IncidentProfile): ScoreResult {
  const claim = view.claim;
  const parts = { type: 0, place: 0.5, date: 0, casualties: 0.5, actors: 0 };
  const no = (veto: string) => keptApart(veto, parts);
  if (p.type !== claim.type || p.subType !== claim.subType) return no('different kinds of statement');
  if (view.firstDay === null || view.lastDay === null || p.firstDay === null || p.lastDay === null)
    return no('no date to compare');
  if (view.inferredDate && p.inferredDate) return no('neither statement is dated');
  const inter = Math.min(view.lastDay, p.lastDay) - Math.max(view.firstDay, p.firstDay) + 1;
  if (inter <= 0) return no('statements made on different days');
  if (!view.perpetrators.length || !p.perpetrators.length) return no('who made the statement is unknown');
  if (!namesOverlap(view.perpetrators, p.perpetrators)) {
    return no(
      `statements by different parties (${view.perpetrators.join(', ')} vs ${p.perpetrators.join(', ')})`,
    );
  }
  const union = Math.max(view.lastDay, p.lastDay) - Math.min(view.firstDay, p.firstDay) + 1;
  parts.type = 1;
  parts.actors = 1;
  parts.date = 0.5 + 0.5 * (inter / union);
  const score = Math.round((0.8 + 0.2 * (inter / union)) * 1000) / 1000;
  const day =
    inter === union && union === 1
      ? dayIso(Math.max(view.firstDay, p.firstDay))
      : `${inter} of ${union} day(s)`;
  return {
    score,
    vetoed: false,
    veto: null,
    parts,
    text: `the same statement (${claim.subType ?? claim.type}) by ${claim.attribution.source}, ${day} (score ${score.toFixed(2)})`,
  };
}

/**
 * The earlier claim of the same report that is the statement this claim is part of: its
 * author's announcement or call, when this claim is the same author's denial, announcement or
 * call in that report ("The Ministry announces the operation is over … The Ministry categorically
 * denies that its units attacked civilians"). One statement is one incident; the denial still
 * stands against events in its area (`registerStatements`).
 */
export function statementOf(claim: StoredClaim, reportClaims: StoredClaim[]): StoredClaim | null {
  const stance = claim.attribution.stance;
  if (
    stance !== 'denied' &&
    !(STATEMENT_TYPES.has(claim.type) && (stance === 'official' || stance === 'call'))
  )
    return null;
  const said = claim.attribution.source?.trim().toLowerCase();
  if (!said) return null;
  return (
    reportClaims.find(
      (o) =>
        o.ordinal < claim.ordinal &&
        STATEMENT_TYPES.has(o.type) &&
        (o.attribution.stance === 'official' || o.attribution.stance === 'call') &&
        o.attribution.source?.trim().toLowerCase() === said,
    ) ?? null
  );
}
