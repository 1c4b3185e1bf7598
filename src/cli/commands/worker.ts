import type { Config } from '../../config.ts';
import { EXIT, UsageError } from '../../errors.ts';
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
  log('stopped');
  return EXIT.ok;
}
