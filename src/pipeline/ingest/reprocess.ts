import type { Report } from '../../domain/index.ts';
import { removalChange } from '../../ledger/record-shapes.ts';
import type { BlobStore } from '../../ports/blob-store.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Store } from '../../ports/store.ts';
import { type ParseLimits, parseOriginal } from './parse-original.ts';
import { extractAndResolve, type IngestDeps, recordReports, toReport } from './run-ingest.ts';

export interface ReprocessDeps extends Pick<IngestDeps, 'extract' | 'resolve'> {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
}

/**
 * Parses unparsed originals again from their kept bytes. With `all`, also re-runs extraction
 * and resolution for parsed reports (after an engine upgrade), except rows imported from a
 * dataset; reports themselves never change.
 */
export async function reprocessOriginals(
  options: { all: boolean; actor: string; limits: ParseLimits },
  deps: ReprocessDeps,
): Promise<{ parsed: number; stillUnparsed: number; reextracted: number; lines: string[] }> {
  const lines: string[] = [];
  let parsed = 0;
  let stillUnparsed = 0;
  let reextracted = 0;
  const unparsed = await deps.store.reports.list({ status: 'unparsed', limit: 1_000_000 });
  for (const placeholder of unparsed) {
    const original = await deps.store.reports.findOriginal(placeholder.originalSha256);
    if (!original) continue;
    if (original.size > options.limits.maxParseBytes) {
      stillUnparsed++;
      lines.push(`unparsed ${placeholder.id}: still over the size cap`);
      continue;
    }
    const bytes = await deps.blobs.get(original.sha256);
    const { outcome } = await parseOriginal(
      bytes,
      { name: original.origin, url: placeholder.url },
      options.limits,
    );
    if (!outcome.ok) {
      stillUnparsed++;
      lines.push(`unparsed ${placeholder.id}: ${outcome.reason}`);
      continue;
    }
    const at = deps.clock.now().toISOString();
    const reports = outcome.documents.map((d, i, all) =>
      toReport(d, i, all.length, original, placeholder.url, {
        published: placeholder.published ?? undefined,
        source: placeholder.sourceName ?? undefined,
      }),
    );
    await deps.store.atomically(async (tx) => {
      await tx.reports.dropUnparsed(original.sha256);
      // Before the parsed reports' entries: one of them may reuse the placeholder's id.
      await tx.ledger.append(
        removalChange('report', placeholder.id, {
          actor: options.actor,
          at,
          reason: 'parsed on reprocessing',
          replacedBy: reports.map((r) => r.id),
        }),
      );
      await recordReports(tx, reports, options.actor, at, deps);
    });
    parsed++;
    lines.push(`parsed   ${placeholder.id} -> ${reports.map((r) => r.id).join(', ')}`);
  }
  if (options.all) {
    let offset = 0;
    for (;;) {
      const batch: Report[] = await deps.store.reports.list({ status: 'parsed', limit: 500, offset });
      if (batch.length === 0) break;
      offset += batch.length;
      // A dataset's rows were not extracted from text: their claims come from the coded columns,
      // and re-extracting the row's text would throw them away.
      const imported = await deps.store.imports.importedReports(batch.map((r) => r.id));
      for (const report of batch) {
        if (imported.has(report.id)) continue;
        await deps.store.atomically((tx) =>
          extractAndResolve(tx, report, options.actor, deps.clock.now().toISOString(), deps),
        );
        reextracted++;
      }
    }
  }
  return { parsed, stillUnparsed, reextracted, lines };
}
