import { type Kysely, sql } from 'kysely';
import type { Store } from '../../ports/store.ts';
import { sqlClaimStore, sqlIncidentStore } from './claim-incident-store.ts';
import { sqlFailureStore, sqlLedgerStore } from './ledger-store.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { sqlReportStore } from './report-store.ts';
import type { Database, SqlDialectName } from './schema.ts';
import { sqlSourceStore } from './source-store.ts';

/**
 * The Store over any Kysely database. The SQLite and PostgreSQL adapters differ only in how
 * they connect and in the dialect-specific SQL the role stores branch on.
 */
export function sqlStore(db: Kysely<Database>, dialect: SqlDialectName, close: () => Promise<void>): Store {
  function bound(conn: Kysely<Database>, inTransaction: boolean): Store {
    const store: Store = {
      reports: sqlReportStore(conn, dialect),
      sources: sqlSourceStore(conn),
      claims: sqlClaimStore(conn),
      incidents: sqlIncidentStore(conn),
      ledger: sqlLedgerStore(conn),
      failures: sqlFailureStore(conn),
      atomically: (work) =>
        // A nested unit of work joins the transaction it is already in.
        inTransaction ? work(store) : conn.transaction().execute((trx) => work(bound(trx, true))),
      close,
    };
    return store;
  }
  return bound(db, false);
}

/** Applies every migration not yet applied, each in its own transaction. */
export async function migrate(db: Kysely<Database>, dialect: SqlDialectName): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS vigil_migrations (name text PRIMARY KEY, applied_at text NOT NULL)`.execute(
    db,
  );
  const done = new Set(
    (await sql<{ name: string }>`SELECT name FROM vigil_migrations`.execute(db)).rows.map((r) => r.name),
  );
  const applied: string[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.name)) continue;
    await db.transaction().execute(async (trx) => {
      await m.up(trx as unknown as Kysely<unknown>, dialect);
      await sql`INSERT INTO vigil_migrations (name, applied_at) VALUES (${m.name}, ${new Date().toISOString()})`.execute(
        trx,
      );
    });
    applied.push(m.name);
  }
  return applied;
}
