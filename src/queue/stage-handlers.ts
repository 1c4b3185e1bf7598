import { open } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../adapters/sql/schema.ts';
import { type SpatialMode, sqlStore } from '../adapters/sql/sql-store.ts';
import type { Claim, Incident, Report } from '../domain/index.ts';
import { removalChange } from '../ledger/record-shapes.ts';
import { extractAndResolve, type Loaded, runIngest } from '../pipeline/ingest/run-ingest.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';
import { deferLedger } from './deferred-ledger.ts';
import { doneAlready, firstDelivery, lockOriginal, lockRecord } from './exactly-once.ts';
import type { JobQueue, QueuedJob } from './job-queue.ts';
import { EvidenceJob, IngestJob, QUEUES, ReportJob } from './jobs.ts';
import {
  awaitExtraction,
  extractionDone,
  leaveForLane,
  type ResolutionLane,
  resolutionLane,
} from './resolution-lane.ts';

/** What the stages need: the app's pipeline functions and a database for job transactions. */
export interface StageDeps {
  db: Kysely<Database>;
  spatial: SpatialMode;
  /** For reads outside a job's transaction. */
  store: Store;
  blobs: BlobStore;
  clock: Clock;
  maxParseBytes: number;
  extract(report: Report): Promise<Claim[]>;
  resolve(claims: Claim[], tx: Store): Promise<Incident[]>;
  queue: Pick<JobQueue, 'send'>;
  /** Reports the resolution lane records and resolves per transaction (default 25). */
  laneBatch?: number;
  /** pg-boss's schema: the lane waits for ingest jobs queued before the reports it would take. */
  queueSchema?: string;
  log?: (line: string) => void;
  /** The evidence stage's processing, when the app has one. */
  evidence?: (job: EvidenceJob, tx: Store) => Promise<void>;
}

/** How long resolutions waited for the record lock and held it (the serial part of the pipeline). */
export interface LockTimes {
  resolutions: number;
  waitedMs: number;
  heldMs: number;
}

export interface StageHandlers {
  /** Totals since the handlers were made, for the worker's closing line and the bench. */
  lockTimes: LockTimes;
  ingest(job: QueuedJob<unknown>): Promise<void>;
  extract(job: QueuedJob<unknown>): Promise<void>;
  resolve(job: QueuedJob<unknown>): Promise<void>;
  evidence(job: QueuedJob<unknown>): Promise<void>;
  /**
   * Several jobs of one queue in one transaction (what a worker fetches at once): one commit
   * (and, for ingest, one wait for the record lock and one ledger write). Should the batch fail,
   * each job runs alone, so that one bad job never holds the others back; the batch throws
   * (and is retried) only if one of them fails alone too, and the retry skips the jobs done.
   */
  ingestMany(jobs: QueuedJob<unknown>[]): Promise<void>;
  extractMany(jobs: QueuedJob<unknown>[]): Promise<void>;
  /** Records and resolves what extraction left, one process at a time (resolution-lane.ts). */
  lane: ResolutionLane;
}

/** A parsed report and its claims, extracted before the transaction that records them. */
interface Extracted {
  key: string;
  report: Report;
  claims: Claim[];
  actor: string;
}

/**
 * The pipeline split into jobs: ingest (parse and record reports) → extract (claims, the
 * CPU-heavy part, computed outside any lock and left for the resolution lane) → the lane
 * (one worker at a time records the claims and resolves them into incidents under the record
 * lock, in canonical order, as the in-process pipeline does). A resolve job re-resolves a
 * report's stored claims on request (enqueueResolution). Each job's writes commit together (a
 * batch of jobs shares one transaction); see exactly-once.ts and resolution-lane.ts for why
 * each happens once.
 */
export function stageHandlers(deps: StageDeps): StageHandlers {
  const inTransaction = (trx: Kysely<Database>) =>
    sqlStore(trx, 'postgres', async () => {}, { spatial: deps.spatial });

  const lockTimes: LockTimes = { resolutions: 0, waitedMs: 0, heldMs: 0 };
  /**
   * Settles when this process's transaction that holds the record lock ends. Extraction is
   * long synchronous work on the one event loop a process has; started while a transaction of
   * the same process holds the lock, it would delay each of that transaction's round trips to
   * the database — and every worker waits for the lock. So extraction waits for the holder.
   */
  let holding: Promise<void> | null = null;
  let releaseHold = () => {};
  const holderDone = async () => {
    while (holding) await holding;
  };
  /**
   * Runs `work` on the jobs not done yet, in a transaction that marks them done and holds the
   * record lock from before `work` to commit, timing both.
   */
  async function underRecordLock<T extends { key: string }>(
    jobs: T[],
    work: (trx: Kysely<Database>, fresh: T[]) => Promise<void>,
  ): Promise<void> {
    let locked = 0;
    let ran = 0;
    const asked = performance.now();
    let mine: Promise<void> | null = null;
    let release = () => {};
    try {
      await deps.db.transaction().execute(async (trx) => {
        // Markers in one order in every batch: a job delivered twice, in two batches at once,
        // makes one wait for the other, never both for each other.
        const done = new Set<string>();
        for (const key of jobs.map((j) => j.key).sort()) if (!(await firstDelivery(trx, key))) done.add(key);
        const fresh = jobs.filter((j) => !done.has(j.key));
        if (fresh.length === 0) return;
        // Taken before reading candidates and held to commit: no two resolutions overlap.
        await lockRecord(trx);
        locked = performance.now();
        ran = fresh.length;
        mine = new Promise((r) => {
          release = r;
        });
        holding = mine;
        await work(trx, fresh);
      });
    } finally {
      // Another transaction of this process may hold the lock already (it was freed at commit).
      if (holding === mine) holding = null;
      release();
    }
    if (ran) {
      lockTimes.resolutions += ran;
      lockTimes.waitedMs += (locked - asked) * ran;
      lockTimes.heldMs += performance.now() - locked;
    }
  }

  /** Runs `items` together; on failure one by one, throwing the first failure after the rest ran. */
  async function together<T>(items: T[], run: (part: T[]) => Promise<void>): Promise<void> {
    try {
      await run(items);
    } catch (error) {
      if (items.length <= 1) throw error;
      let first: unknown = null;
      for (const item of items) {
        try {
          await run([item]);
        } catch (e) {
          first ??= e;
        }
      }
      if (first) throw first;
    }
  }

  async function ingestMany(jobs: QueuedJob<unknown>[]): Promise<void> {
    const parsed = jobs.map((job) => IngestJob.parse(job.data));
    // Original locks in one order in every batch: two batches never wait on each other in a circle.
    parsed.sort((a, b) => (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0));
    await together(parsed, (part) =>
      deps.db.transaction().execute(async (trx) => {
        for (const data of part) await lockOriginal(trx, data.sha256);
        const deferred = deferLedger(inTransaction(trx));
        for (const data of part) {
          const result = await runIngest(
            { label: data.label, kind: data.kind },
            {
              published: data.published,
              source: data.source,
              actor: data.actor,
              limits: { maxParseBytes: deps.maxParseBytes },
            },
            {
              store: deferred.store,
              blobs: deps.blobs,
              clock: deps.clock,
              load: () => loadKept(deps.blobs, data, deps.maxParseBytes),
              // Claims and incidents come from the next stages, outside this transaction.
              extract: async () => [],
              resolve: async () => [],
            },
          );
          if (result.status === 'stored') {
            const reports = [];
            for (const reportId of result.reportIds) {
              const report = await deferred.store.reports.get(reportId);
              if (report) reports.push(report);
            }
            // Earlier reports are extracted first, and the lane waits for them (resolution-lane.ts).
            await awaitExtraction(trx, reports);
            for (const report of reports) {
              await deps.queue.send(
                QUEUES.extract,
                { reportId: report.id, actor: data.actor },
                { within: trx, priority: extractionPriority(report.published ?? report.ingestedAt) },
              );
            }
          }
        }
        // Last, so that the record lock is held only from here to the commit.
        await deferred.flush();
      }),
    );
  }

  async function extractMany(jobs: QueuedJob<unknown>[]): Promise<void> {
    const keyed = jobs.map((job) => ({ key: `${QUEUES.extract}:${job.id}`, ...ReportJob.parse(job.data) }));
    // A redelivered batch: skip the extraction of the jobs already done.
    const done = await doneAlready(
      deps.db,
      keyed.map((j) => j.key),
    );
    const extracted: Extracted[] = [];
    for (const job of keyed) {
      if (done.has(job.key)) continue;
      const report = await deps.store.reports.get(job.reportId);
      // Gone (dropped as unparsed) or never parsed: nothing to extract.
      if (report?.status !== 'parsed') continue;
      // Extraction is a pure function of the report: compute it outside every lock, and not
      // while this process holds the record lock.
      await holderDone();
      extracted.push({ key: job.key, report, claims: await deps.extract(report), actor: job.actor });
    }
    const reportIds = keyed.map((j) => j.reportId);
    if (extracted.length === 0) {
      // Nothing to extract (done already, or no parsed report): the lane need not wait for it.
      await deps.db.transaction().execute((trx) => extractionDone(trx, reportIds));
      lane.kick();
      return;
    }
    // No record lock: the claims wait for the lane, which records and resolves them.
    await deps.db.transaction().execute(async (trx) => {
      await extractionDone(trx, reportIds);
      // Markers in one order in every batch: a job delivered twice, in two batches at once,
      // makes one wait for the other, never both for each other.
      extracted.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      for (const e of extracted) {
        if (await firstDelivery(trx, e.key)) await leaveForLane(trx, e.report, e.claims, e.actor);
      }
    });
    lane.kick();
  }

  let heldSince = 0;
  const lane = resolutionLane({
    db: deps.db,
    batchSize: deps.laneBatch ?? 25,
    queueSchema: deps.queueSchema,
    ingestQueue: QUEUES.ingest,
    log: deps.log ?? (() => {}),
    onHold(held, reports) {
      if (held) {
        heldSince = performance.now();
        holding = new Promise((r) => {
          releaseHold = r;
        });
        return;
      }
      lockTimes.resolutions += reports;
      lockTimes.heldMs += performance.now() - heldSince;
      holding = null;
      releaseHold();
    },
    async record(trx, batch) {
      const tx = deferLedger(inTransaction(trx));
      const at = deps.clock.now().toISOString();
      for (const w of batch) {
        const report = await tx.store.reports.get(w.reportId);
        if (report?.status !== 'parsed') continue;
        // The very function the in-process pipeline runs, so both give the same record.
        await extractAndResolve(tx.store, report, w.actor, at, {
          extract: async () => w.claims,
          resolve: deps.resolve,
        });
      }
      // One write for every entry (the lock is held already).
      await tx.flush();
    },
  });

  return {
    lockTimes,
    lane,
    ingestMany,
    extractMany,
    ingest: (job) => ingestMany([job]),
    extract: (job) => extractMany([job]),

    async resolve(job) {
      const { reportId, actor } = ReportJob.parse(job.data);
      await underRecordLock([{ key: `${QUEUES.resolve}:${job.id}` }], async (trx) => {
        const tx = inTransaction(trx);
        const claims = await tx.claims.forReport(reportId);
        const incidents = await deps.resolve(claims, tx);
        const gone = await tx.incidents.replaceForClaims(
          claims.map((c) => c.id),
          incidents,
        );
        const at = deps.clock.now().toISOString();
        const reason = 'its claims were resolved again';
        const replacedBy = incidents.map((i) => i.id);
        await tx.ledger.appendMany([
          ...gone.map((id) => removalChange('incident', id, { actor, at, reason, replacedBy })),
          ...incidents.map((incident) => ({
            kind: 'incident.resolved',
            subject: incident.id,
            actor,
            at,
            record: incident,
          })),
        ]);
      });
    },

    async evidence(job) {
      const data = EvidenceJob.parse(job.data);
      const process = deps.evidence;
      if (!process) throw new Error('this worker has no evidence stage');
      await deps.db.transaction().execute(async (trx) => {
        if (!(await firstDelivery(trx, `${QUEUES.evidence}:${job.id}`))) return;
        await process(data, inTransaction(trx));
      });
    },
  };
}

/**
 * An extraction job's priority (pg-boss fetches higher first): the earlier the report's
 * publication, the higher, so that a backlog is extracted in about the order the lane resolves it.
 */
export function extractionPriority(published: string): number {
  const day = Math.floor(Date.parse(`${published.slice(0, 10)}T00:00:00Z`) / 86_400_000);
  return Number.isFinite(day) ? Math.max(1, 100_000 - day) : 0;
}

/** Loads a queued original back from the shared blob store, as the in-place loader would have. */
async function loadKept(blobs: BlobStore, job: IngestJob, maxParseBytes: number): Promise<Loaded> {
  if (!(await blobs.has(job.sha256))) {
    return {
      ok: false,
      reason: `original ${job.sha256} is not in this worker's blob store (workers must share the blobs folder)`,
    };
  }
  if (job.size > maxParseBytes) {
    const handle = await open(blobs.pathOf(job.sha256), 'r');
    try {
      const head = new Uint8Array(8192);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      return {
        ok: true,
        stored: { sha256: job.sha256, size: job.size },
        head: head.subarray(0, bytesRead),
        url: job.url,
      };
    } finally {
      await handle.close();
    }
  }
  return { ok: true, bytes: await blobs.get(job.sha256), url: job.url };
}
