import { createReadStream, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { fsBlobStore } from '../../src/adapters/fs/fs-blob-store.ts';
import { openSqlite } from '../../src/adapters/sqlite/open-sqlite.ts';
import type { Role } from '../../src/domain/index.ts';
import { csvLine, type ExportFormat } from '../../src/interop/export/exporter.ts';
import { type ExportSummary, runExport } from '../../src/interop/export/run-export.ts';
import type { ColumnMapping } from '../../src/interop/mapping.ts';
import { type ImportDeps, type ImportResult, runImport } from '../../src/interop/run-import.ts';
import { UCDP_COLUMNS } from '../../src/interop/ucdp.ts';
import type { ImportFormat } from '../../src/ports/import-store.ts';
import type { IncidentFilter, Store } from '../../src/ports/store.ts';
import { tempDir } from '../support/cli.ts';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

/** A fresh SQLite store and blob store in a temp dir, with the deps an import needs. */
export async function openInteropStore(store?: Store): Promise<{
  dir: string;
  store: Store;
  deps: ImportDeps;
  close(): Promise<void>;
}> {
  const dir = tempDir('vigil-interop-');
  const opened = store ?? (await openSqlite(join(dir, 'test.db'))).store;
  const deps: ImportDeps = {
    store: opened,
    blobs: fsBlobStore(join(dir, 'blobs')),
    clock: { now: () => new Date('2025-03-12T09:00:00.000Z') },
    read: (path) => createReadStream(path),
  };
  return {
    dir,
    store: opened,
    deps,
    async close() {
      if (!store) await opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function importFile(
  deps: ImportDeps,
  file: string,
  format: ImportFormat,
  options: { skipBad?: boolean; mapping?: ColumnMapping } = {},
): Promise<ImportResult> {
  return runImport(
    { file, format, skipBad: options.skipBad ?? false, mapping: options.mapping, actor: 'tester' },
    deps,
  );
}

export async function exportText(
  store: Store,
  format: ExportFormat,
  options: { filter?: IncidentFilter; role?: Role } = {},
): Promise<{ text: string; summary: ExportSummary }> {
  let text = '';
  const summary = await runExport(
    { format, filter: options.filter ?? {}, role: options.role ?? 'analyst' },
    async (t) => {
      text += t;
    },
    { store },
  );
  return { text, summary };
}

/** A CSV's records as objects keyed by the header. */
export function csvObjects(text: string | Buffer): Record<string, string>[] {
  return parse(text, { columns: true, bom: true }) as Record<string, string>[];
}

export function writeFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/**
 * A UCDP-shaped CSV of invented events (a fictional conflict, real places and coordinates),
 * each row a default event overridden by the given cells.
 */
export function ucdpCsv(
  rows: Partial<Record<(typeof UCDP_COLUMNS)[number], string>>[],
  columns: readonly string[] = UCDP_COLUMNS,
): string {
  const base = (i: number): Record<string, string> => ({
    id: String(900_001 + i),
    relid: `EXA-2025-3-${i}`,
    year: '2025',
    active_year: '1',
    code_status: 'Clear',
    type_of_violence: '3',
    conflict_name: 'Coastal Front - civilians',
    dyad_name: 'Coastal Front - civilians',
    side_a: 'Coastal Front',
    side_b: 'Civilians',
    number_of_sources: '1',
    source_article: '"Example Monitor,2025-03-08,Shelling hits Baniyas countryside"',
    source_office: 'Example Monitor',
    source_date: '2025-03-08',
    source_headline: 'Shelling hits Baniyas countryside',
    source_original: 'Example Monitor',
    where_prec: '2',
    where_coordinates: 'Baniyas town',
    where_description: 'near Baniyas',
    adm_1: 'Tartus governorate',
    adm_2: 'Baniyas district',
    latitude: '35.182',
    longitude: '35.9403',
    geom_wkt: 'POINT (35.9403 35.182)',
    priogrid_gid: '180512',
    country: 'Syria',
    country_id: '652',
    region: 'Middle East',
    event_clarity: '1',
    date_prec: '1',
    date_start: '2025-03-08',
    date_end: '2025-03-08',
    deaths_a: '0',
    deaths_b: '0',
    deaths_civilians: '4',
    deaths_unknown: '0',
    best: '4',
    high: '6',
    low: '3',
    gwnoa: '',
    gwnob: '',
  });
  return (
    csvLine(columns) +
    rows.map((r, i) => csvLine(columns.map((c) => ({ ...base(i), ...r })[c] ?? ''))).join('')
  );
}
