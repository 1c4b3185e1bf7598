import type { Incident } from '../../domain/incident.ts';
import type { Report } from '../../domain/report.ts';
import type { Clock } from '../../ports/clock.ts';
import type { ClaimLink, IncidentProfile, StoredClaim } from '../../ports/resolution.ts';
import { blockOf, type ClaimView, harmKind, viewOf } from './claim-view.ts';
import { type ClaimConstraints, constraintsFor } from './decision-rules.ts';
import { type Derivation, deriveReport, reoriginReports } from './derivation.ts';
import { originOf, type ReportMeta } from './origins.ts';
import { AMBIGUITY_MARGIN, JOIN_THRESHOLD, type ScoreResult, scoreClaim } from './score.ts';
import { registerStatements } from './statements.ts';
import { sentenceSimilarity } from './text-signature.ts';
import { type ResolutionPorts, type Workspace, workspace } from './workspace.ts';

export interface ResolveInput {
  report: ReportMeta & { text: string };
  /** The report's claims, in order (ordinal). */
  claims: StoredClaim[];
}

export interface ResolveDeps {
  store: ResolutionPorts;
  clock: Clock;
  actor: string;
}

export interface ResolveOutcome {
  /** Incidents created or changed by this run. */
  incidents: Incident[];
  retired: string[];
  /** The earlier report this one's text derives from, if any. */
  derivedFrom: string | null;
  links: ClaimLink[];
}

/** Within one report, two claims this alike in wording are one statement told twice. */
export const REPEAT_SIMILARITY = 0.6;
/** A copy's claim lines up with the original's claim when their match reaches this. */
export const ALIGN_THRESHOLD = 0.35;

/**
 * Resolves one report's claims into incidents (docs/resolution.md): finds the report its text
 * derives from, traces each claim to its origin, places each claim — by an analyst's decision,
 * as a repeat within the report, as a copy of an earlier report's claim, or by the clustering
 * score against the candidate incidents of its block — and re-assesses only the incidents it
 * touched. Re-running it for the same report replaces that report's previous resolution.
 */
export async function runResolve(input: ResolveInput, deps: ResolveDeps): Promise<ResolveOutcome> {
  const ports = deps.store;
  const now = deps.clock.now().toISOString();
  const ws = workspace(ports, now, deps.actor);
  const { report } = input;
  const claims = [...input.claims].sort((a, b) => a.ordinal - b.ordinal);
  const claimIds = claims.map((c) => c.id);

  // Forget this report's previous resolution (re-extraction keeps claim ids).
  const previous = await ports.claimLinks.forReport(report.id);
  await ws.load(previous.map((l) => l.incidentId));
  for (const l of previous) ws.remove(l.claimId);
  await ports.claimLinks.drop(previous.map((l) => l.claimId));
  await ports.contradictions.dropStatements([...new Set([...previous.map((l) => l.claimId), ...claimIds])]);

  const derivation = await deriveReport(report, ports);
  if (derivation.reRooted.length) await reoriginReports(derivation.reRooted, derivation.root, ports, ws);

  const decisions = claimIds.length ? await ports.decisions.forClaims(claimIds) : [];
  const aligned = await alignWithOriginal(claims, derivation, ports);
  let seq = await ports.claimLinks.lastSeq();
  const links: ClaimLink[] = [];
  const views: ClaimView[] = [];

  for (const claim of claims) {
    const view = viewOf(claim);
    views.push(view);
    const origin = await originOf(claim, report, derivation.root, ports.sources);
    const cons = constraintsFor(claim.id, decisions);
    const placed = await place(view, cons, aligned.get(claim.id) ?? null, claims, ws, ports);
    const link: ClaimLink = {
      claimId: claim.id,
      reportId: report.id,
      incidentId: placed.incidentId,
      origin,
      derivedFromClaim: aligned.get(claim.id)?.claimId ?? null,
      reason: placed.reason,
      seq: ++seq,
    };
    await ws.add(placed.incidentId, claim, link);
    links.push(link);
  }
  ws.reloadSources();
  await ports.claimLinks.put(links);
  await registerStatements(views, links, ws, ports);
  const settled = await ws.settle();
  return {
    incidents: settled.changed,
    retired: settled.retired,
    derivedFrom: derivation.matched?.reportId ?? null,
    links,
  };
}

interface Placement {
  incidentId: string;
  reason: ClaimLink['reason'];
}

async function place(
  view: ClaimView,
  cons: ClaimConstraints,
  original: { claimId: string; incidentId: string; similarity: number } | null,
  reportClaims: StoredClaim[],
  ws: Workspace,
  ports: ResolutionPorts,
): Promise<Placement> {
  const claim = view.claim;
  const vetoed = await incidentsOf([...cons.apart], ws, ports);
  const analyst = cons.decision
    ? `${cons.decision.actor}, ${cons.decision.at.slice(0, 10)}: ${cons.decision.reason}`
    : '';

  // 1. An analyst put this claim with others: it goes where they are.
  const partners = await incidentsOf([...cons.together], ws, ports);
  const pinned = cons.preferredId && partners.has(cons.preferredId) ? cons.preferredId : [...partners][0];
  if (pinned && !vetoed.has(pinned)) {
    return {
      incidentId: pinned,
      reason: { rule: 'analyst', text: `kept with its group by an analyst (${analyst})` },
    };
  }

  // 2. The same statement told twice in one report.
  const repeat = reportClaims.find(
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
  const repeatIn = repeat ? ws.incidentOf(repeat.id) : null;
  if (repeat && repeatIn && !vetoed.has(repeatIn)) {
    return {
      incidentId: repeatIn,
      reason: { rule: 'repeat', text: `repeats claim ${repeat.id} of the same report` },
    };
  }

  // 3. A copy of an earlier report's claim.
  if (original && !vetoed.has(original.incidentId)) {
    return {
      incidentId: original.incidentId,
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
    const inHand = await ws.profiles(block);
    const stored = await ports.incidents.findCandidates(block);
    const candidates = new Map<string, IncidentProfile>();
    // An incident this run holds is judged as it stands now, never by its stored profile.
    for (const p of stored) if (!ws.holds(p.id)) candidates.set(p.id, p);
    for (const [id, p] of inHand) if (p.mode === 'event') candidates.set(id, p);
    const scored: { id: string; s: ScoreResult }[] = [];
    for (const [id, p] of candidates) {
      if (vetoed.has(id) || p.mode !== 'event') continue;
      const s = scoreClaim(view, p);
      if (!s.veto && s.score >= JOIN_THRESHOLD) scored.push({ id, s });
    }
    scored.sort((a, b) => b.s.score - a.s.score || (a.id < b.id ? -1 : 1));
    const best = scored[0];
    const vague = (claim.place?.wherePrec ?? 9) >= 3 || view.inferredDate;
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

/** Incidents the given claims are in now (in this run's hand first, then the record). */
async function incidentsOf(claimIds: string[], ws: Workspace, ports: ResolutionPorts): Promise<Set<string>> {
  const out = new Set<string>();
  if (!claimIds.length) return out;
  const rest: string[] = [];
  for (const id of claimIds) {
    const inHand = ws.incidentOf(id);
    if (inHand) out.add(inHand);
    else rest.push(id);
  }
  if (rest.length) for (const l of await ports.claimLinks.forClaims(rest)) out.add(l.incidentId);
  return out;
}

/**
 * Lines up a copy's claims with the claims of the report it derives from: same family, best
 * wording match, same type and nearby position breaking ties.
 */
async function alignWithOriginal(
  claims: StoredClaim[],
  derivation: Derivation,
  ports: ResolutionPorts,
): Promise<Map<string, { claimId: string; incidentId: string; similarity: number }>> {
  const out = new Map<string, { claimId: string; incidentId: string; similarity: number }>();
  if (!derivation.matched || !claims.length) return out;
  const originals = await ports.claims.forReport(derivation.matched.reportId);
  const where = new Map(
    (await ports.claimLinks.forReport(derivation.matched.reportId)).map((l) => [l.claimId, l]),
  );
  const n = Math.max(1, claims.length - 1);
  const m = Math.max(1, originals.length - 1);
  for (const claim of claims) {
    const view = viewOf(claim);
    let best: { claimId: string; incidentId: string; similarity: number; score: number } | null = null;
    originals.forEach((o, j) => {
      const link = where.get(o.id);
      if (!link) return;
      const ov = viewOf(o);
      if (ov.family !== view.family) return;
      const similarity = claim.quote && o.quote ? sentenceSimilarity(claim.quote, o.quote) : 0;
      const position = Math.abs(claim.ordinal / n - j / m);
      const score =
        similarity +
        (o.type === claim.type && o.subType === claim.subType ? 0.25 : 0) +
        (ov.kind === view.kind ? 0.1 : 0) -
        0.1 * position;
      if (!best || score > best.score)
        best = { claimId: o.id, incidentId: link.incidentId, similarity, score };
    });
    const chosen = best as { claimId: string; incidentId: string; similarity: number; score: number } | null;
    if (chosen && chosen.score >= ALIGN_THRESHOLD) out.set(claim.id, chosen);
  }
  return out;
}

/** What resolving stored claims needs: the ports, plus reading their report back. */
export interface StoredResolveDeps extends ResolveDeps {
  store: ResolutionPorts & {
    reports: { get(id: string): Promise<Report | null> };
  };
}

/**
 * The ingest-side entry point: resolves a report's claims as stored (the report is read back
 * for its text and source) and returns every incident the claims are in, changed or not, plus
 * any other incident the run changed — so a caller that records incidents by claim keeps them all.
 */
export async function resolveStoredClaims(
  claims: StoredClaim[],
  deps: StoredResolveDeps,
  reportId: string | null = claims[0]?.reportId ?? null,
): Promise<Incident[]> {
  if (!reportId) return [];
  const report = await deps.store.reports.get(reportId);
  if (!report) return [];
  const out = await runResolve(
    {
      report: {
        id: report.id,
        sourceName: report.sourceName,
        published: report.published ?? report.ingestedAt,
        ingestedAt: report.ingestedAt,
        text: report.text,
      },
      claims,
    },
    deps,
  );
  const changed = new Map(out.incidents.map((i) => [i.id, i]));
  const holding = [...new Set(out.links.map((l) => l.incidentId))].filter((id) => !changed.has(id));
  return [...out.incidents, ...(await deps.store.incidents.getMany(holding))];
}
