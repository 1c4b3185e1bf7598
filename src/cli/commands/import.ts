import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createApp } from '../../app.ts';
import type { Config } from '../../config.ts';
import { EXIT, InputError, UsageError } from '../../errors.ts';
import { type ColumnMapping, parseMapping } from '../../interop/mapping.ts';
import { type BadRow, runImport } from '../../interop/run-import.ts';
import { IMPORT_FORMATS, type ImportFormat } from '../../ports/import-store.ts';
import { progress } from '../output.ts';

export interface ImportFlags {
  format?: string;
  mapping?: string;
  skipBad?: boolean;
  json?: boolean;
}

/** Bad rows printed one per line; the rest are counted. */
const SHOW_BAD = 50;

/**
 * `vigil import --format ucdp|acled|csv FILE [--mapping map.json] [--skip-bad]`: exit 0 when
 * every row was imported (or the file already was), 1 when bad rows were skipped, 7 (input)
 * when bad rows made the whole import fail.
 */
export async function importCommand(config: Config, file: string, flags: ImportFlags): Promise<number> {
  const format = flags.format as ImportFormat;
  if (!IMPORT_FORMATS.includes(format)) {
    throw new UsageError(`--format must be one of ${IMPORT_FORMATS.join(', ')}, got "${flags.format ?? ''}"`);
  }
  if (format === 'csv' && !flags.mapping)
    throw new UsageError('--format csv needs --mapping FILE (a column-mapping JSON file)');
  if (format !== 'csv' && flags.mapping)
    throw new UsageError(`--mapping applies to --format csv only, not ${format}`);
  const mapping = flags.mapping ? await readMapping(flags.mapping) : undefined;
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new InputError(`cannot read ${file}: no such file`);

  const app = await createApp(config);
  const bar = progress(info.size, 'importing');
  let shown = 0;
  const showBad = (row: BadRow) => {
    if (flags.json) return;
    if (shown++ < SHOW_BAD) {
      bar.end();
      process.stderr.write(`${file}: line ${row.line}: ${row.reason}\n`);
    }
  };
  try {
    const result = await runImport(
      {
        file,
        format,
        mapping,
        skipBad: Boolean(flags.skipBad),
        actor: config.actor,
        onProgress: (bytes) => bar.tick(bytes),
        onBad: showBad,
      },
      {
        store: app.store,
        blobs: app.blobs,
        clock: app.clock,
        read: (path) => createReadStream(path, { highWaterMark: 1 << 20 }),
      },
    );
    bar.end();
    if (flags.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    if (result.status === 'rejected') {
      if (!flags.json && result.badCount > SHOW_BAD) {
        process.stderr.write(`${file}: … and ${result.badCount - SHOW_BAD} more bad rows\n`);
      }
      throw new InputError(`${file}: ${result.reason}`);
    }
    const s = result.summary;
    if (result.status === 'held') {
      if (!flags.json) {
        process.stdout.write(
          `held    ${file}: already imported as ${s.id} on ${s.importedAt} (${s.rows} rows of ${s.dataset})\n`,
        );
      }
      return EXIT.ok;
    }
    if (!flags.json) {
      if (result.badCount > SHOW_BAD)
        process.stderr.write(`${file}: … and ${result.badCount - SHOW_BAD} more bad rows\n`);
      const skipped = result.badCount ? `, ${result.badCount} bad row(s) skipped` : '';
      process.stdout.write(
        `imported ${file}: ${s.rows} incident(s) from ${s.dataset} as ${s.id}${skipped}\n`,
      );
    }
    return result.badCount ? EXIT.partial : EXIT.ok;
  } finally {
    bar.end();
    await app.close();
  }
}

async function readMapping(path: string): Promise<ColumnMapping> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --mapping ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--mapping ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const mapping = parseMapping(json);
  if (!mapping.ok) throw new UsageError(`--mapping ${path}: ${mapping.error}`);
  return mapping.value;
}
