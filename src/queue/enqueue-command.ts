import { createApp } from '../app.ts';
import type { Config } from '../config.ts';
import { EXIT, UsageError } from '../errors.ts';
import { enqueueIngest } from './enqueue-ingest.ts';
import { openJobQueue } from './job-queue.ts';
import { queueSettingsFromEnv } from './queue-settings.ts';

/** `vigil ingest --enqueue`: exit 0 when every input was queued, 1 when some could not be read. */
export async function enqueueCommand(
  config: Config,
  targets: string[],
  flags: { published?: string; source?: string; json?: boolean },
): Promise<number> {
  if (config.storeKind !== 'postgres') {
    throw new UsageError('--enqueue needs a PostgreSQL store: give --db postgres://… or VIGIL_DB');
  }
  const app = await createApp(config);
  try {
    const queue = await openJobQueue(config.db, queueSettingsFromEnv());
    try {
      const results = await enqueueIngest(app, queue, targets, flags, (r) => {
        if (flags.json) process.stdout.write(`${JSON.stringify(r)}\n`);
        else if (r.status === 'queued') process.stdout.write(`queued  ${r.label} (${r.sha256})\n`);
        else process.stderr.write(`error: ${r.label}: ${r.reason}\n`);
      });
      const failed = results.filter((r) => r.status === 'failed').length;
      if (!flags.json) {
        process.stderr.write(
          `${results.length} input(s): ${results.length - failed} queued, ${failed} failed; \`vigil worker\` processes them\n`,
        );
      }
      return failed ? EXIT.partial : EXIT.ok;
    } finally {
      await queue.stop(5);
    }
  } finally {
    await app.close();
  }
}
