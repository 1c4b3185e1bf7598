import { hash } from 'node:crypto';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import { DATASET_FREE_TEXT } from '../../domain/redaction.ts';
import { inCanonicalOrder } from '../../interop/canonical-digest.ts';
import {
  IMPORT_BATCH_KIND,
  type ImportBatchListing,
  importBatchSubject,
} from '../../interop/import-ledger.ts';
import { recordDigest } from '../../ledger/canonical.ts';
import type {
  DatasetRow,
  ImportFormat,
  ImportStore,
  ImportSummary,
  IncidentWithOrigin,
} from '../../ports/import-store.ts';
import type { AuditedRecord } from '../../ports/record-audit.ts';
import type { LedgerStore } from '../../ports/store.ts';
import { claimToRow, incidentToRow, reportToRow, rowToIncident } from './row-mapping.ts';
import type { Database, ImportsTable, SqlDialectName } from './schema.ts';

/** Bound parameters per INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535. */
const PARAMETERS = 8000;
/** Ids per IN (…) list. */
const IDS = 900;

export function sqlImportStore(
  db: Kysely<Database>,
  dialect: SqlDialectName,
  ledger: LedgerStore,
): ImportStore {
  let cacheBefore: number | null = null;
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
        })
        .execute();
    },

    async addRows(importId, batch, rows, { actor, at }) {
      if (rows.length === 0) return;
      const sourceName = rows[0]!.report.sourceName;
      const source = sourceName
        ? await db.selectFrom('sources').select('id').where('name', '=', sourceName).executeTakeFirst()
        : undefined;
      const sourceId = source?.id ?? null;
      const records: ImportBatchListing['records'] = [];
      const reports: unknown[][] = [];
      const fts: unknown[][] = [];
      const claims: unknown[][] = [];
      const incidents: unknown[][] = [];
      const links: unknown[][] = [];
      const kept: unknown[][] = [];
      const replaced: string[] = [];
      for (const r of rows) {
        // The same rows the role stores write (row-mapping.ts), as arrays in column order;
        // each JSON body is built once and hashed as it is stored.
        reports.push(Object.values(reportToRow(r.report, sourceId)));
        if (dialect === 'sqlite') fts.push([r.report.id, r.report.title ?? '', r.report.text]);
        const claim = claimToRow(r.claim);
        claims.push(Object.values(claim));
        const incident = incidentToRow(r.incident);
        incidents.push(Object.values(incident));
        if (r.incident.version > 1) replaced.push(r.incident.id);
        for (const claimId of r.incident.claimIds) links.push([r.incident.id, claimId]);
        kept.push([
          r.report.id,
          importId,
          r.datasetId,
          r.incident.id,
          r.line,
          r.byteStart,
          r.byteEnd,
          JSON.stringify(r.fields),
        ]);
        records.push(
          ['report', r.report.id, digestOf(r.report)],
          ['claim', r.claim.id, digestOf(r.claim, claim.body)],
          ['incident', r.incident.id, digestOf(r.incident, incident.body)],
        );
      }
      const first = rows[0]!;
      await insertMany(db, dialect, 'reports', Object.keys(reportToRow(first.report, sourceId)), reports);
      if (dialect === 'sqlite')
        await insertMany(db, dialect, 'reports_fts', ['report_id', 'title', 'text'], fts);
      await insertMany(db, dialect, 'claims', Object.keys(claimToRow(first.claim)), claims);
      const incidentColumns = Object.keys(incidentToRow(first.incident));
      await insertMany(
        db,
        dialect,
        'incidents',
        incidentColumns,
        incidents,
        // A newer release of the same event replaces the incident (its version is already up).
        ` ON CONFLICT (id) DO UPDATE SET ${incidentColumns
          .filter((c) => c !== 'id')
          .map((c) => `${c} = excluded.${c}`)
          .join(', ')}`,
      );
      // A replaced incident drops the claims of its earlier import.
      for (let i = 0; i < replaced.length; i += IDS) {
        await db
          .deleteFrom('incident_claims')
          .where('incident_id', 'in', replaced.slice(i, i + IDS))
          .execute();
      }
      await insertMany(db, dialect, 'incident_claims', ['incident_id', 'claim_id'], links);
      await insertMany(
        db,
        dialect,
        'import_rows',
        ['report_id', 'import_id', 'dataset_id', 'incident_id', 'line', 'byte_start', 'byte_end', 'fields'],
        kept,
      );
      // One ledger entry for the batch, over a listing of every record it wrote with its own
      // digest, so `vigil verify` still checks each record (src/interop/import-ledger.ts).
      const subject = importBatchSubject(importId, batch);
      const listing: ImportBatchListing = { batch, import: importId, records };
      const text = JSON.stringify(listing);
      await db.insertInto('import_batches').values({ subject, import_id: importId, listing: text }).execute();
      await ledger.append({ kind: IMPORT_BATCH_KIND, subject, actor, at, record: listing });
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

/**
 * The dataset row behind each incident: through its claims to their reports' import rows.
 * An incident merged from several imported rows shows the one imported last.
 */
async function originsOf(db: Kysely<Database>, incidentIds: string[]): Promise<Map<string, DatasetRow>> {
  const out = new Map<string, DatasetRow>();
  const columnsOf = new Map<string, string[]>();
  for (let i = 0; i < incidentIds.length; i += IDS) {
    const rows = await db
      .selectFrom('incident_claims as ic')
      .innerJoin('claims as c', 'c.id', 'ic.claim_id')
      .innerJoin('import_rows as r', 'r.report_id', 'c.report_id')
      .innerJoin('imports as m', 'm.id', 'r.import_id')
      .select([
        'ic.incident_id',
        'r.line',
        'r.byte_start',
        'r.byte_end',
        'r.fields',
        'm.id',
        'm.format',
        'm.dataset',
        'm.columns',
        'm.text_columns',
      ])
      .where('ic.incident_id', 'in', incidentIds.slice(i, i + IDS))
      .orderBy('m.imported_at')
      .execute();
    for (const r of rows) {
      let columns = columnsOf.get(r.id);
      if (!columns) {
        columns = JSON.parse(r.columns) as string[];
        columnsOf.set(r.id, columns);
      }
      const values = JSON.parse(r.fields) as string[];
      const fields: Record<string, string> = {};
      columns.forEach((name, n) => {
        fields[name] = values[n] ?? '';
      });
      out.set(r.incident_id, {
        importId: r.id,
        format: r.format as ImportFormat,
        dataset: r.dataset,
        line: Number(r.line),
        byteStart: Number(r.byte_start),
        byteEnd: Number(r.byte_end),
        fields,
        freeText: r.text_columns
          ? (JSON.parse(r.text_columns) as string[])
          : (DATASET_FREE_TEXT[r.format] ?? []),
      });
    }
  }
  return out;
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
  };
}

/**
 * `recordDigest(record)`, hashing `json` (the record's JSON as stored) when that already is its
 * canonical JSON: imported records are built with sorted keys, so hashing 1.2 million records
 * does not stringify each twice.
 */
function digestOf(record: unknown, json?: string): string {
  if (!inCanonicalOrder(record)) return recordDigest(record);
  // The one-shot hash: a third cheaper than createHash for records of a kilobyte or two.
  return hash('sha256', json ?? JSON.stringify(record), 'hex');
}

/**
 * Multi-row INSERTs of `rows` (values in `columns` order), as few statements as the parameter
 * limit allows. Plain SQL both engines read alike, only the placeholders differ; the SQL text
 * repeats from batch to batch, so SQLite's prepared statements are reused.
 */
async function insertMany(
  db: Kysely<Database>,
  dialect: SqlDialectName,
  table: string,
  columns: string[],
  rows: unknown[][],
  suffix = '',
): Promise<void> {
  const per = Math.max(1, Math.floor(PARAMETERS / columns.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const parameters: unknown[] = [];
    for (const row of chunk) for (const v of row) parameters.push(v);
    let n = 0;
    const one = () => `(${columns.map(() => (dialect === 'postgres' ? `$${++n}` : '?')).join(', ')})`;
    const values = chunk.map(one).join(', ');
    await db.executeQuery(
      CompiledQuery.raw(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}${suffix}`, parameters),
    );
  }
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

function audited(subject: string, read: () => unknown): AuditedRecord {
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
