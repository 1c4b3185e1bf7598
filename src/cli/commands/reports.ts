import { createApp } from '../../app.ts';
import type { Config } from '../../config.ts';
import { EXIT, NotFoundError, UsageError } from '../../errors.ts';
import { table, truncate } from '../output.ts';

export interface ReportsFlags {
  status?: string;
  text?: string;
  limit?: string;
  json?: boolean;
}

/** `vigil reports [list]` and `vigil reports show ID`. */
export async function reportsCommand(
  config: Config,
  action: string | undefined,
  id: string | undefined,
  flags: ReportsFlags,
): Promise<number> {
  if (flags.status && flags.status !== 'parsed' && flags.status !== 'unparsed') {
    throw new UsageError(`--status must be parsed or unparsed, got "${flags.status}"`);
  }
  const limit = flags.limit ? Number(flags.limit) : 1000;
  if (!Number.isInteger(limit) || limit <= 0) throw new UsageError(`--limit must be a positive whole number`);
  const app = await createApp(config);
  try {
    if (action === 'show') {
      if (!id) throw new UsageError('reports show needs a report id');
      const report = await app.store.reports.get(id);
      if (!report) throw new NotFoundError(`no report with id ${id}`);
      const claims = await app.store.claims.forReport(id);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ report, claims }, null, 2)}\n`);
        return EXIT.ok;
      }
      const lines = [
        `id:         ${report.id}`,
        `status:     ${report.status}${report.reason ? ` (${report.reason})` : ''}`,
        `title:      ${report.title ?? '-'}`,
        `source:     ${report.sourceName ?? '-'}`,
        `published:  ${report.published ?? '-'}`,
        `url:        ${report.url ?? '-'}`,
        `language:   ${report.language ?? '-'}`,
        `sha256:     ${report.originalSha256}`,
        `media type: ${report.mediaType}`,
        `claims:     ${claims.length}`,
        '',
        report.text,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      return EXIT.ok;
    }
    if (action && action !== 'list')
      throw new UsageError(`unknown reports action "${action}" (list or show)`);
    const reports = await app.store.reports.list({
      status: flags.status as 'parsed' | 'unparsed' | undefined,
      text: flags.text,
      limit,
    });
    if (flags.json) {
      for (const r of reports) process.stdout.write(`${JSON.stringify({ ...r, text: undefined })}\n`);
      return EXIT.ok;
    }
    const rows = reports.map((r) => [
      r.id,
      r.status,
      r.published ?? '-',
      truncate(r.sourceName ?? '-', 28),
      truncate(r.status === 'parsed' ? (r.title ?? r.text.split('\n')[0] ?? '') : (r.reason ?? ''), 60),
    ]);
    process.stdout.write(`${table(['id', 'status', 'published', 'source', 'title / reason'], rows)}\n`);
    return EXIT.ok;
  } finally {
    await app.close();
  }
}
