import { type Kysely, sql } from 'kysely';
import type { Database } from '../adapters/sql/schema.ts';
import type { Claim, Report } from '../domain/index.ts';
import { kindFor } from '../pipeline/resolve/origins.ts';
import { reportOrderKey } from '../ports/resolution.ts';
import { isConnectionLoss } from './connection-loss.ts';
import { lockRecord } from './exactly-once.ts';

/*
 * Resolution is the serial part of the pipeline: it runs under the one record lock
 * (docs/scaling.md). Workers extract in parallel and leave each report's claims here, in
 * `vigil_unresolved` (queue state, like pg-boss's jobs: not part of the record); one worker at
 * a time — whoever holds the lane lock — records and resolves them in batches, in the order
 * resolution calls canonical (publication date, then report). Resolution's result does not
 * depend on the order, but its cost does: a claim placed before claims that come earlier in
 * that order is placed again when they arrive. Taking the backlog in order keeps that rare
 * however the queue delivered the reports.
 *
 * The lane does not pass a report still being extracted: ingest leaves a placeholder with the
 * report's place in that order (`vigil_extracting`), extraction removes it in the transaction
 * that leaves the claims, and the lane takes only reports before the earliest placeholder. So
 * a backlog queued in any order is resolved in canonical order, instead of the reports whose
 * extraction happened to finish late being placed before earlier ones (docs/scaling.md). A
 * placeholder older than EXTRACTION_WAIT_SECONDS (its extraction failing for good) no longer
 * holds the lane up: resolution's result does not depend on the order, only its cost does.
 * Likewise the lane waits while ingest jobs queued before the oldest waiting report are still
 * to be done (a report's date is known only once it is parsed): a backlog queued at once is
 * resolved in order once it is ingested; jobs queued later do not hold it up, so a steady
 * stream never starves the lane.
 *
 * Nothing is lost and nothing is done twice: a row is deleted in the transaction that records
 * and resolves its report, so a worker dying mid-batch leaves the rows for the next holder.
 * Nothing waits for ever: a worker that leaves a row tries the lane right after its commit;
 * if another holds it, that holder looks for rows again after its own commit, which comes
 * after ours — and every worker also tries the lane every few seconds.
 */

/**
 * Lane lock (transaction-scoped): who records and resolves the backlog. Its own key space, keyed
 * by the schema the record lives in, so that stores in several schemas of one database (tests)
 * have a lane each.
 */
export const LANE_LOCK_SPACE = 0x5649474c;
/** A report that failed this often alone is left aside (logged, kept in the table). */
export const LANE_ATTEMPTS = 5;

/**
 * How long a report queued for extraction holds the lane up at most: well beyond a busy
 * backlog's wait for its extraction, short enough that an extraction failing for good does
 * not stop resolution.
 */
export const EXTRACTION_WAIT_SECONDS = 1800;

type Ordered = Pick<Report, 'id' | 'published' | 'ingestedAt' | 'sourceName'>;

/** A report's place in resolution's canonical order (publication date, a wire's story first, id). */
export function laneOrderKey(report: Ordered): string {
  return reportOrderKey(
    report.published ?? report.ingestedAt,
    report.id,
    kindFor(report.sourceName ?? '') === 'wire',
  );
}

/** Marks reports as queued for extraction, in the ingest transaction that queues their jobs. */
export async function awaitExtraction(trx: Kysely<Database>, reports: Ordered[]): Promise<void> {
  if (reports.length === 0) return;
  const ids = reports.map((r) => r.id);
  const keys = reports.map(laneOrderKey);
  await sql`INSERT INTO vigil_extracting (report_id, order_key)
    SELECT * FROM unnest(${ids}::text[], ${keys}::text[]) ON CONFLICT (report_id) DO NOTHING`.execute(trx);
}

/** Removes the placeholders of reports whose extraction is done (or has nothing to do). */
export async function extractionDone(trx: Kysely<Database>, reportIds: string[]): Promise<void> {
  if (reportIds.length === 0) return;
  await sql`DELETE FROM vigil_extracting WHERE report_id = ANY(${reportIds})`.execute(trx);
}

/** Leaves a report's extracted claims for the lane, in the extraction job's transaction. */
export async function leaveForLane(
  trx: Kysely<Database>,
  report: Report,
  claims: Claim[],
  actor: string,
): Promise<void> {
  await sql`INSERT INTO vigil_unresolved (report_id, order_key, claims, actor)
    VALUES (${report.id}, ${laneOrderKey(report)}, ${JSON.stringify(claims)}, ${actor})
    ON CONFLICT (report_id) DO NOTHING`.execute(trx);
}

/** Reports waiting for the lane (except those left aside after repeated failures). */
export async function unresolvedCount(db: Kysely<Database>): Promise<number> {
  const r = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM vigil_unresolved WHERE attempts < ${LANE_ATTEMPTS}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Whether a report waits that the lane may take now. Rows behind a report still being
 * extracted wait for that extraction, whose commit kicks the lane again.
 */
async function takeable(db: Kysely<Database>): Promise<boolean> {
  const r = await sql<{ any: boolean }>`
    WITH first_extracting AS (
      SELECT min(order_key) AS order_key FROM vigil_extracting
      WHERE since > now() - make_interval(secs => ${EXTRACTION_WAIT_SECONDS})
    )
    SELECT EXISTS (
      SELECT 1 FROM vigil_unresolved u, first_extracting f
      WHERE u.attempts < ${LANE_ATTEMPTS} AND (f.order_key IS NULL OR u.order_key < f.order_key)
    ) AS any`.execute(db);
  return r.rows[0]?.any === true;
}

/** One waiting report, as the lane reads it back. */
export interface Waiting {
  reportId: string;
  claims: Claim[];
  actor: string;
}

export interface LaneDeps {
  db: Kysely<Database>;
  /** Records and resolves reports in a transaction holding the record lock (in the order given). */
  record(trx: Kysely<Database>, batch: Waiting[]): Promise<void>;
  /** Reports per transaction. */
  batchSize: number;
  /** pg-boss's schema, to wait for ingest jobs queued before the waiting reports (none: no wait). */
  queueSchema?: string;
  /** The ingest queue's name in pg-boss. */
  ingestQueue?: string;
  /** Told when a batch starts and ends holding the record lock (extraction waits meanwhile). */
  onHold(held: boolean, reports: number): void;
  log(line: string): void;
}

export interface ResolutionLane {
  /** Runs the lane now (in the background) unless this process runs it already; then once more. */
  kick(): void;
  /** Runs the lane to the end and waits; rejects with the first failure of this run (tests). */
  drain(): Promise<void>;
  /** Settles when no run of this process is in progress. */
  idle(): Promise<void>;
  /** Stops after the batch in hand. */
  stop(): Promise<void>;
}

export function resolutionLane(deps: LaneDeps): ResolutionLane {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  /** The reports of the last batch tried. */
  let attempted: string[] = [];

  /**
   * One batch: 'busy' when another process has the lane, 'empty' when nothing waits that the
   * lane may take now (what waits comes after a report still being extracted).
   */
  async function batch(size: number, skip: string[] = []): Promise<'busy' | 'empty' | 'done'> {
    attempted = [];
    return deps.db.transaction().execute(async (trx) => {
      const got = await sql<{
        got: boolean;
      }>`SELECT pg_try_advisory_xact_lock(${LANE_LOCK_SPACE}, hashtext(current_schema())) AS got`.execute(
        trx,
      );
      if (!got.rows[0]?.got) return 'busy';
      if (await ingestBefore(trx)) return 'empty';
      const rows = await sql<{ report_id: string; claims: string; actor: string }>`
        WITH first_extracting AS (
          SELECT min(order_key) AS order_key FROM vigil_extracting
          WHERE since > now() - make_interval(secs => ${EXTRACTION_WAIT_SECONDS})
        )
        SELECT report_id, claims, actor FROM vigil_unresolved, first_extracting f
        WHERE attempts < ${LANE_ATTEMPTS} AND report_id <> ALL(${skip})
          AND (f.order_key IS NULL OR vigil_unresolved.order_key < f.order_key)
        ORDER BY vigil_unresolved.order_key LIMIT ${size}`.execute(trx);
      if (rows.rows.length === 0) return 'empty';
      attempted = rows.rows.map((r) => r.report_id);
      const waiting = rows.rows.map((r) => ({
        reportId: r.report_id,
        claims: JSON.parse(r.claims) as Claim[],
        actor: r.actor,
      }));
      await lockRecord(trx);
      deps.onHold(true, waiting.length);
      try {
        await deps.record(trx, waiting);
        await sql`DELETE FROM vigil_unresolved WHERE report_id = ANY(${waiting.map((w) => w.reportId)})`.execute(
          trx,
        );
      } finally {
        deps.onHold(false, waiting.length);
      }
      return 'done';
    });
  }

  /** After a failed batch: each report alone, so that one bad report holds up no other. */
  async function oneByOne(): Promise<unknown> {
    let first: unknown = null;
    const failed: string[] = [];
    for (;;) {
      try {
        if ((await batch(1, failed)) !== 'done') return first;
      } catch (error) {
        if (isConnectionLoss(error)) throw error;
        first ??= error;
        // Count the failure of the report tried alone, so that it is left aside in time.
        failed.push(...attempted);
        const counted = await sql<{ report_id: string; attempts: number }>`
          UPDATE vigil_unresolved SET attempts = attempts + 1, last_error = ${(error as Error).message}
          WHERE report_id = ANY(${attempted}) RETURNING report_id, attempts`.execute(deps.db);
        for (const row of counted.rows) {
          deps.log(
            `resolution of report ${row.report_id} failed (attempt ${row.attempts} of ${LANE_ATTEMPTS}): ${(error as Error).message}`,
          );
        }
      }
    }
  }

  async function run(): Promise<void> {
    let failure: unknown = null;
    do {
      again = false;
      for (;;) {
        if (stopped) return;
        let outcome: 'busy' | 'empty' | 'done';
        try {
          outcome = await batch(deps.batchSize);
        } catch (error) {
          if (isConnectionLoss(error)) throw error;
          failure ??= await oneByOne();
          break;
        }
        if (outcome === 'busy') break;
        // Rows left while this transaction held the lane: their workers could not take it.
        if (outcome === 'empty' && (!(await takeable(deps.db)) || (await ingestBefore(deps.db)))) break;
      }
    } while (again && !stopped);
    if (failure) throw failure;
  }

  function start(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = run().finally(() => {
      running = null;
    });
    return running;
  }

  /** Whether ingest jobs queued before the oldest waiting report are still to be done. */
  async function ingestBefore(db: Kysely<Database>): Promise<boolean> {
    if (!deps.queueSchema || !deps.ingestQueue) return false;
    const r = await sql<{ any: boolean }>`
      SELECT EXISTS (
        SELECT 1 FROM ${sql.id(deps.queueSchema, 'job')} j
        WHERE j.name = ${deps.ingestQueue} AND j.state < 'completed'
          AND j.created_on > now() - make_interval(secs => ${EXTRACTION_WAIT_SECONDS})
          AND j.created_on < (SELECT min(left_at) FROM vigil_unresolved WHERE attempts < ${LANE_ATTEMPTS})
      ) AS any`.execute(db);
    return r.rows[0]?.any === true;
  }

  return {
    kick() {
      start().catch((error: Error) => {
        // A lost connection or a failed report: the rows wait; the next kick tries again.
        if (!isConnectionLoss(error)) deps.log(`resolution lane: ${error.message}`);
      });
    },
    async drain() {
      await running?.catch(() => {});
      await start();
    },
    async idle() {
      await running?.catch(() => {});
    },
    async stop() {
      stopped = true;
      await running?.catch(() => {});
    },
  };
}
