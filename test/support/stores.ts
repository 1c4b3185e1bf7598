import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openPostgres } from '../../src/adapters/postgres/open-postgres.ts';
import { openSqlite } from '../../src/adapters/sqlite/open-sqlite.ts';
import type { Store } from '../../src/ports/store.ts';
import { tempDir } from './cli.ts';

/** One way of opening a fresh, empty, migrated store for a contract suite. */
export interface StoreFixture {
  name: string;
  open(): Promise<{ store: Store; close(): Promise<void> }>;
}

const sqlite: StoreFixture = {
  name: 'sqlite',
  async open() {
    const dir = tempDir('vigil-store-');
    const { store } = await openSqlite(join(dir, 'test.db'));
    return {
      store,
      async close() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** The test PostgreSQL server (.ci/start-postgres.sh prints its URL; .ci/run exports it). */
export const TEST_PG_URL = process.env.VIGIL_TEST_PG_URL;

/** A fresh schema name on the test server: each store gets its own, dropped on close. */
export function freshSchema(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

function postgresAt(url: string): StoreFixture {
  return {
    name: 'postgres',
    async open() {
      const schema = freshSchema();
      const { store, db } = await openPostgres(url, { schema, poolSize: 4 });
      return {
        store,
        async close() {
          await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db);
          await store.close();
        },
      };
    },
  };
}

const missingPostgres: StoreFixture = {
  name: 'postgres',
  async open() {
    throw new Error(
      'VIGIL_TEST_PG_URL is not set: CI must start PostgreSQL (.ci/start-postgres.sh) for the contract suites',
    );
  },
};

let warned = false;

/**
 * Every store adapter a contract suite must pass. Contract suites loop over this list
 * (`describe.each(storeFixtures())`) so that one file tests every adapter. PostgreSQL joins
 * when VIGIL_TEST_PG_URL names a test server; without one it is skipped with a message on a
 * developer's machine and fails in CI (CI=true).
 */
export function storeFixtures(): StoreFixture[] {
  if (TEST_PG_URL) return [sqlite, postgresAt(TEST_PG_URL)];
  if (process.env.CI === 'true') return [sqlite, missingPostgres];
  if (!warned) {
    warned = true;
    console.warn(
      'skipping the PostgreSQL store: VIGIL_TEST_PG_URL is not set (start one with `npm run pg:start`)',
    );
  }
  return [sqlite];
}
