import type { Readable } from 'node:stream';
import type { Result } from '../errors.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { ImportedRow, ImportFormat, ImportSummary } from '../ports/import-store.ts';
import type { Store } from '../ports/store.ts';
import { ACLED_DATASET, ACLED_SITE, acledMapper } from './acled.ts';
import { readCsvBatches } from './csv-reader.ts';
import { type ImportedEvent, incidentIdFor, type RowMapper, toImportedRow } from './imported-event.ts';
import { type ColumnMapping, mappedMapper } from './mapping.ts';
import { UCDP_DATASET, UCDP_SITE, ucdpMapper } from './ucdp.ts';

/**
 * Rows written per batch: large enough to amortise statements and ledger entries (one INSERT
 * per table a batch), small enough that the batch waiting to be written is little for each
 * young-generation collection to copy (batches of 2,000 rows copied twice the bytes: see
 * docs/interop.md, Performance).
 */
const BATCH = 500;
/** Bad rows kept in the result (all are counted, and each is passed to `onBad`). */
const KEEP_BAD = 200;

export interface ImportOptions {
  file: string;
  format: ImportFormat;
  /** Required for `csv`, ignored otherwise. */
  mapping?: ColumnMapping;
  /** Import the good rows and skip the bad ones; without it one bad row imports nothing. */
  skipBad: boolean;
  actor: string;
  onProgress?: (bytes: number, total: number) => void;
  onBad?: (row: BadRow) => void;
}

export interface ImportDeps {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
  /** Opens a stream over a file (here: the blob the file was copied to). */
  read(path: string): Readable;
}

export interface BadRow {
  line: number;
  reason: string;
}

/** How an import ended. `rejected` imported nothing; `held` found the same file imported before. */
export type ImportResult =
  | { status: 'imported'; summary: ImportSummary; bad: BadRow[]; badCount: number }
  | { status: 'held'; summary: ImportSummary }
  | { status: 'rejected'; reason: string; bad: BadRow[]; badCount: number };

class Rejected extends Error {
  constructor(readonly result: Extract<ImportResult, { status: 'rejected' }>) {
    super(result.reason);
  }
}

/**
 * Imports a dataset file: its bytes are kept verbatim (content-addressed), then it is streamed
 * row by row and each good row becomes an incident and a kept row, written in batches
 * inside ONE transaction. Memory holds one batch, not the file. Without `skipBad`, the first
 * bad row stops the writing (reading goes on, to list every bad row) and the transaction is
 * rolled back: nothing is half imported.
 */
export async function runImport(options: ImportOptions, deps: ImportDeps): Promise<ImportResult> {
  const { dataset, site } = datasetOf(options);
  const blob = await deps.blobs.putFile(options.file);
  const held = await deps.store.imports.find(blob.sha256);
  if (held) return { status: 'held', summary: held };
  const at = deps.clock.now().toISOString();
  const importId = `imp-${blob.sha256.slice(0, 16)}`;
  const bad: BadRow[] = [];
  let badCount = 0;
  const noteBad = (row: BadRow) => {
    badCount++;
    if (bad.length < KEEP_BAD) bad.push(row);
    options.onBad?.(row);
  };
  const reject = (reason: string): never => {
    throw new Rejected({ status: 'rejected', reason, bad: byLine(bad), badCount });
  };

  await deps.store.imports.bulk(true);
  try {
    return await deps.store.atomically(async (tx) => {
      let mapper: RowMapper | null = null;
      let columns: string[] = [];
      let ordinal = 0;
      let imported = 0;
      let writing = true;
      let batches = 0;
      // A dataset id twice in one file is a bad row: the second would silently replace the
      // first. The first line of every id read so far (a few dozen bytes per row).
      // Whole-number ids (all of UCDP's) are kept as numbers: no string to hash or hold.
      const firstLine = new Map<string | number, number>();
      let batch: {
        event: ImportedEvent;
        row: Pick<ImportedRow, 'line' | 'byteStart' | 'byteEnd' | 'text'>;
        ordinal: number;
      }[] = [];

      const flush = async () => {
        const current = batch;
        batch = [];
        if (!writing || current.length === 0) return;
        const ctx = (b: (typeof current)[number]) => ({ originalSha256: blob.sha256, ordinal: b.ordinal });
        const incidentIds = current.map((b) =>
          incidentIdFor(options.format, dataset, b.event.datasetId, ctx(b)),
        );
        const versions = await tx.imports.versions(incidentIds);
        const rows = current.map((b, i) =>
          toImportedRow(b.event, {
            line: b.row.line,
            byteStart: b.row.byteStart,
            byteEnd: b.row.byteEnd,
            text: b.row.text,
            format: options.format,
            dataset,
            originalSha256: blob.sha256,
            ordinal: b.ordinal,
            at,
            version: (versions.get(incidentIds[i]!) ?? 0) + 1,
            incidentId: incidentIds[i]!,
          }),
        );
        await tx.imports.addRows(importId, ++batches, rows, { actor: options.actor, at });
        imported += rows.length;
      };

      const chunks = readCsvBatches(deps.read(deps.blobs.pathOf(blob.sha256)), {
        delimiter: options.format === 'csv' ? options.mapping?.delimiter : ',',
        onBytes: (bytes) => options.onProgress?.(bytes, blob.size),
      });
      for await (const items of chunks)
        for (const item of items) {
          if (item.kind === 'header') {
            columns = item.fields;
            const checked = checkHeader(columns, options);
            if (!checked.ok) reject(`line 1: ${checked.error}`);
            mapper = checked.ok ? checked.value : null;
            await tx.sources.ensure(dataset, 'dataset', site);
            await tx.reports.recordOriginal({
              sha256: blob.sha256,
              size: blob.size,
              mediaType: 'text/csv',
              origin: options.file,
              receivedAt: at,
            });
            await tx.imports.begin(summaryOf(0, 0));
            continue;
          }
          if (item.kind === 'bad') {
            // A record that could not be read still takes its place among the rows.
            ordinal++;
            noteBad({ line: item.line, reason: item.reason });
            if (!options.skipBad) writing = false;
            continue;
          }
          ordinal++;
          const mapped = mapper!.map(item.fields, false);
          if (!mapped.ok) {
            noteBad({ line: item.line, reason: mapped.error });
            if (!options.skipBad) writing = false;
            continue;
          }
          const { line, byteStart, byteEnd, text } = item;
          const id = mapped.value.datasetId;
          if (id !== null) {
            const key = idKey(id);
            const earlier = firstLine.get(key);
            if (earlier !== undefined) {
              noteBad({ line, reason: `id ${id} repeats the row on line ${earlier}` });
              if (!options.skipBad) writing = false;
              continue;
            }
            firstLine.set(key, line);
          }
          if (!writing) continue;
          batch.push({ event: mapped.value, row: { line, byteStart, byteEnd, text }, ordinal });
          if (batch.length >= BATCH) await flush();
        }
      if (mapper === null) reject('line 1: the file is empty (no header)');
      await flush();
      if (badCount > 0 && !options.skipBad) {
        reject(
          `${badCount} bad row${badCount > 1 ? 's' : ''}; nothing imported (give --skip-bad to import the good rows)`,
        );
      }
      const summary = summaryOf(imported, badCount);
      await tx.imports.finish(importId, { rows: imported, skipped: badCount });
      await tx.ledger.append({
        kind: 'import.recorded',
        subject: importId,
        actor: options.actor,
        at,
        record: summary,
      });
      for (const row of bad) await tx.failures.record(`${options.file}:${row.line}`, row.reason, at);
      return { status: 'imported', summary, bad: byLine(bad), badCount };

      function summaryOf(rows: number, skipped: number): ImportSummary {
        return {
          id: importId,
          originalSha256: blob.sha256,
          format: options.format,
          dataset,
          columns,
          rows,
          skipped,
          actor: options.actor,
          importedAt: at,
          ...(options.format === 'csv'
            ? {
                textColumns: textColumnsOf(options.mapping!),
                // As it reads back from the store (no undefined members), so its digest agrees.
                mapping: JSON.parse(JSON.stringify(options.mapping)) as unknown,
              }
            : {}),
        };
      }
    });
  } catch (error) {
    if (error instanceof Rejected) {
      await deps.store.failures.record(options.file, error.result.reason, at);
      return error.result;
    }
    throw error;
  } finally {
    await deps.store.imports.bulk(false);
  }
}

/**
 * A dataset id as a key: a whole number written canonically (no sign, no leading zero, at most
 * 15 digits, so it is exact) becomes that number, any other id stays a string. Two ids get the
 * same key only when they are the same text.
 */
function idKey(id: string): string | number {
  const n = id.length;
  if (n === 0 || n > 15 || (n > 1 && id.charCodeAt(0) === 48)) return id;
  for (let i = 0; i < n; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return id;
  }
  return Number(id);
}

/** Bad rows in file order (a repeated id is found when its batch is written, after later rows). */
function byLine(bad: BadRow[]): BadRow[] {
  return [...bad].sort((a, b) => a.line - b.line);
}

function datasetOf(options: ImportOptions): { dataset: string; site: string | null } {
  switch (options.format) {
    case 'ucdp':
      return { dataset: UCDP_DATASET, site: UCDP_SITE };
    case 'acled':
      return { dataset: ACLED_DATASET, site: ACLED_SITE };
    case 'csv':
      if (!options.mapping) throw new Error('a csv import needs a column mapping');
      return { dataset: options.mapping.dataset, site: options.mapping.site };
  }
}

/** The header as the format needs it: no duplicate names, the right delimiter, every required column. */
function checkHeader(header: string[], options: ImportOptions): Result<RowMapper> {
  const delimiter = options.format === 'csv' ? (options.mapping?.delimiter ?? ',') : ',';
  if (header.length === 1) {
    const other = [';', '\t', '|', ','].find((d) => d !== delimiter && header[0]!.includes(d));
    if (other) {
      const name = (d: string) => (d === '\t' ? 'tabs' : `"${d}"`);
      return {
        ok: false,
        error: `wrong delimiter: the header is separated by ${name(other)}, not ${name(delimiter)}`,
      };
    }
  }
  const seen = new Set<string>();
  for (const name of header) {
    const key = name.trim().toLowerCase();
    if (seen.has(key)) return { ok: false, error: `column "${name.trim()}" appears twice in the header` };
    seen.add(key);
  }
  switch (options.format) {
    case 'ucdp':
      return ucdpMapper(header);
    case 'acled':
      return acledMapper(header);
    case 'csv':
      return mappedMapper(options.mapping!, header);
  }
}

function textColumnsOf(mapping: ColumnMapping): string[] {
  const text = mapping.columns.text;
  return text === undefined ? [] : Array.isArray(text) ? [...text] : [text];
}
