import { type Kysely, sql } from 'kysely';
import type { SqlDialectName } from '../schema.ts';

/**
 * SQLite's report index keeps which columns a word occurs in but not its positions
 * (`detail=column`): indexing a report then costs about half as much, and Vigil's text filters
 * match words, never phrases or NEAR, so nothing it asks needs positions. PostgreSQL's tsvector
 * index is unchanged.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`ALTER TABLE reports_fts RENAME TO reports_fts_full`.execute(db);
  await sql`CREATE VIRTUAL TABLE reports_fts USING fts5(report_id UNINDEXED, title, text, detail = column, tokenize = 'unicode61 remove_diacritics 2')`.execute(
    db,
  );
  await sql`INSERT INTO reports_fts (report_id, title, text) SELECT report_id, title, text FROM reports_fts_full`.execute(
    db,
  );
  await sql`DROP TABLE reports_fts_full`.execute(db);
}
