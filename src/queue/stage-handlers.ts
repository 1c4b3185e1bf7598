import { open } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../adapters/sql/schema.ts';
import { type SpatialMode, sqlStore } from '../adapters/sql/sql-store.ts';
import type { Claim, Incident, Report } from '../domain/index.ts';
import { extractAndResolve, type Loaded, runIngest } from '../pipeline/ingest/run-ingest.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';
import { deferLedger } from './deferred-ledger.ts';
import { firstDelivery, lockOriginal, lockRecord } from './exactly-once.ts';
import type { JobQueue, QueuedJob } from './job-queue.ts';
import { EvidenceJob, IngestJob, QUEUES, ReportJob } from './jobs.ts';

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
}

/**
 * The pipeline split into jobs: ingest (parse and record reports) → extract (claims, the
 * CPU-heavy part, computed outside any lock, then recorded and resolved into incidents under
 * the record lock, as the in-process pipeline does). A resolve job re-resolves a report's
 * stored claims on request (enqueueResolution). Each job's writes are one transaction; see
 * exactly-once.ts for why each happens once.
 */
export function stageHandlers(deps: StageDeps): StageHandlers {
  const inTransaction = (trx: Kysely<Database>) =>
    sqlStore(trx, 'postgres', async () => {}, { spatial: deps.spatial });

  const lockTimes: LockTimes = { resolutions: 0, waitedMs: 0, heldMs: 0 };
  /** Runs `work` in a transaction that holds the record lock from its start, timing both. */
  async function underRecordLock(key: string, work: (trx: Kysely<Database>) => Promise<void>): Promise<void> {
    let locked = 0;
    let ran = false;
    const asked = performance.now();
    await deps.db.transaction().execute(async (trx) => {
      if (!(await firstDelivery(trx, key))) return;
      // Taken before reading candidates and held to commit: no two resolutions overlap.
      await lockRecord(trx);
      locked = performance.now();
      ran = true;
      await work(trx);
    });
    if (ran) {
      lockTimes.resolutions++;
      lockTimes.waitedMs += locked - asked;
      lockTimes.heldMs += performance.now() - locked;
    }
  }

  return {
    lockTimes,
    async ingest(job) {
      const data = IngestJob.parse(job.data);
      await deps.db.transaction().execute(async (trx) => {
        await lockOriginal(trx, data.sha256);
        const deferred = deferLedger(inTransaction(trx));
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
          for (const reportId of result.reportIds) {
            await deps.queue.send(QUEUES.extract, { reportId, actor: data.actor }, { within: trx });
          }
        }
        // Last, so that the record lock is held only from here to the commit.
        await deferred.flush();
      });
    },

    async extract(job) {
      const { reportId, actor } = ReportJob.parse(job.data);
      const report = await deps.store.reports.get(reportId);
      // Gone (dropped as unparsed) or never parsed: nothing to extract.
      if (!report) return;
      if (report.status !== 'parsed') return;
      // Extraction is a pure function of the report: compute it before taking any lock.
      const claims = await deps.extract(report);
      await underRecordLock(`${QUEUES.extract}:${job.id}`, async (trx) => {
        // The very function the in-process pipeline runs, so both give the same record.
        await extractAndResolve(inTransaction(trx), report, actor, deps.clock.now().toISOString(), {
          extract: async () => claims,
          resolve: deps.resolve,
        });
      });
    },

    async resolve(job) {
      const { reportId, actor } = ReportJob.parse(job.data);
      await underRecordLock(`${QUEUES.resolve}:${job.id}`, async (trx) => {
        const tx = inTransaction(trx);
        const claims = await tx.claims.forReport(reportId);
        const incidents = await deps.resolve(claims, tx);
        await tx.incidents.replaceForClaims(
          claims.map((c) => c.id),
          incidents,
        );
        const at = deps.clock.now().toISOString();
        await tx.ledger.appendMany(
          incidents.map((incident) => ({
            kind: 'incident.resolved',
            subject: incident.id,
            actor,
            at,
            record: incident,
          })),
        );
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
