import { connectPostgres } from '../adapters/postgres/open-postgres.ts';
import { spatialModeOf } from '../adapters/postgres/spatial.ts';
import { createApp } from '../app.ts';
import type { Config } from '../config.ts';
import { UsageError } from '../errors.ts';
import { ensureJobTables, pruneJobMarkers } from './exactly-once.ts';
import { openJobQueue, type QueueSettings } from './job-queue.ts';
import { QUEUES } from './jobs.ts';
import { type StageDeps, stageHandlers } from './stage-handlers.ts';

export interface WorkerOptions {
  /** Jobs of each queue this process works on at once. */
  concurrency: number;
  queue: QueueSettings;
  /** Stop by itself once every queue has been empty for a moment (tests, batch runs). */
  untilIdle?: boolean;
  /** Days job markers are kept (far longer than any job can be retried). */
  markerDays?: number;
  log(line: string): void;
  /** The evidence stage, when the app has one to run. */
  evidence?: StageDeps['evidence'];
}

export interface RunningWorker {
  /** Resolves when the worker has stopped (by `stop()` or, with `untilIdle`, by itself). */
  stopped: Promise<void>;
  stop(): Promise<void>;
}

/**
 * A worker process: the app (store, blobs, pipeline) plus a job queue on the same server.
 * Any number of them, on any number of machines sharing the database and the blobs folder,
 * may run at once (docs/scaling.md).
 */
export async function startWorker(config: Config, options: WorkerOptions): Promise<RunningWorker> {
  if (config.storeKind !== 'postgres') {
    throw new UsageError('workers need a PostgreSQL store: give --db postgres://… or VIGIL_DB');
  }
  const app = await createApp(config);
  const { db } = await connectPostgres(config.db, { poolSize: Math.max(2, options.concurrency * 3) });
  let lastError = '';
  const queue = await openJobQueue(config.db, options.queue, (error) => {
    // A lost connection repeats every poll; say it once until it changes.
    if (error.message !== lastError) options.log(`queue: ${error.message} (retrying)`);
    lastError = error.message;
  });
  await ensureJobTables(db);
  await pruneJobMarkers(db, options.markerDays ?? 14).catch(() => 0);
  const handlers = stageHandlers({
    db,
    spatial: await spatialModeOf(db),
    store: app.store,
    blobs: app.blobs,
    clock: app.clock,
    maxParseBytes: config.maxParseBytes,
    extract: app.extract,
    resolve: app.resolve,
    queue,
    evidence: options.evidence,
  });
  const logged =
    (stage: string, run: (job: { id: string; data: unknown }) => Promise<void>) =>
    async (job: { id: string; data: unknown }) => {
      try {
        await run(job);
        lastError = '';
      } catch (error) {
        options.log(`${stage} job ${job.id} failed, will retry: ${(error as Error).message}`);
        throw error;
      }
    };
  await queue.work(QUEUES.ingest, options.concurrency, logged('ingest', handlers.ingest));
  await queue.work(QUEUES.extract, options.concurrency, logged('extract', handlers.extract));
  await queue.work(QUEUES.resolve, options.concurrency, logged('resolve', handlers.resolve));
  if (options.evidence)
    await queue.work(QUEUES.evidence, options.concurrency, logged('evidence', handlers.evidence));

  let stopping: Promise<void> | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => {
    resolveStopped = r;
  });
  const stop = () => {
    stopping ??= (async () => {
      if (idleTimer) clearInterval(idleTimer);
      await queue.stop();
      const t = handlers.lockTimes;
      if (t.resolutions) {
        // The serial part of the pipeline, for capacity planning (docs/scaling.md).
        options.log(
          `record lock: ${t.resolutions} resolutions, waited ${(t.waitedMs / t.resolutions).toFixed(1)} ms ` +
            `and held ${(t.heldMs / t.resolutions).toFixed(1)} ms on average`,
        );
      }
      await db.destroy();
      await app.close();
      resolveStopped();
    })();
    return stopping;
  };
  if (options.untilIdle) {
    let quiet = 0;
    idleTimer = setInterval(async () => {
      try {
        quiet = (await queue.pending()) === 0 ? quiet + 1 : 0;
        if (quiet >= 3) void stop();
      } catch {
        quiet = 0;
      }
    }, 1000);
  }
  return { stopped, stop };
}
