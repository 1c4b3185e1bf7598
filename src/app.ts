import { fsBlobStore } from './adapters/fs/fs-blob-store.ts';
import { expandTargets, inputLoader } from './adapters/fs/input-loader.ts';
import { httpFetcher } from './adapters/http/http-fetcher.ts';
import { defaultGazetteer } from './adapters/memory/default-gazetteer.ts';
import { openSqlite } from './adapters/sqlite/open-sqlite.ts';
import type { Config } from './config.ts';
import type { Claim, Incident, Report } from './domain/index.ts';
import { ConfigError } from './errors.ts';
import { runExtract } from './pipeline/extract/run-extract.ts';
import { type IngestInput, type IngestResult, runIngest } from './pipeline/ingest/run-ingest.ts';
import { runResolve } from './pipeline/resolve/run-resolve.ts';
import type { BlobStore } from './ports/blob-store.ts';
import { type Clock, systemClock } from './ports/clock.ts';
import type { Fetcher } from './ports/fetcher.ts';
import type { Gazetteer } from './ports/gazetteer.ts';
import type { Store } from './ports/store.ts';

export interface App {
  config: Config;
  store: Store;
  blobs: BlobStore;
  gazetteer: Gazetteer;
  fetcher: Fetcher;
  clock: Clock;
  extract(report: Report): Promise<Claim[]>;
  resolve(claims: Claim[], tx: Store): Promise<Incident[]>;
  ingest(
    targets: string[],
    options: {
      published?: string;
      source?: string;
      onResult?: (r: IngestResult, done: number, total: number) => void;
    },
  ): Promise<IngestResult[]>;
  close(): Promise<void>;
}

export interface AppOverrides {
  clock?: Clock;
  fetcher?: Fetcher;
  stdin?: () => AsyncIterable<Uint8Array>;
}

/** The composition root: every adapter is chosen and wired here, by hand. */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  if (config.storeKind !== 'sqlite') {
    throw new ConfigError('PostgreSQL stores are not available in this build yet; use a SQLite path');
  }
  const { store } = await openSqlite(config.db);
  const blobs = fsBlobStore(config.blobs);
  const clock = overrides.clock ?? systemClock;
  const fetcher = overrides.fetcher ?? httpFetcher();
  const gazetteer = defaultGazetteer();
  const extract = (report: Report) => runExtract(report, { gazetteer });
  const resolve = (claims: Claim[], tx: Store) => runResolve(claims, { store: tx, clock });
  const load = inputLoader(fetcher, blobs, {
    maxParseBytes: config.maxParseBytes,
    fetchLimits: {
      timeoutMs: config.fetchTimeoutMs,
      maxBytes: config.fetchMaxBytes,
      maxRedirects: config.fetchMaxRedirects,
    },
    stdin: overrides.stdin ?? (() => process.stdin),
  });

  return {
    config,
    store,
    blobs,
    gazetteer,
    fetcher,
    clock,
    extract,
    resolve,
    async ingest(targets, options) {
      const inputs: IngestInput[] = await expandTargets(targets);
      const results: IngestResult[] = [];
      for (const input of inputs) {
        const result = await runIngest(
          input,
          {
            published: options.published,
            source: options.source,
            actor: config.actor,
            limits: { maxParseBytes: config.maxParseBytes },
          },
          { store, blobs, clock, load, extract, resolve },
        );
        results.push(result);
        options.onResult?.(result, results.length, inputs.length);
      }
      return results;
    },
    close: () => store.close(),
  };
}
