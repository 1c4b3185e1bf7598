import type { Incident } from '../../domain/incident.ts';
import type { Report } from '../../domain/report.ts';
import type { Clock } from '../../ports/clock.ts';
import type { ClaimLink, StoredClaim } from '../../ports/resolution.ts';
import { canonicalRun } from './canonical-run.ts';
import { deriveReport } from './derivation.ts';
import type { ReportMeta } from './origins.ts';
import { registerStatements } from './statements.ts';
import { type ResolutionPorts, workspace } from './workspace.ts';

export { ALIGN_THRESHOLD, REPEAT_SIMILARITY } from './place-claim.ts';

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
  /** Links of every claim this run placed: the report's, and later claims placed again. */
  links: ClaimLink[];
}

/**
 * Resolves one report's claims into incidents (docs/resolution.md): finds the report its text
 * derives from, traces each claim to its origin, places each claim — by an analyst's decision,
 * as a repeat within the report, as a copy of an earlier report's claim, or by the clustering
 * score against the candidate incidents of its block — and re-assesses only the incidents it
 * touched. Placement follows the canonical order of claims (publication date, report id,
 * ordinal), so the record is the same whatever order reports arrive in: claims later in that
 * order whose placement the report could change are placed again after it. Re-running it for
 * the same report replaces that report's previous resolution.
 */
export async function runResolve(input: ResolveInput, deps: ResolveDeps): Promise<ResolveOutcome> {
  const ports = deps.store;
  const now = deps.clock.now().toISOString();
  const ws = workspace(ports, now, deps.actor);
  const { report } = input;
  const claims = [...input.claims].sort((a, b) => a.ordinal - b.ordinal);
  const claimIds = new Set(claims.map((c) => c.id));

  const previous = await ports.claimLinks.forReport(report.id);
  await ws.load(previous.map((l) => l.incidentId));
  const derivation = await deriveReport(report, ports);
  const run = canonicalRun(ports, ws);
  run.setContext(report.id, {
    meta: report,
    root: derivation.root,
    matched: derivation.matched?.reportId ?? null,
    claims,
  });
  // Claims re-extraction dropped leave their incidents; the report's claims are placed again.
  const gone = previous.filter((l) => !claimIds.has(l.claimId));
  for (const l of gone) ws.remove(l.claimId);
  // (`previous` is every link the record holds for the report's claims.)
  await run.enqueueReport(report.id, previous);
  // Reports now known to copy this one, and the copies of those, trace to a new root: their
  // claims are placed again (origins, and lining up with the original's claims).
  const reRooted = new Set<string>();
  let layer = derivation.reRooted.map((s) => s.reportId);
  while (layer.length) {
    const next: string[] = [];
    for (const id of layer) {
      if (reRooted.has(id) || id === report.id) continue;
      reRooted.add(id);
      await run.enqueueReport(id);
      for (const copy of await ports.nearDuplicates.derivedFrom(id)) next.push(copy.reportId);
    }
    layer = next;
  }
  await run.drain();

  const { links, views } = run.placed();
  ws.reloadSources();
  await ports.claimLinks.drop(gone.map((l) => l.claimId));
  await ports.claimLinks.put(links);
  await ports.contradictions.dropStatements([
    ...new Set([...gone.map((l) => l.claimId), ...links.map((l) => l.claimId)]),
  ]);
  await registerStatements(views, links, ws, ports);
  // Events a statement contradicted are assessed again when the statement moved.
  for (const id of run.leftStatements()) {
    for (const c of await ports.contradictions.forIncident(id))
      await ws.load([c.incidentId, ...(c.otherIncidentId ? [c.otherIncidentId] : [])]);
  }
  const settled = await ws.settle();
  return {
    incidents: settled.changed,
    retired: settled.retired,
    derivedFrom: derivation.matched?.reportId ?? null,
    links,
  };
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
