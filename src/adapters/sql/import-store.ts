import { hash } from 'node:crypto';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import {
  IMPORT_BATCH_KIND,
  type ImportBatchListing,
  importBatchSubject,
} from '../../interop/import-ledger.ts';
import type {
  ImportFormat,
  ImportStore,
  ImportSummary,
  IncidentWithOrigin,
} from '../../ports/import-store.ts';
import type { AuditedRecord } from '../../ports/record-audit.ts';
import type { LedgerStore } from '../../ports/store.ts';
import {
  audited,
  datasetRowAuditRecords,
  datasetRowSubject,
  keptRowDigest,
  originsOf,
} from './dataset-rows.ts';
import { rowToIncident } from './row-mapping.ts';
import type { Database, ImportsTable, SqlDialectName } from './schema.ts';

/** Bound parameters per INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535. */
const PARAMETERS = 8000;
/** Ids per IN (…) list. */
const IDS = 900;

/** The incidents table's columns in `incidentToRow`'s order (src/adapters/sql/row-mapping.ts). */
const INCIDENT_COLUMNS = [
  'id',
  'type',
  'grade',
  'date_start',
  'date_end',
  'lat',
  'lon',
  'published',
  'version',
  'updated_at',
  'body',
] as const;
const UPSERT_INCIDENT = ` ON CONFLICT (id) DO UPDATE SET ${INCIDENT_COLUMNS.filter((c) => c !== 'id')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ')}`;

export function sqlImportStore(
  db: Kysely<Database>,
  dialect: SqlDialectName,
  ledger: LedgerStore,
): ImportStore {
  let cacheBefore: number | null = null;
  const anyBetween = async (ids: string[]) => {
    let least = ids[0]!;
    let greatest = least;
    for (const id of ids) {
      if (id < least) least = id;
      else if (id > greatest) greatest = id;
    }
    const found = await db
      .selectFrom('incidents')
      .select('id')
      .where('id', '>=', least)
      .where('id', '<=', greatest)
      .limit(1)
      .executeTakeFirst();
    return found !== undefined;
  };
  return {
    async bulk(on) {
      if (dialect !== 'sqlite') return;
      if (on) {
        const row = await sql<{ cache_size: number }>`PRAGMA cache_size`.execute(db);
        cacheBefore = Number(row.rows[0]?.cache_size ?? -2000);
        // Negative means KiB: 256 MiB of pages keeps a 400,000-row import's indexes in memory.
        await sql`PRAGMA cache_size = -262144`.execute(db);
      } else if (cacheBefore !== null) {
        await sql.raw(`PRAGMA cache_size = ${Math.trunc(cacheBefore)}`).execute(db);
        cacheBefore = null;
      }
    },
    async find(originalSha256) {
      const row = await db
        .selectFrom('imports')
        .selectAll()
        .where('original_sha256', '=', originalSha256)
        .orderBy('imported_at')
        .executeTakeFirst();
      return row ? toSummary(row) : null;
    },

    async begin(s) {
      await db
        .insertInto('imports')
        .values({
          id: s.id,
          original_sha256: s.originalSha256,
          format: s.format,
          dataset: s.dataset,
          columns: JSON.stringify(s.columns),
          rows: s.rows,
          skipped: s.skipped,
          actor: s.actor,
          imported_at: s.importedAt,
          text_columns: s.textColumns ? JSON.stringify(s.textColumns) : null,
          mapping: s.mapping === undefined ? null : JSON.stringify(s.mapping),
        })
        .execute();
    },

    async addRows(importId, batch, rows, { actor, at }) {
      if (rows.length === 0) return;
      const records: ImportBatchListing['records'] = [];
      // Values flat, in column order, as the statements bind them: no array per row.
      const incidents: unknown[] = [];
      const kept: unknown[] = [];
      const replaced: string[] = [];
      for (const r of rows) {
        // One incident and the kept row per dataset row: the row's report and claim are derived
        // from it when read (src/interop/dataset-records.ts). Each JSON body is built once and
        // hashed as it is stored.
        const i = r.incident;
        const body = JSON.stringify(i);
        // INCIDENT_COLUMNS' order (incidentToRow's values).
        incidents.push(
          i.id,
          i.type,
          i.grade,
          i.date?.start ?? null,
          i.date?.end ?? null,
          i.place?.lat ?? null,
          i.place?.lon ?? null,
          i.published ? 1 : 0,
          i.version,
          i.updatedAt,
          body,
        );
        if (i.version > 1) replaced.push(i.id);
        kept.push(i.id, importId, r.line, r.byteStart, r.byteEnd, r.text);
        records.push(
          // Built in canonical key order (toImportedRow): the stored JSON is what is hashed.
          ['incident', i.id, hash('sha256', body, 'hex')],
          ['import', datasetRowSubject(importId, r.line), keptRowDigest(i.id, r)],
        );
      }
      await insertMany(
        db,
        dialect,
        'incidents',
        INCIDENT_COLUMNS,
        incidents,
        // A newer release of the same event replaces the incident (its version is already up).
        UPSERT_INCIDENT,
      );
      // An incident replaced from an import before the lighter model drops its stored claims.
      for (let i = 0; i < replaced.length; i += IDS) {
        await db
          .deleteFrom('incident_claims')
          .where('incident_id', 'in', replaced.slice(i, i + IDS))
          .execute();
      }
      await insertMany(
        db,
        dialect,
        'dataset_rows',
        ['incident_id', 'import_id', 'line', 'byte_start', 'byte_end', 'text'],
        kept,
      );
      // One ledger entry for the batch, over a listing of every record it wrote with its own
      // digest, so `vigil verify` still checks each record (src/interop/import-ledger.ts).
      const subject = importBatchSubject(importId, batch);
      const listing: ImportBatchListing = { batch, import: importId, records };
      const text = JSON.stringify(listing);
      await db.insertInto('import_batches').values({ subject, import_id: importId, listing: text }).execute();
      // The listing is built in canonical key order: its digest is the hash of the text stored.
      const digest = hash('sha256', text, 'hex');
      await ledger.appendMany([{ kind: IMPORT_BATCH_KIND, subject, actor, at, record: listing, digest }]);
    },

    auditRecords: () => importAuditRecords(db),
    batchListings: () => importBatchListings(db),

    async finish(importId, counts) {
      await db.updateTable('imports').set(counts).where('id', '=', importId).execute();
    },

    async importedReports(reportIds) {
      const out = new Set<string>();
      for (let i = 0; i < reportIds.length; i += IDS) {
        const rows = await db
          .selectFrom('import_rows')
          .select('report_id')
          .where('report_id', 'in', reportIds.slice(i, i + IDS))
          .execute();
        for (const r of rows) out.add(r.report_id);
      }
      return out;
    },

    async versions(ids) {
      const out = new Map<string, number>();
      if (ids.length === 0) return out;
      // One probe of the key range first: a batch of new events (a first import, or a release's
      // new rows in id order) has no incident between its least and greatest id, and then
      // 500 lookups by id find nothing. SQLite only: its text order is code-point order, as
      // JavaScript's is for these ASCII ids (`incidentIdFor`); PostgreSQL orders text by the
      // database's collation, so the least id here need not be the least there.
      if (dialect === 'sqlite' && !(await anyBetween(ids))) return out;
      for (let i = 0; i < ids.length; i += IDS) {
        const rows = await db
          .selectFrom('incidents')
          .select(['id', 'version'])
          .where('id', 'in', ids.slice(i, i + IDS))
          .execute();
        for (const r of rows) out.set(r.id, Number(r.version));
      }
      return out;
    },

    origins: (incidentIds) => originsOf(db, incidentIds),

    async page(filter, after, limit) {
      let q = db.selectFrom('incidents').select(['id', 'body']);
      if (after !== null) q = q.where('id', '>', after);
      if (filter.type) q = q.where('type', '=', filter.type);
      if (filter.grade) q = q.where('grade', '=', filter.grade);
      if (filter.from) q = q.where('date_end', '>=', filter.from);
      if (filter.to) q = q.where('date_start', '<=', filter.to);
      if (filter.bbox) {
        const [west, south, east, north] = filter.bbox;
        q = q
          .where('lat', '>=', south)
          .where('lat', '<=', north)
          .where('lon', '>=', west)
          .where('lon', '<=', east);
      }
      const rows = await q.orderBy('id').limit(limit).execute();
      if (rows.length === 0) return [];
      const origins = await originsOf(
        db,
        rows.map((r) => r.id),
      );
      return rows.map(
        (r): IncidentWithOrigin => ({ incident: rowToIncident(r), origin: origins.get(r.id) ?? null }),
      );
    },
  };
}

function toSummary(row: ImportsTable): ImportSummary {
  return {
    id: row.id,
    originalSha256: row.original_sha256,
    format: row.format as ImportFormat,
    dataset: row.dataset,
    columns: JSON.parse(row.columns) as string[],
    rows: Number(row.rows),
    skipped: Number(row.skipped),
    actor: row.actor,
    importedAt: row.imported_at,
    ...(row.text_columns ? { textColumns: JSON.parse(row.text_columns) as string[] } : {}),
    ...(row.mapping ? { mapping: JSON.parse(row.mapping) as unknown } : {}),
  };
}

/**
 * Multi-row INSERTs of `values` (flat, `columns.length` a row, in `columns` order), as few
 * statements as the parameter limit allows. Plain SQL both engines read alike, only the
 * placeholders differ; the SQL text repeats from batch to batch, so SQLite's prepared
 * statements are reused (src/adapters/sqlite/open-sqlite.ts keeps them).
 */
async function insertMany(
  db: Kysely<Database>,
  dialect: SqlDialectName,
  table: string,
  columns: readonly string[],
  values: unknown[],
  suffix = '',
): Promise<void> {
  const width = columns.length;
  const per = Math.max(1, Math.floor(PARAMETERS / width));
  const rows = values.length / width;
  for (let i = 0; i < rows; i += per) {
    const count = Math.min(per, rows - i);
    const parameters = i === 0 && count === rows ? values : values.slice(i * width, (i + count) * width);
    await db.executeQuery(CompiledQuery.raw(insertSql(dialect, table, columns, count, suffix), parameters));
  }
}

/** The text of a multi-row INSERT, built once per shape (it is the prepared-statement key). */
const insertTexts = new Map<string, string>();
function insertSql(
  dialect: SqlDialectName,
  table: string,
  columns: readonly string[],
  count: number,
  suffix: string,
): string {
  const key = `${dialect}\u0000${table}\u0000${count}\u0000${suffix}`;
  let text = insertTexts.get(key);
  if (text === undefined) {
    let n = 0;
    const one = () => `(${columns.map(() => (dialect === 'postgres' ? `$${++n}` : '?')).join(', ')})`;
    const rows: string[] = [];
    for (let r = 0; r < count; r++) rows.push(one());
    text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows.join(', ')}${suffix}`;
    if (insertTexts.size > 100) insertTexts.clear();
    insertTexts.set(key, text);
  }
  return text;
}

/**
 * The `import` record family for `vigil verify` (the record audit): each import's summary, as
 * its `import.recorded` entry logged it, then each batch listing, as its `import.batch` entry
 * digested it. Keyset pages, bounded memory.
 */
export async function* importAuditRecords(db: Kysely<Database>): AsyncIterable<AuditedRecord> {
  let after = '';
  for (;;) {
    const page = await db
      .selectFrom('imports')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(100)
      .execute();
    if (page.length === 0) break;
    for (const row of page) yield audited(row.id, () => toSummary(row));
    after = page[page.length - 1]!.id;
  }
  for await (const { subject, listing } of importBatchListings(db)) {
    yield audited(subject, () => JSON.parse(listing) as unknown);
  }
  yield* datasetRowAuditRecords(db);
}

async function* importBatchListings(
  db: Kysely<Database>,
): AsyncIterable<{ subject: string; listing: string }> {
  let after = '';
  for (;;) {
    // A listing is about 700 KB (a 2,000-row batch): small pages.
    const page = await db
      .selectFrom('import_batches')
      .select(['subject', 'listing'])
      .where('subject', '>', after)
      .orderBy('subject')
      .limit(20)
      .execute();
    if (page.length === 0) return;
    yield* page;
    after = page[page.length - 1]!.subject;
  }
}
