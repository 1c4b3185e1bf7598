import type { ClaimLink, StandingStatement } from '../../ports/resolution.ts';
import { OPERATION_END, OPERATION_END_WINDOW_DAYS } from './assess.ts';
import { type ClaimView, normalizeActor, placeRadius } from './claim-view.ts';
import { isNamedSource } from './origins.ts';
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
      const profile = await ws.profile(link.incidentId);
      if (profile?.mode === 'statement') kind = 'denial';
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
