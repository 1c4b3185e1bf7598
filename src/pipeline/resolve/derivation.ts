import { publicationWeek, reportOrderKey, type TextSignature } from '../../ports/resolution.ts';
import { kindFor, type ReportMeta } from './origins.ts';
import { judgeNearDuplicate, signatures } from './text-signature.ts';
import type { ResolutionPorts } from './workspace.ts';

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

type Dated = { published: string; reportId: string; sourceName: string | null };

/** A report's place in the canonical order (docs/resolution.md, "Order"). */
export function orderKeyOf(report: Dated): string {
  return reportOrderKey(report.published, report.reportId, kindFor(report.sourceName ?? '') === 'wire');
}

/**
 * Publication date first, a wire service's story before outlets' the same day, then report id
 * (derived from the content): the same order whatever order the reports arrived in.
 */
export function earlier(a: Dated, b: Dated): boolean {
  return orderKeyOf(a) < orderKeyOf(b);
}

/** Judged on both texts' skeleton sizes (the smaller), so the verdict is the same either way round. */
function judge(
  sig: ReturnType<typeof signatures>,
  other: TextSignature,
): ReturnType<typeof judgeNearDuplicate> {
  return judgeNearDuplicate(sig, other, Math.min(sig.skeletonSize, other.skeletonSize ?? sig.skeletonSize));
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
  const self = {
    reportId: report.id,
    published: report.published,
    sourceName: report.sourceName,
    ingestedAt: report.ingestedAt ?? '',
  };
  const week = publicationWeek(report.published);
  const weeks: number[] = [];
  for (let d = -COPY_WINDOW_WEEKS; d <= COPY_WINDOW_WEEKS; d++) weeks.push(week + d);
  const candidates = sig.bands.length ? await ports.nearDuplicates.similar(sig.bands, weeks, report.id) : [];
  const judged = candidates.map((c) => ({ c, v: judge(sig, c) })).filter((x) => x.v.duplicate);
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
    bands: sig.bands,
    derivedFrom: match?.c.reportId ?? null,
    similarity: match ? match.v.similarity : null,
    skeletonSize: sig.skeletonSize,
  });
  // Later copies that took another report, later than this one, as their original (or none):
  // this one is now the earliest copy before them, as if the reports had arrived in order.
  const reRooted: TextSignature[] = [];
  for (const x of judged) {
    if (earlier(x.c, self)) continue;
    if (x.c.derivedFrom !== null) {
      if (x.c.derivedFrom === report.id) continue;
      const current = await ports.nearDuplicates.get(x.c.derivedFrom);
      if (current && earlier(current, self)) continue;
    }
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
