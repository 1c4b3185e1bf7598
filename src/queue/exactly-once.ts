import { type Kysely, sql } from 'kysely';
import { MIGRATION_LOCK } from '../adapters/postgres/open-postgres.ts';
import { LEDGER_LOCK } from '../adapters/sql/ledger-store.ts';
import type { Database } from '../adapters/sql/schema.ts';

/*
 * How a job's effect happens once although pg-boss delivers it at least once (a worker killed
 * after its commit but before it marked the job done gets the job again after expiry):
 *
 * - every job's work runs in ONE store transaction that also inserts the job's id into
 *   `vigil_jobs_done`; a second delivery finds the row and does nothing (and, if the first
 *   is still running, waits on the row lock until it commits or rolls back);
 * - the jobs a job causes are sent inside that same transaction (pg-boss `db` option), so
 *   they exist exactly when the work does;
 * - ingests of the same bytes serialise on an advisory lock keyed by the SHA-256, so the
 *   second one sees the first's report and answers "already held";
 * - resolution and every ledger append hold the one record lock (the ledger's), so two
 *   resolutions never run at once and the ledger stays gap-free in commit order.
 */

/** Creates the job-marker and lane tables (under the migration lock, so workers starting together agree). */
export async function ensureJobTables(db: Kysely<Database>): Promise<void> {
  await db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK[0]}, ${MIGRATION_LOCK[1]})`.execute(conn);
    try {
      await sql`CREATE TABLE IF NOT EXISTS vigil_jobs_done (key text PRIMARY KEY, done_at timestamptz NOT NULL DEFAULT now())`.execute(
        conn,
      );
      // Extracted claims waiting for the resolution lane (resolution-lane.ts).
      await sql`CREATE TABLE IF NOT EXISTS vigil_unresolved (
        report_id text PRIMARY KEY,
        order_key text NOT NULL,
        claims text NOT NULL,
        actor text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`.execute(conn);
      await sql`CREATE INDEX IF NOT EXISTS vigil_unresolved_order ON vigil_unresolved (order_key)`.execute(
        conn,
      );
      // When a report was left for the lane: ingest jobs queued before it are waited for.
      await sql`ALTER TABLE vigil_unresolved ADD COLUMN IF NOT EXISTS left_at timestamptz NOT NULL DEFAULT now()`.execute(
        conn,
      );
      // Reports queued for extraction, not extracted yet: the lane does not pass them (resolution-lane.ts).
      await sql`CREATE TABLE IF NOT EXISTS vigil_extracting (
        report_id text PRIMARY KEY,
        order_key text NOT NULL,
        since timestamptz NOT NULL DEFAULT now()
      )`.execute(conn);
      await sql`CREATE INDEX IF NOT EXISTS vigil_extracting_order ON vigil_extracting (order_key)`.execute(
        conn,
      );
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK[0]}, ${MIGRATION_LOCK[1]})`.execute(conn);
    }
  });
}

/**
 * Marks a job as done inside the transaction `trx`; false when it was already done (the
 * caller then does nothing). Commits or rolls back with the job's work.
 */
export async function firstDelivery(trx: Kysely<Database>, key: string): Promise<boolean> {
  const result = await sql<{ key: string }>`
    INSERT INTO vigil_jobs_done (key) VALUES (${key}) ON CONFLICT (key) DO NOTHING RETURNING key`.execute(
    trx,
  );
  return result.rows.length === 1;
}

/**
 * Which of these job keys are marked done already (committed): a batch delivered again skips
 * their work before doing it. The marker insert in the job's transaction stays the real guard.
 */
export async function doneAlready(db: Kysely<Database>, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const result = await sql<{ key: string }>`SELECT key FROM vigil_jobs_done WHERE key = ANY(${keys})`.execute(
    db,
  );
  return new Set(result.rows.map((r) => r.key));
}

/** Holds the record lock (resolution and ledger appends) until `trx` ends. */
export async function lockRecord(trx: Kysely<Database>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${LEDGER_LOCK[0]}, ${LEDGER_LOCK[1]})`.execute(trx);
}

/** Holds a lock on one original's bytes until `trx` ends: one ingest of the same bytes at a time. */
export async function lockOriginal(trx: Kysely<Database>, sha256: string): Promise<void> {
  // Two-key form in our own namespace; the low 31 bits of the address are spread enough.
  const key = Number.parseInt(sha256.slice(0, 8), 16) & 0x7fffffff;
  await sql`SELECT pg_advisory_xact_lock(${ORIGINAL_LOCK_SPACE}, ${key})`.execute(trx);
}

const ORIGINAL_LOCK_SPACE = 0x56494748;

/**
 * Forgets markers older than `days`: by then pg-boss has long finished (or given up on) the
 * job, so no delivery of it can come again.
 */
export async function pruneJobMarkers(db: Kysely<Database>, days: number): Promise<number> {
  const result =
    await sql`DELETE FROM vigil_jobs_done WHERE done_at < now() - make_interval(days => ${days})`.execute(db);
  // Placeholders of extractions that never finished (their jobs failed for good) go too.
  await sql`DELETE FROM vigil_extracting WHERE since < now() - make_interval(days => ${days})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
