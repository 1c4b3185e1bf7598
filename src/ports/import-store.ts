import type { Incident } from '../domain/index.ts';
import type { AuditedRecord } from './record-audit.ts';
import type { IncidentFilter } from './store.ts';

/** The dataset formats Vigil reads. `csv` is any CSV read through a column-mapping file. */
export const IMPORT_FORMATS = ['ucdp', 'acled', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** One imported file: which dataset it is, its header, and how many rows became incidents. */
export interface ImportSummary {
  id: string;
  originalSha256: string;
  format: ImportFormat;
  /** The dataset's name, also the name of its Source (kind `dataset`). */
  dataset: string;
  columns: string[];
  rows: number;
  skipped: number;
  actor: string;
  importedAt: string;
  /** A mapped CSV's free-text columns (its mapping's `text`); UCDP's and ACLED's are fixed. */
  textColumns?: string[];
  /** A mapped CSV's column mapping, as given: its rows' claims are derived through it. */
  mapping?: unknown;
}

/**
 * One dataset row as Vigil records it: the incident and the row itself (its text as written,
 * its first line and its byte range in the original file). The row's report
 * (its words) and claim (the dataset's coding) are not stored: they are derived from the kept
 * row when read (src/interop/dataset-records.ts), so a row costs one incident and one row.
 */
export interface ImportedRow {
  /**
   * Built with its keys in canonical (sorted) order, so its stored JSON is its canonical JSON
   * and is hashed as stored (src/interop/imported-event.ts builds it so).
   */
  incident: Incident;
  datasetId: string | null;
  line: number;
  byteStart: number;
  byteEnd: number;
  /** The record's text as the file has it, without its line end (read with the header). */
  text: string;
}

/** The dataset row an incident was imported from, with its column names. */
export interface DatasetRow {
  /** The incident the row became. */
  incidentId: string;
  importId: string;
  format: ImportFormat;
  dataset: string;
  /** The imported file (its SHA-256) and when it was imported. */
  originalSha256: string;
  importedAt: string;
  /** A mapped CSV's column mapping, as given (absent for UCDP and ACLED). */
  mapping?: unknown;
  /**
   * `true` when the row's report and claim are stored (rows imported before 0009-imported-rows);
   * otherwise they are derived from the row.
   */
  stored: boolean;
  line: number;
  /** Where the row's bytes are in the original file (kept verbatim in the blob store). */
  byteStart: number;
  byteEnd: number;
  fields: Record<string, string>;
  /** The import's header: the names of `fields` in the file's order. */
  columns: readonly string[];
  /** Which of `fields` hold free text, withheld from roles without permission. */
  freeText: readonly string[];
}

/** An incident with the dataset row it came from (`null` when Vigil's own reports made it). */
export interface IncidentWithOrigin {
  incident: Incident;
  origin: DatasetRow | null;
}

/**
 * Dataset imports and the reads exports need. `addRows` writes a whole batch (incidents, kept
 * rows, and ONE ledger entry `import.batch` listing every record with its digest:
 * src/interop/import-ledger.ts) and must run inside the caller's transaction with `begin` and
 * `finish`, so an import is recorded whole or not at all. An incident id that already exists
 * (the same dataset event imported from an earlier file) is replaced, its version increased.
 */
export interface ImportStore {
  /**
   * Readies the store for a bulk write (`true`: a larger page cache, so a transaction of
   * hundreds of thousands of rows does not spill to disk page by page) or back (`false`).
   */
  bulk(on: boolean): Promise<void>;
  /** The earlier import of this original file, if any. */
  find(originalSha256: string): Promise<ImportSummary | null>;
  begin(summary: ImportSummary): Promise<void>;
  /** `batch` numbers the batches of one import from 1; it names the batch's ledger entry. */
  addRows(
    importId: string,
    batch: number,
    rows: ImportedRow[],
    ledger: { actor: string; at: string },
  ): Promise<void>;
  finish(importId: string, counts: { rows: number; skipped: number }): Promise<void>;
  /** Every import batch's listing (subject of its ledger entry, listing JSON), in subject order. */
  batchListings(): AsyncIterable<{ subject: string; listing: string }>;
  /**
   * The import records the ledger logs, for `vigil verify` (family `import`): each import's
   * summary (`import.recorded`) and each batch listing (`import.batch`), read back as stored.
   */
  auditRecords(): AsyncIterable<AuditedRecord>;
  /**
   * Which of these reports were made from a dataset row. Their claims are the dataset's coding,
   * not an extraction: `reprocess --all` must leave them alone.
   */
  importedReports(reportIds: string[]): Promise<Set<string>>;
  /** Current versions of the incidents among `ids` that exist. */
  versions(ids: string[]): Promise<Map<string, number>>;
  /**
   * Incidents matching `filter` (as `IncidentStore.list` reads it) in id order, after the id
   * `after`, at most `limit`, each with its dataset row.
   */
  page(filter: IncidentFilter, after: string | null, limit: number): Promise<IncidentWithOrigin[]>;
  /** The dataset row each of these incidents was imported from (the latest import's), if any. */
  origins(incidentIds: string[]): Promise<Map<string, DatasetRow>>;
}
