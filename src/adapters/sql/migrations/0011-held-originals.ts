import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../schema.ts';

/**
 * The bytes of small originals, held in the database beside their records: one row per
 * SHA-256, written in the transaction that records the original. No foreign key to
 * `originals`: a queued ingest holds the bytes before a worker records the original.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  await db.schema
    .createTable('held_originals')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('bytes', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .execute();
}
