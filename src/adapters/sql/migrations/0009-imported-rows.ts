import { type Kysely, sql } from 'kysely';
import type { SqlDialectName } from '../schema.ts';

/**
 * A lighter record for imported dataset rows. A row becomes ONE incident plus the row itself,
 * kept compactly in `dataset_rows` (keyed by the incident, so an export or an incident page
 * finds an incident's row by its primary key); the row's report and claim are derived from the
 * kept row when read (src/interop/dataset-records.ts) instead of being stored beside it: a
 * report, its full-text entry, a claim and a link per row were most of a 400,000-row import's
 * time and pages. Rows imported earlier stay in `import_rows` with their stored reports and
 * claims. Also: a mapped CSV's mapping is kept with its import (to derive its rows' claims),
 * and resolution's candidate index leaves out the incidents it never profiles (imported ones).
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialectName): Promise<void> {
  // An ordinary (rowid) table on both engines: rows are appended to the table's b-tree and only
  // the small key goes into the key's index. WITHOUT ROWID was tried on SQLite: a row of ~600
  // bytes in an index b-tree gives interior pages a fan-out of a handful, more pages and more
  // CPU per insert (10.4-11.1 s vs 11.0-12.2 s of import CPU at 100,000 rows).
  await db.schema
    .createTable('dataset_rows')
    // The incident the row became (a later release of the same event adds its own row).
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id'))
    .addColumn('line', 'integer', (c) => c.notNull())
    // Byte range of the row in the original file (kept verbatim in the blob store).
    .addColumn('byte_start', 'bigint', (c) => c.notNull())
    .addColumn('byte_end', 'bigint', (c) => c.notNull())
    // The row's text as the file has it, read back with the header kept once in imports: no
    // JSON to build per row, and fewer bytes than the fields as a JSON array.
    .addColumn('text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dataset_rows_pk', ['incident_id', 'import_id'])
    .execute();
  await db.schema.alterTable('imports').addColumn('mapping', 'text').execute();
  // Only incidents resolution profiles (family set) are ever candidates: a partial index does
  // not grow by one entry per imported row.
  await db.schema.dropIndex('incidents_block').execute();
  await db.schema
    .createIndex('incidents_block')
    .on('incidents')
    .columns(['family', 'radius_km', 'lat', 'lon', 'date_start', 'date_end'])
    .where(sql.ref('family'), 'is not', null)
    .execute();
}
