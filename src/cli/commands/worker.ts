import type { Config } from '../../config.ts';
import { EXIT, UsageError } from '../../errors.ts';
import { isConnectionLoss } from '../../queue/connection-loss.ts';
import { queueSettingsFromEnv } from '../../queue/queue-settings.ts';
import { startWorker } from '../../queue/run-worker.ts';

export interface WorkerFlags {
  concurrency?: string;
  untilIdle?: boolean;
}

/**
 * `vigil worker`: takes ingest, extraction and resolution jobs from the PostgreSQL queue until
 * stopped (SIGTERM/SIGINT finish the jobs in hand first), or with --until-idle until the
 * queues are empty.
 */
export async function workerCommand(config: Config, flags: WorkerFlags): Promise<number> {
  const concurrency = flags.concurrency === undefined ? 1 : Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new UsageError(`--concurrency must be a whole number from 1 to 64, got "${flags.concurrency}"`);
  }
  const log = (line: string) => process.stderr.write(`worker ${process.pid}: ${line}\n`);
  // pg-boss marks a job done or failed without awaiting it; while the server is away that
  // rejects unhandled, which would end the process. Such a job stays active, expires, and is
  // retried, so a lost connection is only logged; any other unhandled rejection still ends it.
  const onUnhandled = (reason: unknown) => {
    if (!isConnectionLoss(reason)) throw reason;
    log(`database unreachable: ${(reason as Error).message} (waiting for it)`);
  };
  process.on('unhandledRejection', onUnhandled);
  const worker = await startWorker(config, {
    concurrency,
    queue: queueSettingsFromEnv(),
    untilIdle: Boolean(flags.untilIdle),
    log,
  });
  log(`working (concurrency ${concurrency})`);
  const onSignal = () => {
    log('stopping after the jobs in hand');
    void worker.stop();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  await worker.stopped;
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  process.off('unhandledRejection', onUnhandled);
  log('stopped');
  return EXIT.ok;
}
