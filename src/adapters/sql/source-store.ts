import type { Kysely } from 'kysely';
import type { Source, SourceKind } from '../../domain/index.ts';
import { NotFoundError } from '../../errors.ts';
import { sha256Hex } from '../../ledger/canonical.ts';
import type { SourceStore } from '../../ports/store.ts';
import type { Database, SourcesTable } from './schema.ts';

export function sqlSourceStore(db: Kysely<Database>): SourceStore {
  return {
    async ensure(name: string, kind: SourceKind = 'unknown', site: string | null = null) {
      const existing = await db.selectFrom('sources').selectAll().where('name', '=', name).executeTakeFirst();
      if (existing) return toSource(existing);
      const row: SourcesTable = {
        id: `src-${sha256Hex(name.toLowerCase()).slice(0, 12)}`,
        name,
        kind,
        // A new source is its own origin group until an analyst says otherwise.
        origin_group: name,
        site,
      };
      // Ids come from the lower-cased name, so "North Wire Agency" finds "North Wire agency".
      await db
        .insertInto('sources')
        .values(row)
        .onConflict((c) => c.doNothing())
        .execute();
      const stored = await db
        .selectFrom('sources')
        .selectAll()
        .where((eb) => eb.or([eb('name', '=', name), eb('id', '=', row.id)]))
        .executeTakeFirstOrThrow();
      return toSource(stored);
    },
    async list() {
      const rows = await db.selectFrom('sources').selectAll().orderBy('name').execute();
      return rows.map(toSource);
    },
    async setOriginGroup(id, originGroup) {
      const result = await db
        .updateTable('sources')
        .set({ origin_group: originGroup })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new NotFoundError(`no source with id ${id}`);
      return toSource(
        await db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      );
    },
  };
}

function toSource(row: SourcesTable): Source {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as SourceKind,
    originGroup: row.origin_group,
    site: row.site,
  };
}
