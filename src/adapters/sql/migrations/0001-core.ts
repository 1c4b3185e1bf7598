import { type Kysely, sql } from 'kysely';
import type { SqlDialectName } from '../schema.ts';

/** Reports, originals, sources, claims, incidents, the ledger's entries and failures. */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  await db.schema
    .createTable('originals')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('origin_group', 'text', (c) => c.notNull())
    .addColumn('site', 'text')
    .execute();
  await db.schema
    .createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('original_sha256', 'text', (c) => c.notNull().references('originals.sha256'))
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('url', 'text')
    .addColumn('source_id', 'text', (c) => c.references('sources.id'))
    .addColumn('source_name', 'text')
    .addColumn('published', 'text')
    .addColumn('language', 'text')
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('ingested_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('reports_original_item', ['original_sha256', 'item_key'])
    .execute();
  await db.schema.createIndex('reports_status').on('reports').column('status').execute();
  await db.schema
    .createTable('claims')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('date_start', 'text')
    .addColumn('date_end', 'text')
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('claims_report').on('claims').column('report_id').execute();
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('date_start', 'text')
    .addColumn('date_end', 'text')
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incidents_date').on('incidents').columns(['date_start', 'date_end']).execute();
  await db.schema.createIndex('incidents_latlon').on('incidents').columns(['lat', 'lon']).execute();
  await db.schema
    .createTable('incident_claims')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('claim_id', 'text', (c) => c.notNull().references('claims.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('incident_claims_pk', ['incident_id', 'claim_id'])
    .execute();
  await db.schema.createIndex('incident_claims_claim').on('incident_claims').column('claim_id').execute();
  await db.schema
    .createTable('ledger')
    .addColumn('seq', serial, (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('leaf_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('failures')
    .addColumn('id', serial, (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();

  if (dialect === 'sqlite') {
    // External-content-free FTS5 table keyed by the report's rowid-less id column.
    await sql`CREATE VIRTUAL TABLE reports_fts USING fts5(report_id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2')`.execute(
      db,
    );
  } else {
    await sql`ALTER TABLE reports ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title, '') || ' ' || text)) STORED`.execute(
      db,
    );
    await sql`CREATE INDEX reports_tsv ON reports USING gin (tsv)`.execute(db);
  }
}
