import { type Kysely, sql } from 'kysely';
import type { Report } from '../../domain/index.ts';
import type { OriginalRecord, ReportFilter, ReportStore } from '../../ports/store.ts';
import { reportToRow, rowToReport } from './row-mapping.ts';
import type { Database, SqlDialectName } from './schema.ts';

export function sqlReportStore(db: Kysely<Database>, dialect: SqlDialectName): ReportStore {
  function filtered(filter: ReportFilter) {
    let q = db.selectFrom('reports');
    if (filter.status) q = q.where('reports.status', '=', filter.status);
    if (filter.text) {
      if (dialect === 'sqlite') {
        q = q.where(
          'reports.id',
          'in',
          sql<string>`(SELECT report_id FROM reports_fts WHERE reports_fts MATCH ${ftsQuery(filter.text)})`,
        );
      } else {
        q = q.where(sql<boolean>`tsv @@ plainto_tsquery('simple', ${filter.text})`);
      }
    }
    return q;
  }

  return {
    async findOriginal(sha256) {
      const row = await db
        .selectFrom('originals')
        .selectAll()
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      return row ? toOriginal(row) : null;
    },
    async recordOriginal(o) {
      const result = await db
        .insertInto('originals')
        .values({
          sha256: o.sha256,
          size: o.size,
          media_type: o.mediaType,
          origin: o.origin,
          received_at: o.receivedAt,
        })
        .onConflict((c) => c.column('sha256').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async recordReport(report: Report, knownSourceId?: string | null) {
      const sourceId =
        knownSourceId !== undefined
          ? knownSourceId
          : report.sourceName
            ? await sourceIdFor(db, report.sourceName)
            : null;
      const row = reportToRow(report, sourceId);
      // One statement: a new report is inserted, an `unparsed` one replaced (reprocess); a
      // parsed one is left alone, and is immutable.
      const { id: _id, ...changes } = row;
      const result = await db
        .insertInto('reports')
        .values(row)
        .onConflict((c) => c.column('id').doUpdateSet(changes).where('reports.status', '=', 'unparsed'))
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) {
        throw new Error(`report ${report.id} is parsed and immutable`);
      }
      // Unparsed reports are never indexed, so a replaced one has nothing to remove first.
      if (dialect === 'sqlite' && report.status === 'parsed') {
        await sql`INSERT INTO reports_fts (report_id, title, text) VALUES (${report.id}, ${report.title ?? ''}, ${report.text})`.execute(
          db,
        );
      }
    },
    async dropUnparsed(sha256) {
      const ids = (
        await db
          .selectFrom('reports')
          .select('id')
          .where('original_sha256', '=', sha256)
          .where('status', '=', 'unparsed')
          .execute()
      ).map((r) => r.id);
      if (ids.length) await db.deleteFrom('reports').where('id', 'in', ids).execute();
      return ids.length;
    },
    async get(id) {
      const row = await db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToReport(row) : null;
    },
    async forOriginal(sha256) {
      const rows = await db
        .selectFrom('reports')
        .selectAll()
        .where('original_sha256', '=', sha256)
        .orderBy('item_key')
        .execute();
      return rows.map(rowToReport);
    },
    async list(filter = {}) {
      const rows = await filtered(filter)
        .selectAll('reports')
        .orderBy('reports.ingested_at')
        .orderBy('reports.id')
        .limit(filter.limit ?? 1000)
        .offset(filter.offset ?? 0)
        .execute();
      return rows.map(rowToReport);
    },
    async count(filter = {}) {
      const row = await filtered(filter)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async *originals() {
      let after = '';
      for (;;) {
        const rows = await db
          .selectFrom('originals')
          .selectAll()
          .where('sha256', '>', after)
          .orderBy('sha256')
          .limit(500)
          .execute();
        if (rows.length === 0) return;
        for (const row of rows) yield toOriginal(row);
        after = rows[rows.length - 1]!.sha256;
      }
    },
  };
}

function toOriginal(row: Database['originals']): OriginalRecord {
  return {
    sha256: row.sha256,
    size: Number(row.size),
    mediaType: row.media_type,
    origin: row.origin,
    receivedAt: row.received_at,
  };
}

async function sourceIdFor(db: Kysely<Database>, name: string): Promise<string | null> {
  const row = await db.selectFrom('sources').select('id').where('name', '=', name).executeTakeFirst();
  return row?.id ?? null;
}

/** Quotes every word so user text cannot inject FTS5 query syntax. */
function ftsQuery(text: string): string {
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map((w) => `"${w}"`).join(' ') || '""';
}
