import type { ClaimLink, TextSignature } from '../../ports/resolution.ts';
import { originOf, type ReportMeta } from './origins.ts';
import { judgeNearDuplicate, signatures } from './text-signature.ts';
import type { ResolutionPorts, Workspace } from './workspace.ts';

/** Where a report's text comes from. */
export interface Derivation {
  /** The earliest report whose text this one copies, if any. */
  matched: TextSignature | null;
  similarity: number | null;
  by: 'words' | 'skeleton' | null;
  /** The first report of the chain of copies: its outlet is the origin of unattributed claims. */
  root: ReportMeta;
  /** Later reports, held as originals until now, that turn out to copy this one. */
  reRooted: TextSignature[];
}

const MAX_CHAIN = 10;

/**
 * Copies are sought among reports published within a week either side (band keys carry the
 * week of publication), so the work per report stays the same however large the store grows.
 * Wire copies, rewrites and spun clones appear within days of their original.
 */
export const COPY_WINDOW_WEEKS = 1;

/** Weeks since 1970 of a date or timestamp ("2025-03-09", "2025-03-09T10:00:00Z"). */
function weekOf(published: string): number {
  const day = Math.floor(Date.parse(`${published.slice(0, 10)}T00:00:00Z`) / 86_400_000);
  return Number.isFinite(day) ? Math.floor(day / 7) : 0;
}

type Dated = { published: string; ingestedAt: string; reportId: string };

/** Publication date first, then arrival, then id: the same order on every run. */
function earlier(a: Dated, b: Dated): boolean {
  if (a.published !== b.published) return a.published < b.published;
  if (a.ingestedAt !== b.ingestedAt) return a.ingestedAt < b.ingestedAt;
  return a.reportId < b.reportId;
}

function meta(sig: TextSignature): ReportMeta {
  return {
    id: sig.reportId,
    sourceName: sig.sourceName,
    published: sig.published,
    ingestedAt: sig.ingestedAt,
  };
}

export async function rootOf(sig: TextSignature, ports: ResolutionPorts): Promise<ReportMeta> {
  let at = sig;
  for (let hop = 0; hop < MAX_CHAIN && at.derivedFrom; hop++) {
    const up = await ports.nearDuplicates.get(at.derivedFrom);
    if (!up) break;
    at = up;
  }
  return meta(at);
}

/**
 * Signs the report's text, records the signature, and finds the earlier report it is a
 * near-duplicate of (a wire copy, a rewrite, a spun clone). The earlier of two copies
 * (publication date, then id) is the original, whichever arrived first.
 */
export async function deriveReport(
  report: ReportMeta & { text: string },
  ports: ResolutionPorts,
): Promise<Derivation> {
  const sig = signatures(report.text);
  const self = { reportId: report.id, published: report.published, ingestedAt: report.ingestedAt ?? '' };
  const week = weekOf(report.published);
  const nearby: string[] = [];
  for (let d = -COPY_WINDOW_WEEKS; d <= COPY_WINDOW_WEEKS; d++)
    for (const b of sig.bands) nearby.push(`${b}@${week + d}`);
  const candidates = sig.bands.length ? await ports.nearDuplicates.similar(nearby, report.id) : [];
  const judged = candidates
    .map((c) => ({ c, v: judgeNearDuplicate(sig, c, sig.skeletonSize) }))
    .filter((x) => x.v.duplicate);
  const before = judged
    .filter((x) => earlier(x.c, self))
    // The earliest copy is the original the others derive from, however alike two later copies are.
    .sort((a, b) => (earlier(a.c, b.c) ? -1 : 1));
  const match = before[0] ?? null;
  const root = match
    ? await rootOf(match.c, ports)
    : { id: report.id, sourceName: report.sourceName, published: report.published };
  await ports.nearDuplicates.put({
    reportId: report.id,
    sourceName: report.sourceName,
    published: report.published,
    ingestedAt: self.ingestedAt,
    words: sig.words,
    skeleton: sig.skeleton,
    bands: sig.bands.map((b) => `${b}@${week}`),
    derivedFrom: match?.c.reportId ?? null,
    similarity: match ? match.v.similarity : null,
  });
  const reRooted: TextSignature[] = [];
  for (const x of judged) {
    if (earlier(x.c, self) || x.c.derivedFrom !== null) continue;
    const updated = { ...x.c, derivedFrom: report.id, similarity: x.v.similarity };
    await ports.nearDuplicates.put(updated);
    reRooted.push(updated);
  }
  return {
    matched: match?.c ?? null,
    similarity: match?.v.similarity ?? null,
    by: match?.v.by ?? null,
    root,
    reRooted,
  };
}

/**
 * Reports that turned out to be copies of an earlier one (which arrived later) take the new
 * root as their origin: their claims' origins are traced again and their incidents re-assessed.
 * Their clustering stands; only where the claims come from changes.
 */
export async function reoriginReports(
  reports: TextSignature[],
  original: ReportMeta,
  ports: ResolutionPorts,
  ws: Workspace,
): Promise<void> {
  const seen = new Set<string>();
  let queue = [...reports];
  const root = original;
  for (let depth = 0; depth < MAX_CHAIN && queue.length; depth++) {
    const next: TextSignature[] = [];
    for (const sig of queue) {
      if (seen.has(sig.reportId)) continue;
      seen.add(sig.reportId);
      const links = await ports.claimLinks.forReport(sig.reportId);
      const claims = new Map((await ports.claims.get(links.map((l) => l.claimId))).map((c) => [c.id, c]));
      const updated: ClaimLink[] = [];
      for (const link of links) {
        const claim = claims.get(link.claimId);
        if (!claim) continue;
        const origin = await originOf(claim, meta(sig), root, ports.sources);
        const relinked = { ...link, origin };
        updated.push(relinked);
        await ws.add(link.incidentId, claim, relinked);
      }
      await ports.claimLinks.put(updated);
      next.push(...(await ports.nearDuplicates.derivedFrom(sig.reportId)));
    }
    queue = next;
  }
}
