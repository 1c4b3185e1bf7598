import type { Claim, Incident, Report, SourceKind } from '../../domain/index.ts';
import { removalChange } from '../../ledger/record-shapes.ts';
import type { BlobStore } from '../../ports/blob-store.ts';
import type { Clock } from '../../ports/clock.ts';
import { reportOrderKey } from '../../ports/resolution.ts';
import type { OriginalRecord, Store } from '../../ports/store.ts';
import { detectLanguage } from './language.ts';
import { type ParseLimits, parseOriginal } from './parse-original.ts';
import type { ParsedDocument, ParseOutcome } from './parsed-document.ts';
import { sniffContent } from './sniff.ts';

/** One thing a user handed over: a file, a URL or standard input. */
export interface IngestInput {
  label: string;
  kind: 'file' | 'url' | 'stdin';
}

/** What loading an input gave: its bytes, or (for a file over the cap) its streamed blob. */
export type Loaded =
  | { ok: true; bytes: Uint8Array; url: string | null }
  | { ok: true; stored: { sha256: string; size: number }; head: Uint8Array; url: string | null }
  | { ok: false; reason: string };

export interface IngestOptions {
  published?: string;
  source?: string;
  actor: string;
  limits: ParseLimits;
}

export interface IngestDeps {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
  load(input: IngestInput): Promise<Loaded>;
  extract(report: Report): Promise<Claim[]>;
  /**
   * Resolves a report's claims into incidents, recording what it changes, and returns every
   * incident the claims are in. Given the report, it also forgets a re-extracted report's old
   * claims when none are left.
   */
  resolve(claims: Claim[], store: Store, report?: Report): Promise<Incident[]>;
}

export type IngestStatus = 'stored' | 'held' | 'unparsed' | 'failed';

export interface IngestResult {
  label: string;
  status: IngestStatus;
  reportIds: string[];
  reason?: string;
  warnings: string[];
  claims: number;
  incidents: number;
}

/**
 * Ingests one input: keeps its original bytes (always, when there are bytes), parses them,
 * and records reports, claims and incidents in one transaction with their ledger entries.
 * Failures come back as results, never as exceptions, so the caller can go on.
 */
export async function runIngest(
  input: IngestInput,
  options: IngestOptions,
  deps: IngestDeps,
): Promise<IngestResult> {
  const [result] = await runIngestBatch([input], options, deps);
  return result!;
}

/** An input loaded, kept and parsed, waiting to be recorded. */
export type PreparedInput =
  | { done: IngestResult }
  | {
      base: IngestResult;
      original: OriginalRecord;
      reports: Report[];
      outcome: ParseOutcome;
      /** Bytes to hold in the record store with the original (small ones; see BlobStore.holdLimit). */
      hold?: Uint8Array;
    };
type Prepared = PreparedInput;

/**
 * Ingests several inputs, recording them in one transaction: statements and commits are the
 * cost of storing many small reports, and one transaction for a few dozen inputs pays them once.
 * Loading, keeping the bytes and parsing happen first, outside it. Should recording fail, the
 * batch rolls back and each input is recorded alone, so one bad input never takes others with it.
 * Results come back in input order; `onResult` hears each once its input is committed.
 */
export async function runIngestBatch(
  inputs: IngestInput[],
  options: IngestOptions,
  deps: IngestDeps,
  onResult?: (result: IngestResult) => void,
): Promise<IngestResult[]> {
  return recordPrepared(await prepareInputs(inputs, options, deps), options, deps, onResult);
}

/**
 * Loads, keeps and parses inputs (nothing recorded yet). The same bytes twice among them: the
 * second is already held by the first.
 */
export async function prepareInputs(
  inputs: IngestInput[],
  options: IngestOptions,
  deps: IngestDeps,
): Promise<PreparedInput[]> {
  const prepared: Prepared[] = [];
  const inBatch = new Map<string, string[]>();
  for (const input of inputs) {
    const p = await prepareInput(input, options, deps);
    if ('original' in p) {
      const first = inBatch.get(p.original.sha256);
      if (first) {
        prepared.push({ done: { ...p.base, status: 'held', reportIds: first, reason: 'already held' } });
        continue;
      }
      inBatch.set(
        p.original.sha256,
        p.reports.map((r) => r.id),
      );
    }
    prepared.push(p);
  }
  return prepared;
}

/**
 * Prepared inputs in the order resolution places claims (publication date, a wire service's
 * story first that day, report id; docs/resolution.md): resolution's result does not depend on
 * arrival order, but a claim that arrives before claims it precedes makes those be placed
 * again, so a bulk ingest records a folder in this order and resolution never has to.
 * Inputs with nothing to record come first; the sort is stable.
 */
export function inResolutionOrder(prepared: PreparedInput[]): PreparedInput[] {
  const keyOf = (p: PreparedInput) => {
    if ('done' in p) return '';
    const r = p.reports[0]!;
    return reportOrderKey(
      r.published ?? r.ingestedAt,
      r.id,
      r.sourceName ? guessSourceKind(r.sourceName) === 'wire' : false,
    );
  };
  return prepared
    .map((p, i) => ({ p, i, key: keyOf(p) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i))
    .map((x) => x.p);
}

/** Records prepared inputs in one transaction (each alone, should that fail). */
export async function recordPrepared(
  prepared: PreparedInput[],
  options: IngestOptions,
  deps: IngestDeps,
  onResult?: (result: IngestResult) => void,
): Promise<IngestResult[]> {
  let results: IngestResult[];
  try {
    results = await deps.store.atomically(async (tx) => {
      const out: IngestResult[] = [];
      for (const p of prepared) out.push(await commitPrepared(tx, p, options, deps));
      return out;
    });
  } catch {
    results = [];
    for (const p of prepared) results.push(await commitAlone(p, options, deps));
  }
  for (const r of results) onResult?.(r);
  return results;
}

async function prepareInput(input: IngestInput, options: IngestOptions, deps: IngestDeps): Promise<Prepared> {
  const base: IngestResult = {
    label: input.label,
    status: 'failed',
    reportIds: [],
    warnings: [],
    claims: 0,
    incidents: 0,
  };
  const loaded = await deps.load(input);
  if (!loaded.ok) {
    await deps.store.failures.record(input.label, loaded.reason, deps.clock.now().toISOString());
    return { done: { ...base, status: 'failed', reason: loaded.reason } };
  }
  // Small bytes are only hashed here: they are held in the transaction that records them.
  const hold = 'bytes' in loaded && loaded.bytes.length <= deps.blobs.holdLimit ? loaded.bytes : undefined;
  const blob =
    'stored' in loaded
      ? loaded.stored
      : hold
        ? { sha256: deps.blobs.addressOf(hold), size: hold.length }
        : await deps.blobs.put(loaded.bytes);
  if (await deps.store.reports.findOriginal(blob.sha256))
    return { done: await heldResult(base, blob.sha256, deps.store) };
  const name = input.kind === 'url' ? (loaded.url ?? input.label) : input.label;
  let mediaType: string;
  let outcome: ParseOutcome;
  if ('stored' in loaded) {
    mediaType = sniffContent(loaded.head, name).mediaType;
    outcome = {
      ok: false,
      reason: `over the size cap (${loaded.stored.size} bytes > ${options.limits.maxParseBytes}); kept unparsed`,
    };
  } else {
    const parsed = await parseOriginal(loaded.bytes, { name, url: loaded.url }, options.limits);
    mediaType = parsed.sniffed.mediaType;
    outcome = parsed.outcome;
  }
  const receivedAt = deps.clock.now().toISOString();
  const original = { sha256: blob.sha256, size: blob.size, mediaType, origin: name, receivedAt };
  const reports = outcome.ok
    ? outcome.documents.map((doc, i, all) => toReport(doc, i, all.length, original, loaded.url, options))
    : [unparsedReport(original, outcome.reason, loaded.url, options)];
  return { base, original, reports, outcome, ...(hold ? { hold } : {}) };
}

async function commitPrepared(
  tx: Store,
  p: Prepared,
  options: IngestOptions,
  deps: IngestDeps,
): Promise<IngestResult> {
  if ('done' in p) return p.done;
  // Another run (or worker) may have committed the same bytes since we looked: the insert
  // waits for it and then finds the original held.
  if (!(await tx.reports.recordOriginal(p.original))) return heldResult(p.base, p.original.sha256, tx);
  if (p.hold) await tx.heldBytes.hold(p.original.sha256, p.hold);
  const counts = await recordReports(tx, p.reports, options.actor, p.original.receivedAt, deps);
  return {
    ...p.base,
    status: p.outcome.ok ? 'stored' : 'unparsed',
    reason: p.outcome.ok ? undefined : p.outcome.reason,
    warnings: p.outcome.ok ? p.outcome.warnings : [],
    reportIds: p.reports.map((r) => r.id),
    ...counts,
  };
}

/**
 * Records one input in its own transaction. Should recording its reports fail (a bug in a later
 * stage, say), the original is still kept, as an `unparsed` report saying why, for `vigil reprocess`.
 */
async function commitAlone(p: Prepared, options: IngestOptions, deps: IngestDeps): Promise<IngestResult> {
  try {
    return await deps.store.atomically((tx) => commitPrepared(tx, p, options, deps));
  } catch (error) {
    if ('done' in p) throw error;
    const reason = `could not be recorded: ${(error as Error).message}`;
    const kept = { ...p, reports: [unparsedReport(p.original, reason, p.reports[0]?.url ?? null, options)] };
    const result = await deps.store.atomically((tx) =>
      commitPrepared(tx, { ...kept, outcome: { ok: false, reason } }, options, deps),
    );
    return result;
  }
}

async function heldResult(base: IngestResult, sha256: string, store: Store): Promise<IngestResult> {
  const reports = await store.reports.forOriginal(sha256);
  return { ...base, status: 'held', reportIds: reports.map((r) => r.id), reason: 'already held' };
}

/** Records reports with their claims and incidents, each change with its ledger entry. */
export async function recordReports(
  tx: Store,
  reports: Report[],
  actor: string,
  at: string,
  deps: Pick<IngestDeps, 'extract' | 'resolve'>,
): Promise<{ claims: number; incidents: number }> {
  let claimCount = 0;
  let incidentCount = 0;
  for (const report of reports) {
    const source = report.sourceName
      ? await tx.sources.ensure(report.sourceName, guessSourceKind(report.sourceName))
      : null;
    await tx.reports.recordReport(report, source?.id ?? null);
    await tx.ledger.append({ kind: 'report.ingested', subject: report.id, actor, at, record: report });
    if (report.status !== 'parsed') continue;
    const counts = await extractAndResolve(tx, report, actor, at, deps);
    claimCount += counts.claims;
    incidentCount += counts.incidents;
  }
  return { claims: claimCount, incidents: incidentCount };
}

/** Extracts a parsed report's claims and resolves them into incidents, with ledger entries. */
export async function extractAndResolve(
  tx: Store,
  report: Report,
  actor: string,
  at: string,
  deps: Pick<IngestDeps, 'extract' | 'resolve'>,
): Promise<{ claims: number; incidents: number }> {
  const claims = await deps.extract(report);
  // Re-extraction can change claim ids: each claim that is gone is logged as removed.
  for (const id of await tx.claims.replaceForReport(report.id, claims)) {
    await tx.ledger.append(
      removalChange('claim', id, { actor, at, reason: `re-extracted from ${report.id}` }),
    );
  }
  for (const claim of claims) {
    await tx.ledger.append({ kind: 'claim.extracted', subject: claim.id, actor, at, record: claim });
  }
  const incidents = await deps.resolve(claims, tx, report);
  const goneIncidents = await tx.incidents.replaceForClaims(
    claims.map((c) => c.id),
    incidents,
  );
  for (const id of goneIncidents) {
    await tx.ledger.append(
      removalChange('incident', id, {
        actor,
        at,
        reason: 'its claims were resolved again',
        replacedBy: incidents.map((i) => i.id),
      }),
    );
  }
  for (const incident of incidents) {
    await tx.ledger.append({ kind: 'incident.resolved', subject: incident.id, actor, at, record: incident });
  }
  return { claims: claims.length, incidents: incidents.length };
}

export function reportIdFor(sha256: string, index: number, count: number): string {
  return count > 1 ? `rep-${sha256.slice(0, 16)}-${index + 1}` : `rep-${sha256.slice(0, 16)}`;
}

export function toReport(
  doc: ParsedDocument,
  index: number,
  count: number,
  original: { sha256: string; mediaType: string; receivedAt: string },
  url: string | null,
  options: Pick<IngestOptions, 'published' | 'source'>,
): Report {
  const docUrl = doc.url ?? (count === 1 ? url : null);
  return {
    id: reportIdFor(original.sha256, index, count),
    originalSha256: original.sha256,
    itemKey: doc.itemKey,
    status: 'parsed',
    reason: null,
    text: doc.text,
    title: doc.title,
    url: docUrl,
    // The user's explicit flags win over what the document says about itself.
    sourceName: options.source ?? doc.sourceName ?? siteOf(docUrl),
    published: options.published ?? doc.published,
    language: detectLanguage(doc.text),
    mediaType: original.mediaType,
    ingestedAt: original.receivedAt,
  };
}

function unparsedReport(
  original: { sha256: string; mediaType: string; receivedAt: string },
  reason: string,
  url: string | null,
  options: Pick<IngestOptions, 'published' | 'source'>,
): Report {
  return {
    id: reportIdFor(original.sha256, 0, 1),
    originalSha256: original.sha256,
    itemKey: '0',
    status: 'unparsed',
    reason,
    text: '',
    title: null,
    url,
    sourceName: options.source ?? siteOf(url),
    published: options.published ?? null,
    language: null,
    mediaType: original.mediaType,
    ingestedAt: original.receivedAt,
  };
}

function siteOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** A first guess at a new source's kind from its name; analysts can correct it. */
export function guessSourceKind(name: string): SourceKind {
  const n = name.toLowerCase();
  if (/\b(observatory|monitor|network for human rights)\b/.test(n)) return 'monitor';
  if (/\b(amnesty|human rights watch|rights group|watch|rights)\b/.test(n)) return 'rights-group';
  if (/\b(ministry|government|presidency|army|defen[cs]e)\b/.test(n)) return 'ministry';
  if (/\b(wire|agency|press|reuters|afp|associated press)\b/.test(n)) return 'wire';
  return 'outlet';
}
