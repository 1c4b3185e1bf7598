import { type Kysely, sql } from 'kysely';
import type { Store } from '../../ports/store.ts';
import { sqlAccountStore, sqlIntakeStore } from './account-store.ts';
import { sqlClaimStore, sqlIncidentStore } from './claim-incident-store.ts';
import { sqlContradictionStore } from './contradiction-store.ts';
import { sqlDecisionStore } from './decision-store.ts';
import { sqlCustodyStore, sqlEvidenceStore, sqlPendingEvidenceStore } from './evidence-store.ts';
import { sqlHeldBytes } from './held-bytes-store.ts';
import { sqlImportStore } from './import-store.ts';
import { sqlIncidentIndex } from './incident-index-store.ts';
import { sqlIncidentSearch } from './incident-search-store.ts';
import { sqlFailureStore, sqlLedgerStore } from './ledger-store.ts';
import { sqlLedgerTreeStore } from './ledger-tree-store.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { sqlRecordAudit } from './record-audit-store.ts';
import { sqlReportStore } from './report-store.ts';
import { sqlClaimLinkStore, sqlNearDuplicateStore } from './resolution-store.ts';
import type { Database, SqlDialectName } from './schema.ts';
import { sqlSourceStore } from './source-store.ts';

/**
 * The Store over any Kysely database. The SQLite and PostgreSQL adapters differ only in how
 * they connect and in the dialect-specific SQL the role stores branch on.
 */
export function sqlStore(
  db: Kysely<Database>,
  dialect: SqlDialectName,
  close: () => Promise<void>,
  options: SqlStoreOptions = {},
): Store {
  function bound(conn: Kysely<Database>, inTransaction: boolean): Store {
    const store: Store = {
      reports: sqlReportStore(conn, dialect),
      heldBytes: sqlHeldBytes(conn, dialect),
      sources: sqlSourceStore(conn),
      claims: sqlClaimStore(conn),
      incidents: { ...sqlIncidentStore(conn, options.spatial ?? 'plain'), ...sqlIncidentIndex(conn) },
      claimLinks: sqlClaimLinkStore(conn),
      nearDuplicates: sqlNearDuplicateStore(conn),
      decisions: sqlDecisionStore(conn),
      contradictions: sqlContradictionStore(conn),
      ledger: sqlLedgerStore(conn, dialect),
      failures: sqlFailureStore(conn),
      accounts: sqlAccountStore(conn),
      intakes: sqlIntakeStore(conn),
      search: sqlIncidentSearch(conn, dialect),
      imports: sqlImportStore(conn, dialect, sqlLedgerStore(conn, dialect)),
      evidence: sqlEvidenceStore(conn),
      custody: sqlCustodyStore(conn),
      pendingEvidence: sqlPendingEvidenceStore(conn),
      ledgerTree: sqlLedgerTreeStore(conn),
      recordAudit: sqlRecordAudit(conn),
      atomically: (work) =>
        // A nested unit of work joins the transaction it is already in.
        inTransaction ? work(store) : conn.transaction().execute((trx) => work(bound(trx, true))),
      close,
    };
    return store;
  }
  // A store built over a transaction (a queue job's unit of work) joins it too.
  return bound(db, db.isTransaction);
}

/** How bounding-box filters run: PostGIS's GiST index, or the plain (lat, lon) index. */
export type SpatialMode = 'postgis' | 'plain';

export interface SqlStoreOptions {
  /** Only PostgreSQL servers with PostGIS use 'postgis'; default 'plain'. */
  spatial?: SpatialMode;
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
