import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { createApp } from '../../app.ts';
import type { Config } from '../../config.ts';
import type { Role } from '../../domain/index.ts';
import { EXIT, UsageError } from '../../errors.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../interop/export/exporter.ts';
import { runExport } from '../../interop/export/run-export.ts';
import { type IncidentsFlags, incidentFilter } from './incidents.ts';

export interface ExportFlags extends Omit<IncidentsFlags, 'json' | 'csv'> {
  format?: string;
  output?: string;
  role?: string;
}

/** Roles an export may be made for; a contributor sees nothing but its own receipts. */
const EXPORT_ROLES: Role[] = ['admin', 'analyst', 'viewer', 'public'];

/**
 * `vigil export --format acled|ucdp|geojson|hxl|jsonl [filters] [--output FILE] [--role R]`.
 * The export is redacted for the role (default viewer). With --output it is written to a
 * temporary file renamed into place at the end, so a failed export never leaves half a file.
 */
export async function exportCommand(config: Config, flags: ExportFlags): Promise<number> {
  const format = flags.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) {
    throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${flags.format ?? ''}"`);
  }
  const role = (flags.role ?? 'viewer') as Role;
  if (!EXPORT_ROLES.includes(role)) {
    throw new UsageError(`--role must be one of ${EXPORT_ROLES.join(', ')}, got "${flags.role}"`);
  }
  const filter = incidentFilter(flags);
  const tmp = flags.output ? `${flags.output}.${randomBytes(4).toString('hex')}.tmp` : null;
  // Opening first turns an unwritable --output into a usage error before any work is done.
  const file = tmp
    ? await open(tmp, 'w').catch((error: Error) => {
        throw new UsageError(`cannot write --output ${flags.output}: ${error.message}`);
      })
    : null;
  const out: NodeJS.WritableStream | WriteStream = file ? file.createWriteStream() : process.stdout;
  let app: Awaited<ReturnType<typeof createApp>> | null = null;
  try {
    app = await createApp(config);
    const summary = await runExport({ format, filter, role }, (text) => write(out, text), {
      store: app.store,
    });
    if (tmp) {
      (out as WriteStream).end();
      await once(out, 'close');
      await rename(tmp, flags.output!);
    }
    const left = Object.entries(summary.leftOut)
      .map(([why, n]) => `${n} (${why})`)
      .join(', ');
    process.stderr.write(
      `exported ${summary.exported} incident(s) as ${format}${flags.output ? ` to ${flags.output}` : ''} for role ${role}` +
        (summary.hidden ? `; ${summary.hidden} not visible to ${role}` : '') +
        (left ? `; left out: ${left}` : '') +
        '\n',
    );
    return EXIT.ok;
  } catch (error) {
    if (tmp) {
      (out as WriteStream).destroy();
      await rm(tmp, { force: true });
    }
    throw error;
  } finally {
    await app?.close();
  }
}

async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  // A write error (a full disk) surfaces as 'error' instead of 'drain'; once() rejects with it.
  if (text && !out.write(text)) await once(out, 'drain');
}
