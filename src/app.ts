import { DEFAULT_HOLD_LIMIT, fsBlobStore } from './adapters/fs/fs-blob-store.ts';
import { expandTargets, inputLoader } from './adapters/fs/input-loader.ts';
import { httpFetcher } from './adapters/http/http-fetcher.ts';
import { defaultPlaceIndex } from './adapters/memory/default-gazetteer.ts';
import { storedGazetteer } from './adapters/memory/memory-gazetteer.ts';
import { openPostgres } from './adapters/postgres/open-postgres.ts';
import { sqlGazetteerStore } from './adapters/sql/gazetteer-store.ts';
import { openSqlite } from './adapters/sqlite/open-sqlite.ts';
import type { Config } from './config.ts';
import type { Claim, Incident, Report } from './domain/index.ts';
import { markClaims, markIncidents } from './domain/redaction.ts';
import type { EvidenceDeps } from './evidence/custody.ts';
import { findMediaTools, type MediaTools } from './evidence/ffmpeg.ts';
import { fsEvidenceVault } from './evidence/fs-evidence-vault.ts';
import { evidencePaths } from './evidence/paths.ts';
import { ensureLedgerKey } from './ledger/keys.ts';
import { runExtract } from './pipeline/extract/run-extract.ts';
import {
  type IngestInput,
  type IngestResult,
  inResolutionOrder,
  prepareInputs,
  recordPrepared,
} from './pipeline/ingest/run-ingest.ts';
import { resolveStoredClaims } from './pipeline/resolve/run-resolve.ts';
import type { BlobStore } from './ports/blob-store.ts';
import { type Clock, systemClock } from './ports/clock.ts';
import type { Fetcher } from './ports/fetcher.ts';
import type { Gazetteer } from './ports/gazetteer.ts';
import type { Store } from './ports/store.ts';

/** Inputs recorded per transaction by an embedded ingest: enough to pay commits and statement set-up
 * rarely, few enough that a crash redoes little and progress still moves. */
export const INGEST_BATCH = 32;
/** Inputs parsed ahead and put in resolution's order before any is recorded: bounds the memory held. */
export const SORT_CHUNK = 1000;

export interface App {
  config: Config;
  store: Store;
  blobs: BlobStore;
  gazetteer: Gazetteer;
  fetcher: Fetcher;
  clock: Clock;
  extract(report: Report): Promise<Claim[]>;
  resolve(claims: Claim[], tx: Store, report?: Report): Promise<Incident[]>;
  ingest(
    targets: string[],
    options: {
      published?: string;
      source?: string;
      onResult?: (r: IngestResult, done: number, total: number) => void;
    },
  ): Promise<IngestResult[]>;
  /** What src/evidence/vault.ts needs: `addEvidence(app.evidence, …)`. */
  evidence: EvidenceDeps;
  /** Where the ledger's Ed25519 signing key lives (created on first open, owner-only). */
  keysDir: string;
  close(): Promise<void>;
}

export interface AppOverrides {
  clock?: Clock;
  fetcher?: Fetcher;
  stdin?: () => AsyncIterable<Uint8Array>;
}

/** The composition root: every adapter is chosen and wired here, by hand. */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const { store, db } =
    config.storeKind === 'postgres' ? await openPostgres(config.db) : await openSqlite(config.db);
  // Small originals are held in the store with their records, larger ones as files.
  const blobs = fsBlobStore(config.blobs, { bytes: store.heldBytes, limit: DEFAULT_HOLD_LIMIT });
  const clock = overrides.clock ?? systemClock;
  const fetcher = overrides.fetcher ?? httpFetcher();
  // The default gazetteer (GeoNames cities500 from npm) with the places users added or
  // imported on top; loaded on the first extraction, not at start.
  const gazetteer = storedGazetteer(sqlGazetteerStore(db), () => defaultPlaceIndex());
  // Claims of a sensitive (intake) report inherit its sensitivity, and incidents their claims',
  // so that redaction holds however a record is later read (src/domain/redaction.ts).
  const extract = async (report: Report) =>
    markClaims(report, await runExtract(report, { places: await gazetteer.index() }));
  const resolve = async (claims: Claim[], tx: Store, report?: Report) =>
    markIncidents(
      claims,
      await resolveStoredClaims(
        claims,
        { store: tx, clock, actor: config.actor },
        report?.id ?? claims[0]?.reportId,
      ),
    );
  const paths = evidencePaths(config);
  // The log's signing key is made when the store is first opened (not for a throwaway
  // in-memory store); `vigil ledger checkpoint` makes it too if it is missing.
  if (config.db !== ':memory:') ensureLedgerKey(paths.keys);
  // ffprobe/ffmpeg are looked up only when media first needs them.
  const tools: MediaTools = {
    get ffprobe() {
      return findMediaTools().ffprobe;
    },
    get ffmpeg() {
      return findMediaTools().ffmpeg;
    },
  };
  const evidence: EvidenceDeps = { store, vault: fsEvidenceVault(paths.vault), clock, tools };
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
      const ingestOptions = {
        published: options.published,
        source: options.source,
        actor: config.actor,
        limits: { maxParseBytes: config.maxParseBytes },
      };
      const deps = { store, blobs, clock, load, extract, resolve };
      const onResult = (result: IngestResult) => {
        results.push(result);
        options.onResult?.(result, results.length, inputs.length);
      };
      // Embedded: a few dozen inputs a transaction (see runIngestBatch). PostgreSQL: one, because
      // a transaction holds the ledger lock to commit and other writers wait for it.
      const size = config.storeKind === 'postgres' ? 1 : INGEST_BATCH;
      for (let at = 0; at < inputs.length; at += SORT_CHUNK) {
        // Parsed first and recorded in resolution's order (see inResolutionOrder).
        const prepared = inResolutionOrder(
          await prepareInputs(inputs.slice(at, at + SORT_CHUNK), ingestOptions, deps),
        );
        for (let i = 0; i < prepared.length; i += size) {
          await recordPrepared(prepared.slice(i, i + size), ingestOptions, deps, onResult);
        }
      }
      return results;
    },
    evidence,
    keysDir: paths.keys,
    close: () => store.close(),
  };
}
