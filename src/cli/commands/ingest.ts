import { createApp } from '../../app.ts';
import type { Config } from '../../config.ts';
import { EXIT, UsageError } from '../../errors.ts';
import { normaliseDate } from '../../pipeline/ingest/parsed-document.ts';
import type { IngestResult } from '../../pipeline/ingest/run-ingest.ts';
import { progress } from '../output.ts';

export interface IngestFlags {
  published?: string;
  source?: string;
  json?: boolean;
  enqueue?: boolean;
}

/** `vigil ingest PATH|URL…`: exit 0 when every input is stored or already held, 1 otherwise. */
export async function ingestCommand(config: Config, targets: string[], flags: IngestFlags): Promise<number> {
  if (targets.length === 0) throw new UsageError('ingest needs at least one file, folder, URL or -');
  let published: string | undefined;
  if (flags.published !== undefined) {
    published = normaliseDate(flags.published) ?? undefined;
    if (!published || !/^\d{4}-\d{2}-\d{2}$/.test(flags.published.trim())) {
      throw new UsageError(`--published must be a date as YYYY-MM-DD, got "${flags.published}"`);
    }
  }
  if (flags.enqueue) {
    const { enqueueCommand } = await import('../../queue/enqueue-command.ts');
    return enqueueCommand(config, targets, { published, source: flags.source, json: flags.json });
  }
  const app = await createApp(config);
  let bar: ReturnType<typeof progress> | null = null;
  try {
    const results = await app.ingest(targets, {
      published,
      source: flags.source,
      onResult(result, done, total) {
        bar ??= progress(total, 'ingesting');
        bar.tick(done);
        report(result, Boolean(flags.json));
      },
    });
    (bar as ReturnType<typeof progress> | null)?.end();
    const failed = results.filter((r) => r.status === 'failed' || r.status === 'unparsed').length;
    if (!flags.json) {
      const stored = results.filter((r) => r.status === 'stored').length;
      const held = results.filter((r) => r.status === 'held').length;
      process.stderr.write(
        `${results.length} input(s): ${stored} stored, ${held} already held, ${failed} failed\n`,
      );
    }
    return failed ? EXIT.partial : EXIT.ok;
  } finally {
    await app.close();
  }
}

function report(r: IngestResult, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  for (const w of r.warnings) process.stderr.write(`warning: ${r.label}: ${w}\n`);
  switch (r.status) {
    case 'stored':
      process.stdout.write(
        `stored  ${r.label} -> ${r.reportIds.join(', ')} (${r.claims} claims, ${r.incidents} incidents)\n`,
      );
      break;
    case 'held':
      process.stdout.write(`held    ${r.label}: already held as ${r.reportIds.join(', ')}\n`);
      break;
    case 'unparsed':
      process.stderr.write(
        `error: ${r.label}: ${r.reason} (original bytes kept as ${r.reportIds[0]}, status unparsed)\n`,
      );
      break;
    case 'failed':
      process.stderr.write(`error: ${r.label}: ${r.reason}\n`);
      break;
  }
}
