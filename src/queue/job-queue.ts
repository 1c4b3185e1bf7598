import { CompiledQuery, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { Database } from '../adapters/sql/schema.ts';
import { ConfigError } from '../errors.ts';
import { QUEUES, type QueueName } from './jobs.ts';

/** How jobs are kept, retried and expired. */
export interface QueueSettings {
  /** pg-boss's own schema (default `pgboss`). */
  schema: string;
  /** A job active this long is taken as lost (its worker died) and retried. */
  expireInSeconds: number;
  /** Retries before a job is left failed (each retry waits longer). */
  retryLimit: number;
  retryDelaySeconds: number;
  /** How often expired jobs are looked for (one worker does it at a time). */
  maintenanceIntervalSeconds: number;
  /** How often an idle worker asks for work. */
  pollingIntervalSeconds: number;
  /**
   * Jobs a worker takes at once and records in one transaction: fewer commits and fewer waits
   * for the record lock; a failed batch is retried job by job (stage-handlers.ts).
   */
  batchSize: number;
  /** Connections pg-boss keeps in this process. */
  poolSize: number;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  schema: 'pgboss',
  expireInSeconds: 300,
  retryLimit: 10,
  retryDelaySeconds: 2,
  maintenanceIntervalSeconds: 30,
  pollingIntervalSeconds: 1,
  batchSize: 8,
  poolSize: 4,
};

/** One job as a handler sees it. */
export interface QueuedJob<T> {
  id: string;
  data: T;
}

/**
 * The work queue: pg-boss on the same PostgreSQL server as the store. A job sent `within` a
 * store transaction is inserted by that transaction, so it exists if and only if the work that
 * produced it was committed (no lost and no phantom jobs).
 */
export interface JobQueue {
  /**
   * Queues a job; `within` sends it in that transaction (it exists exactly when the work does),
   * and jobs of higher `priority` are fetched first (default 0).
   */
  send(
    name: QueueName,
    data: object,
    options?: { within?: Kysely<Database>; priority?: number },
  ): Promise<void>;
  /**
   * Runs `handler` on jobs of a queue: `concurrency` fetchers, each taking up to `batchSize`
   * jobs at a time; a throw fails every job of that batch for a retry.
   */
  work<T>(
    name: QueueName,
    options: { concurrency: number; batchSize: number },
    handler: (jobs: QueuedJob<T>[]) => Promise<void>,
  ): Promise<void>;
  /** Jobs not yet finished (waiting, retrying or active) across Vigil's queues. */
  pending(): Promise<number>;
  /** Stops taking jobs, waits for the ones in hand (up to `graceSeconds`), and disconnects. */
  stop(graceSeconds?: number): Promise<void>;
}

export async function openJobQueue(
  url: string,
  settings: Partial<QueueSettings> = {},
  onError: (error: Error) => void = () => {},
): Promise<JobQueue> {
  const s = { ...DEFAULT_QUEUE_SETTINGS, ...settings };
  const boss = new PgBoss({
    connectionString: url,
    schema: s.schema,
    max: s.poolSize,
    application_name: 'vigil-queue',
    supervise: true,
    maintenanceIntervalSeconds: s.maintenanceIntervalSeconds,
    schedule: false,
  });
  // Without a listener an 'error' event (a lost connection while polling) would end the
  // process; pg-boss keeps polling and recovers when the server is back.
  boss.on('error', onError);
  try {
    await boss.start();
  } catch (error) {
    throw new ConfigError(`cannot start the job queue: ${(error as Error).message}`);
  }
  for (const name of Object.values(QUEUES)) {
    const policy = {
      name,
      expireInSeconds: s.expireInSeconds,
      retryLimit: s.retryLimit,
      retryDelay: s.retryDelaySeconds,
      retryBackoff: true,
      // Waiting jobs are kept a week; pg-boss archives finished ones.
      retentionDays: 7,
    };
    // Two processes racing to create a queue on a new server can collide: the loser updates.
    if (!(await boss.getQueue(name))) await boss.createQueue(name, policy).catch(() => {});
    // Settings changed since the queue was made (VIGIL_JOB_*) apply to jobs sent from now on.
    await boss.updateQueue(name, policy);
  }
  return {
    async send(name, data, options = {}) {
      const within = options.within;
      await boss.send(name, data, {
        ...(options.priority ? { priority: options.priority } : {}),
        ...(within
          ? {
              db: {
                async executeSql(text: string, values: unknown[]) {
                  const result = await within.executeQuery(CompiledQuery.raw(text, values));
                  return { rows: result.rows as unknown[] };
                },
              },
            }
          : {}),
      });
    },
    async work<T>(
      name: QueueName,
      options: { concurrency: number; batchSize: number },
      handler: (jobs: QueuedJob<T>[]) => Promise<void>,
    ) {
      for (let i = 0; i < options.concurrency; i++) {
        let id: string | null = null;
        id = await boss.work<T>(
          name,
          { batchSize: options.batchSize, pollingIntervalSeconds: s.pollingIntervalSeconds },
          async (jobs) => {
            if (jobs.length) await handler(jobs.map((job) => ({ id: job.id, data: job.data })));
            // pg-boss waits a polling interval after every fetch unless told there is more:
            // after a job, look for the next one at once; only an empty queue waits.
            if (jobs.length && id) boss.notifyWorker(id);
          },
        );
      }
    },
    async pending() {
      const result = await boss
        .getDb()
        .executeSql(
          `SELECT count(*)::int AS n FROM ${s.schema}.job WHERE name = ANY($1) AND state IN ('created', 'retry', 'active')`,
          [Object.values(QUEUES)],
        );
      return Number(result.rows[0]?.n ?? 0);
    },
    async stop(graceSeconds = 30) {
      await boss.stop({ graceful: true, wait: true, timeout: graceSeconds * 1000 });
    },
  };
}
