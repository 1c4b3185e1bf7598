import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../schema.ts';

/**
 * Dataset imports (UCDP, ACLED, mapped CSV): one row per imported file, and the original row
 * of every imported incident, so that exports can give back what the dataset said.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialectName): Promise<void> {
  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('original_sha256', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('dataset', 'text', (c) => c.notNull())
    // The header, once: each row's fields are kept as a JSON array in this order.
    .addColumn('columns', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('skipped', 'integer', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('imports_original').on('imports').column('original_sha256').execute();
  await db.schema
    .createTable('import_rows')
    // Keyed by the report the row became: reports are immutable, claims and incidents are not
    // (re-resolution may merge the row's claim into a larger incident).
    .addColumn('report_id', 'text', (c) => c.primaryKey().references('reports.id'))
    .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id'))
    .addColumn('dataset_id', 'text')
    // The incident the row became when imported (a later import of the same id replaces it).
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    // Byte range of the row in the original file (kept verbatim in the blob store).
    .addColumn('byte_start', 'bigint', (c) => c.notNull())
    .addColumn('byte_end', 'bigint', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('import_rows_dataset_id')
    .on('import_rows')
    .columns(['import_id', 'dataset_id'])
    .execute();
}
