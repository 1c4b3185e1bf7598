import { type Kysely, sql } from 'kysely';
import type {
  DatasetRow,
  ImportFormat,
  ImportStore,
  ImportSummary,
  IncidentWithOrigin,
} from '../../ports/import-store.ts';
import type { LedgerStore } from '../../ports/store.ts';
import { claimToRow, incidentToRow, reportToRow, rowToIncident } from './row-mapping.ts';
import type { Database, ImportsTable, SqlDialectName } from './schema.ts';

/** Rows per INSERT: the widest table (reports, 16 columns) stays under SQLite's 32,766 parameters. */
const CHUNK = 500;
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
        })
        .execute();
    },

    async addRows(importId, rows, { actor, at }) {
      if (rows.length === 0) return;
      const sourceName = rows[0]!.report.sourceName;
      const source = sourceName
        ? await db.selectFrom('sources').select('id').where('name', '=', sourceName).executeTakeFirst()
        : undefined;
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        await db
          .insertInto('reports')
          .values(chunk.map((r) => reportToRow(r.report, source?.id ?? null)))
          .execute();
        if (dialect === 'sqlite') {
          // The same full-text rows ReportStore.recordReport writes for a parsed report.
          await sql`INSERT INTO reports_fts (report_id, title, text) VALUES ${sql.join(
            chunk.map((r) => sql`(${r.report.id}, ${r.report.title ?? ''}, ${r.report.text})`),
          )}`.execute(db);
        }
        await db
          .insertInto('claims')
          .values(chunk.map((r) => claimToRow(r.claim)))
          .execute();
        const incidentRows = chunk.map((r) => incidentToRow(r.incident));
        await db
          .insertInto('incidents')
          .values(incidentRows)
          .onConflict((c) =>
            c.column('id').doUpdateSet((eb) => {
              const set: Record<string, unknown> = {};
              for (const key of Object.keys(incidentRows[0]!)) {
                if (key !== 'id') set[key] = eb.ref(`excluded.${key}` as never);
              }
              return set as never;
            }),
          )
          .execute();
        const ids = chunk.map((r) => r.incident.id);
        // A replaced incident drops the claims of its earlier import.
        await db.deleteFrom('incident_claims').where('incident_id', 'in', ids).execute();
        await db
          .insertInto('incident_claims')
          .values(
            chunk.flatMap((r) =>
              r.incident.claimIds.map((claim_id) => ({ incident_id: r.incident.id, claim_id })),
            ),
          )
          .execute();
        await db
          .insertInto('import_rows')
          .values(
            chunk.map((r) => ({
              report_id: r.report.id,
              import_id: importId,
              dataset_id: r.datasetId,
              incident_id: r.incident.id,
              line: r.line,
              byte_start: r.byteStart,
              byte_end: r.byteEnd,
              fields: JSON.stringify(r.fields),
            })),
          )
          .execute();
      }
      // Every record the row became gets its entry, as ingest gives each report, claim and
      // incident one, so `vigil verify` can check each stored record against the log.
      await ledger.appendMany(
        rows.flatMap((r) => [
          {
            kind: 'report.imported',
            subject: r.report.id,
            actor,
            at,
            record: r.report,
            digest: r.digests.report,
          },
          {
            kind: 'claim.imported',
            subject: r.claim.id,
            actor,
            at,
            record: r.claim,
            digest: r.digests.claim,
          },
          {
            kind: 'incident.imported',
            subject: r.incident.id,
            actor,
            at,
            record: r.incident,
            digest: r.digests.incident,
          },
        ]),
      );
    },

    async finish(importId, counts) {
      await db.updateTable('imports').set(counts).where('id', '=', importId).execute();
    },

    async heldIds(importId, datasetIds) {
      const held = new Map<string, number>();
      for (let i = 0; i < datasetIds.length; i += IDS) {
        const rows = await db
          .selectFrom('import_rows')
          .select(['dataset_id', 'line'])
          .where('import_id', '=', importId)
          .where('dataset_id', 'in', datasetIds.slice(i, i + IDS))
          .execute();
        for (const r of rows) if (r.dataset_id !== null) held.set(r.dataset_id, Number(r.line));
      }
      return held;
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
  };
}
