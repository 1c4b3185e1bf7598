import { expandTargets, inputLoader } from '../adapters/fs/input-loader.ts';
import type { App } from '../app.ts';
import type { JobQueue } from './job-queue.ts';
import { QUEUES } from './jobs.ts';

/** What became of one input handed to `vigil ingest --enqueue`. */
export interface EnqueueResult {
  label: string;
  status: 'queued' | 'failed';
  sha256?: string;
  reason?: string;
}

/**
 * Queues inputs instead of ingesting them: reads each (file, URL or standard input) into the
 * shared blob store and sends an ingest job carrying its address, so that any worker on any
 * machine can parse it. An input that cannot be read is recorded as a failure at once.
 */
export async function enqueueIngest(
  app: App,
  queue: Pick<JobQueue, 'send'>,
  targets: string[],
  options: { published?: string; source?: string; stdin?: () => AsyncIterable<Uint8Array> },
  onResult?: (r: EnqueueResult, done: number, total: number) => void,
): Promise<EnqueueResult[]> {
  const load = inputLoader(app.fetcher, app.blobs, {
    maxParseBytes: app.config.maxParseBytes,
    fetchLimits: {
      timeoutMs: app.config.fetchTimeoutMs,
      maxBytes: app.config.fetchMaxBytes,
      maxRedirects: app.config.fetchMaxRedirects,
    },
    stdin: options.stdin ?? (() => process.stdin),
  });
  const inputs = await expandTargets(targets);
  const results: EnqueueResult[] = [];
  for (const input of inputs) {
    const loaded = await load(input);
    let result: EnqueueResult;
    if (!loaded.ok) {
      await app.store.failures.record(input.label, loaded.reason, app.clock.now().toISOString());
      result = { label: input.label, status: 'failed', reason: loaded.reason };
    } else {
      const blob = 'stored' in loaded ? loaded.stored : await app.blobs.put(loaded.bytes);
      await queue.send(QUEUES.ingest, {
        sha256: blob.sha256,
        size: blob.size,
        label: input.label,
        kind: input.kind,
        url: loaded.url,
        ...(options.published ? { published: options.published } : {}),
        ...(options.source ? { source: options.source } : {}),
        actor: app.config.actor,
      });
      result = { label: input.label, status: 'queued', sha256: blob.sha256 };
    }
    results.push(result);
    onResult?.(result, results.length, inputs.length);
  }
  return results;
}

/** Queues the resolution of reports' stored claims again (after a resolver upgrade, or a review). */
export async function enqueueResolution(
  queue: Pick<JobQueue, 'send'>,
  reportIds: string[],
  actor: string,
): Promise<void> {
  for (const reportId of reportIds) await queue.send(QUEUES.resolve, { reportId, actor });
}
