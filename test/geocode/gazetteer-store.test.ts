import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { storedGazetteer } from '../../src/adapters/memory/memory-gazetteer.ts';
import { createPlaceIndex } from '../../src/adapters/memory/place-index.ts';
import { openPostgres } from '../../src/adapters/postgres/open-postgres.ts';
import { sqlGazetteerStore } from '../../src/adapters/sql/gazetteer-store.ts';
import type { Database } from '../../src/adapters/sql/schema.ts';
import { openSqlite } from '../../src/adapters/sqlite/open-sqlite.ts';
import type { GazetteerEntry } from '../../src/ports/gazetteer.ts';
import { tempDir } from '../support/cli.ts';
import { freshSchema, TEST_PG_URL } from '../support/stores.ts';

interface Opened {
  db: Kysely<Database>;
  /** Closes this connection; the data stays for `reopen`. */
  close(): Promise<void>;
  reopen(): Promise<Opened>;
  /** Removes the data (the SQLite file, the PostgreSQL schema) and closes. */
  dispose(): Promise<void>;
}

async function sqlite(dir = tempDir('vigil-gaz-')): Promise<Opened> {
  const { db } = await openSqlite(join(dir, 'v.db'));
  return {
    db,
    close: () => db.destroy(),
    reopen: async () => sqlite(dir),
    async dispose() {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgres(schema = freshSchema()): Promise<Opened> {
  const { db } = await openPostgres(TEST_PG_URL!, { schema, poolSize: 2 });
  return {
    db,
    close: () => db.destroy(),
    reopen: async () => postgres(schema),
    async dispose() {
      await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db);
      await db.destroy();
    },
  };
}

const adapters: [string, () => Promise<Opened>][] = [['sqlite', () => sqlite()]];
if (TEST_PG_URL) adapters.push(['postgres', () => postgres()]);
else if (process.env.CI === 'true')
  adapters.push(['postgres', () => Promise.reject(new Error('VIGIL_TEST_PG_URL is not set in CI'))]);

const harison: GazetteerEntry = {
  id: 'user:harison',
  name: 'Harison',
  lat: 35.2066,
  lon: 35.9803,
  country: 'SY',
  admin1: 'Tartus',
  featureCode: 'PPL',
  population: 0,
  alternateNames: ['Hrisun'],
  origin: 'user',
};

describe.each(adapters)('the gazetteer store over %s', (_name, open) => {
  it('keeps user places and aliases across a reopen, and the gazetteer finds them by any name', async () => {
    const first = await open();
    const store = sqlGazetteerStore(first.db);
    await store.record([harison]);
    await store.recordAlias('Hreisoun', 'user:harison');
    await store.recordAlias('Hreisoun', 'user:harison');
    const second = await first.reopen();
    const again = sqlGazetteerStore(second.db);
    expect(await again.count()).toBe(1);
    expect(await again.get('user:harison')).toEqual(harison);
    expect(await again.aliases()).toEqual([{ alias: 'Hreisoun', entryId: 'user:harison' }]);
    const gazetteer = storedGazetteer(again, () => createPlaceIndex());
    for (const name of ['Harison', 'Hrisun', 'Hreisoun', 'harison']) {
      expect((await gazetteer.lookup(name)).map((e) => e.id)).toEqual(['user:harison']);
    }
    await first.close();
    await second.dispose();
  });

  it('replaces an entry added again with the same id, and imports 20,000 rows in one go', async () => {
    const opened = await open();
    const store = sqlGazetteerStore(opened.db);
    await store.record([harison]);
    await store.record([{ ...harison, lat: 35.21, alternateNames: [] }]);
    expect((await store.get('user:harison'))!.lat).toBe(35.21);
    const many: GazetteerEntry[] = Array.from({ length: 20_000 }, (_, i) => ({
      ...harison,
      id: `geonames:${900_000 + i}`,
      name: `Place ${i}`,
      origin: 'import',
    }));
    expect(await store.record(many)).toBe(20_000);
    expect(await store.count()).toBe(20_001);
    await opened.dispose();
  });
});
