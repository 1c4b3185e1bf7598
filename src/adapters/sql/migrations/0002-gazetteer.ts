import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../schema.ts';

/**
 * Places users add or import (villages, camps, bases, whole GeoNames country dumps) and the
 * aliases they know, so they outlive the process. The default gazetteer is not copied here.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialectName): Promise<void> {
  await db.schema
    .createTable('gazetteer_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('admin1', 'text')
    .addColumn('feature_code', 'text', (c) => c.notNull())
    .addColumn('population', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('alternate_names', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('gazetteer_aliases')
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('gazetteer_aliases_pk', ['alias', 'entry_id'])
    .execute();
}
