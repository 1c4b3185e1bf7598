import { connectPostgres } from '../adapters/postgres/open-postgres.ts';
import { spatialModeOf } from '../adapters/postgres/spatial.ts';
import { createApp } from '../app.ts';
import type { Config } from '../config.ts';
import { UsageError } from '../errors.ts';
import { ensureJobTables, pruneJobMarkers } from './exactly-once.ts';
import { openJobQueue, type QueueSettings } from './job-queue.ts';
import { QUEUES } from './jobs.ts';
import { unresolvedCount } from './resolution-lane.ts';
import { type StageDeps, stageHandlers } from './stage-handlers.ts';

export interface WorkerOptions {
  /** Jobs of each queue this process works on at once. */
  concurrency: number;
  queue: QueueSettings;
  /** Stop by itself once every queue has been empty for a moment (tests, batch runs). */
  untilIdle?: boolean;
  /** Reports the resolution lane records and resolves per transaction. */
  laneBatch?: number;
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
    laneBatch: options.laneBatch,
    queueSchema: options.queue.schema,
    log: options.log,
    evidence: options.evidence,
  });
  // Rows a dead worker left behind, or left while another process had the lane, are taken
  // up within seconds by whichever worker gets the lane.
  const sweep = setInterval(() => handlers.lane.kick(), 2000);
  handlers.lane.kick();
  const logged =
    (stage: string, run: (jobs: { id: string; data: unknown }[]) => Promise<void>) =>
    async (jobs: { id: string; data: unknown }[]) => {
      try {
        await run(jobs);
        lastError = '';
      } catch (error) {
        const which = jobs.length === 1 ? `job ${jobs[0]!.id}` : `batch of ${jobs.length} jobs`;
        options.log(`${stage} ${which} failed, will retry: ${(error as Error).message}`);
        throw error;
      }
    };
  const each = { concurrency: options.concurrency, batchSize: options.queue.batchSize };
  const single = { concurrency: options.concurrency, batchSize: 1 };
  await queue.work(QUEUES.ingest, each, logged('ingest', handlers.ingestMany));
  await queue.work(QUEUES.extract, each, logged('extract', handlers.extractMany));
  await queue.work(
    QUEUES.resolve,
    single,
    logged('resolve', (jobs) => handlers.resolve(jobs[0]!)),
  );
  if (options.evidence) {
    await queue.work(
      QUEUES.evidence,
      single,
      logged('evidence', (jobs) => handlers.evidence(jobs[0]!)),
    );
  }

  let stopping: Promise<void> | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => {
    resolveStopped = r;
  });
  const stop = () => {
    stopping ??= (async () => {
      if (idleTimer) clearInterval(idleTimer);
      clearInterval(sweep);
      await queue.stop();
      // After the batch in hand; what still waits is taken up by the other workers.
      await handlers.lane.stop();
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
        const waiting = (await queue.pending()) + (await unresolvedCount(db));
        quiet = waiting === 0 ? quiet + 1 : 0;
        if (quiet >= 3) void stop();
      } catch {
        quiet = 0;
      }
    }, 1000);
  }
  return { stopped, stop };
}
