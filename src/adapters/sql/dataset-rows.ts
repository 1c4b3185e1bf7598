import { hash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DATASET_FREE_TEXT } from '../../domain/redaction.ts';
import { parseCsvRecord } from '../../interop/csv-reader.ts';
import type { DatasetRow, ImportFormat } from '../../ports/import-store.ts';
import type { AuditedRecord } from '../../ports/record-audit.ts';
import type { Database } from './schema.ts';

/** Ids per IN (…) list. */
const IDS = 900;

/** A kept row as selected: the import is read once per page (`importsById`), not per row. */
interface KeptRow {
  incident_id: string;
  import_id: string;
  line: number;
  byte_start: number;
  byte_end: number;
  /** A kept row's text as written; rows imported before it (`import_rows`) have `fields`. */
  text?: string;
  /** The fields as a JSON array in the header's order (`import_rows`). */
  fields?: string;
}

/**
 * The dataset row behind each incident: its kept row (`dataset_rows`, keyed by the incident);
 * for incidents imported before the lighter model, through their stored claims to their
 * reports' `import_rows`. An incident imported from several releases shows the latest.
 */
export async function originsOf(
  db: Kysely<Database>,
  incidentIds: string[],
): Promise<Map<string, DatasetRow>> {
  const kept: KeptRow[] = [];
  for (let i = 0; i < incidentIds.length; i += IDS) {
    kept.push(
      ...(await db
        .selectFrom('dataset_rows')
        .select(['incident_id', 'import_id', 'line', 'byte_start', 'byte_end', 'text'])
        .where('incident_id', 'in', incidentIds.slice(i, i + IDS))
        .execute()),
    );
  }
  const found = new Set(kept.map((r) => r.incident_id));
  const rest = incidentIds.filter((id) => !found.has(id));
  const earlier: KeptRow[] = [];
  if (
    rest.length > 0 &&
    (await db.selectFrom('import_rows').select('report_id').limit(1).executeTakeFirst())
  ) {
    for (let i = 0; i < rest.length; i += IDS) {
      earlier.push(
        ...(await db
          .selectFrom('incident_claims as ic')
          .innerJoin('claims as c', 'c.id', 'ic.claim_id')
          .innerJoin('import_rows as r', 'r.report_id', 'c.report_id')
          .select(['ic.incident_id', 'r.import_id', 'r.line', 'r.byte_start', 'r.byte_end', 'r.fields'])
          .where('ic.incident_id', 'in', rest.slice(i, i + IDS))
          .execute()),
      );
    }
  }
  const imports = await importsById(db, [...new Set([...kept, ...earlier].map((r) => r.import_id))]);
  const out = new Map<string, DatasetRow>();
  // The latest import last, so it is the one kept.
  const byImportTime = (a: KeptRow, b: KeptRow) =>
    imports.get(a.import_id)!.importedAt.localeCompare(imports.get(b.import_id)!.importedAt);
  for (const [rows, stored] of [
    [earlier, true],
    [kept, false],
  ] as const) {
    for (const r of [...rows].sort(byImportTime))
      out.set(r.incident_id, toDatasetRow(r, imports.get(r.import_id)!, stored));
  }
  return out;
}

/** What a kept row is read with from its import: parsed once per import. */
interface ImportContext {
  id: string;
  format: ImportFormat;
  dataset: string;
  originalSha256: string;
  importedAt: string;
  columns: string[];
  freeText: readonly string[];
  mapping: unknown;
  /** How the file separates fields (a mapped CSV's own, else a comma). */
  delimiter: string;
}

async function importsById(db: Kysely<Database>, ids: string[]): Promise<Map<string, ImportContext>> {
  const out = new Map<string, ImportContext>();
  for (let i = 0; i < ids.length; i += IDS) {
    const rows = await db
      .selectFrom('imports')
      .selectAll()
      .where('id', 'in', ids.slice(i, i + IDS))
      .execute();
    for (const r of rows) {
      const mapping = r.mapping ? (JSON.parse(r.mapping) as unknown) : undefined;
      out.set(r.id, {
        id: r.id,
        format: r.format as ImportFormat,
        dataset: r.dataset,
        originalSha256: r.original_sha256,
        importedAt: r.imported_at,
        columns: JSON.parse(r.columns) as string[],
        freeText: r.text_columns
          ? (JSON.parse(r.text_columns) as string[])
          : (DATASET_FREE_TEXT[r.format as ImportFormat] ?? []),
        mapping,
        delimiter: delimiterOf(mapping),
      });
    }
  }
  return out;
}

function delimiterOf(mapping: unknown): string {
  const d = (mapping as { delimiter?: unknown } | undefined)?.delimiter;
  return typeof d === 'string' && d.length === 1 ? d : ',';
}

function toDatasetRow(r: KeptRow, m: ImportContext, stored: boolean): DatasetRow {
  const values =
    r.text !== undefined
      ? (parseCsvRecord(r.text, m.delimiter) ?? [])
      : (JSON.parse(r.fields ?? '[]') as string[]);
  const fields: Record<string, string> = {};
  m.columns.forEach((name, n) => {
    fields[name] = values[n] ?? '';
  });
  return {
    incidentId: r.incident_id,
    importId: m.id,
    format: m.format,
    dataset: m.dataset,
    originalSha256: m.originalSha256,
    importedAt: m.importedAt,
    ...(m.mapping !== undefined ? { mapping: m.mapping } : {}),
    stored,
    line: Number(r.line),
    byteStart: Number(r.byte_start),
    byteEnd: Number(r.byte_end),
    fields,
    columns: m.columns,
    freeText: m.freeText,
  };
}

/** The ledger subject of a kept dataset row: `<import id>/l<line>`. */
export const datasetRowSubject = (importId: string, line: number) => `${importId}/l${line}`;

/**
 * A kept row as `vigil verify` checks it (family `import`): the incident it became, its place in
 * the file and its text, keys in canonical order (its canonical JSON, built without sorting).
 */
export function keptRowDigest(
  incident: string,
  r: { line: number; byteStart: number; byteEnd: number; text: string },
): string {
  return hash(
    'sha256',
    `{"byteEnd":${r.byteEnd},"byteStart":${r.byteStart},"incident":${JSON.stringify(incident)},"line":${r.line},"text":${JSON.stringify(r.text)}}`,
    'hex',
  );
}

/** Each kept dataset row, as its batch's listing digested it (`keptRowDigest`). Keyset pages. */
export async function* datasetRowAuditRecords(db: Kysely<Database>): AsyncIterable<AuditedRecord> {
  let after: { incident: string; import: string } | null = null;
  for (;;) {
    let q = db
      .selectFrom('dataset_rows')
      .select(['incident_id', 'import_id', 'line', 'byte_start', 'byte_end', 'text'])
      .orderBy('incident_id')
      .orderBy('import_id')
      .limit(1000);
    if (after) {
      const { incident, import: importId } = after;
      q = q.where((eb) =>
        eb.or([
          eb('incident_id', '>', incident),
          eb.and([eb('incident_id', '=', incident), eb('import_id', '>', importId)]),
        ]),
      );
    }
    const page = await q.execute();
    if (page.length === 0) return;
    for (const r of page) {
      yield audited(datasetRowSubject(r.import_id, Number(r.line)), () => ({
        byteEnd: Number(r.byte_end),
        byteStart: Number(r.byte_start),
        incident: r.incident_id,
        line: Number(r.line),
        text: r.text,
      }));
    }
    const last = page[page.length - 1]!;
    after = { incident: last.incident_id, import: last.import_id };
  }
}

/** One `import` record for the audit; a row that cannot be read is named, not thrown. */
export function audited(subject: string, read: () => unknown): AuditedRecord {
  try {
    return { family: 'import', subject, record: read(), problems: [] };
  } catch (error) {
    return {
      family: 'import',
      subject,
      record: undefined,
      problems: [`the stored row cannot be read: ${(error as Error).message}`],
    };
  }
}
