import type { Kysely } from 'kysely';
import type { GazetteerEntry, GazetteerOrigin, GazetteerStore } from '../../ports/gazetteer.ts';
import type { Database, GazetteerEntriesTable } from './schema.ts';

// Ten columns a row: well under SQLite's and PostgreSQL's bound-parameter limits.
const BATCH = 500;

/** Gazetteer entries and aliases users added or imported, over any Kysely database. */
export function sqlGazetteerStore(db: Kysely<Database>): GazetteerStore {
  const toEntry = (r: GazetteerEntriesTable): GazetteerEntry => ({
    id: r.id,
    name: r.name,
    lat: Number(r.lat),
    lon: Number(r.lon),
    country: r.country,
    admin1: r.admin1,
    featureCode: r.feature_code,
    population: Number(r.population),
    alternateNames: JSON.parse(r.alternate_names) as string[],
    origin: r.origin as GazetteerOrigin,
  });
  return {
    async record(entries) {
      if (!entries.length) return 0;
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < entries.length; i += BATCH) {
          const rows = entries.slice(i, i + BATCH).map((e) => ({
            id: e.id,
            name: e.name,
            lat: e.lat,
            lon: e.lon,
            country: e.country,
            admin1: e.admin1,
            feature_code: e.featureCode,
            population: e.population,
            alternate_names: JSON.stringify(e.alternateNames),
            origin: e.origin ?? 'user',
          }));
          await trx
            .insertInto('gazetteer_entries')
            .values(rows)
            .onConflict((oc) =>
              oc.column('id').doUpdateSet((eb) => ({
                name: eb.ref('excluded.name'),
                lat: eb.ref('excluded.lat'),
                lon: eb.ref('excluded.lon'),
                country: eb.ref('excluded.country'),
                admin1: eb.ref('excluded.admin1'),
                feature_code: eb.ref('excluded.feature_code'),
                population: eb.ref('excluded.population'),
                alternate_names: eb.ref('excluded.alternate_names'),
                origin: eb.ref('excluded.origin'),
              })),
            )
            .execute();
        }
      });
      return entries.length;
    },
    async recordAlias(alias, entryId) {
      await db
        .insertInto('gazetteer_aliases')
        .values({ alias, entry_id: entryId })
        .onConflict((oc) => oc.columns(['alias', 'entry_id']).doNothing())
        .execute();
    },
    async entries() {
      return (await db.selectFrom('gazetteer_entries').selectAll().orderBy('id').execute()).map(toEntry);
    },
    async aliases() {
      const rows = await db.selectFrom('gazetteer_aliases').selectAll().orderBy('alias').execute();
      return rows.map((r) => ({ alias: r.alias, entryId: r.entry_id }));
    },
    async get(id) {
      const row = await db
        .selectFrom('gazetteer_entries')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toEntry(row) : null;
    },
    async count() {
      const row = await db
        .selectFrom('gazetteer_entries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
