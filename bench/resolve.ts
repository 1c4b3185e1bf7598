/**
 * `npm run bench:resolve` — resolution at scale (docs/resolution.md, "Performance").
 *
 * 1. Bulk: generated claims (100,000 and 1,000,000 by default; --sizes to change) resolved by
 *    the real engine (runResolve, one report at a time) over in-memory ports, one core, each
 *    size in its own process: time, claims per second, peak memory.
 * 2. Incremental: the largest run's result is written into a real SQLite store; then new
 *    reports are ingested one at a time through the real ingest path (recordReports: report,
 *    claims, resolution, ledger entries, one transaction each): time per report.
 *
 * Prints figures; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Claim, Report } from '../src/domain/index.ts';
import { sha256Hex } from '../src/ledger/canonical.ts';
import { orderKeyOf } from '../src/pipeline/resolve/derivation.ts';
import { resolveStoredClaims, runResolve } from '../src/pipeline/resolve/run-resolve.ts';
import { signatures as signaturesOf } from '../src/pipeline/resolve/text-signature.ts';
import { bandKey, publicationWeek } from '../src/ports/resolution.ts';
import { type GeneratedReport, generate } from './resolve-generator.ts';
import { memoryPorts } from './resolve-memory-ports.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
// One instant for every run (a new Date from a number: parsing the string each time showed up).
const NOW_MS = Date.parse('2025-06-01T00:00:00Z');
// The instant is fixed, so its ISO form is too: formatting it afresh for each of 200,000 reports
// measured the date formatter (about 1% of a run), not resolution.
// (One date handed out each time: nothing that reads the clock changes the date it gets.)
const NOW_ISO = new Date(NOW_MS).toISOString();
const NOW = Object.assign(new Date(NOW_MS), { toISOString: () => NOW_ISO });
const clock = { now: () => NOW };
const arrival = flag('--arrival') ?? 'published';
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;

async function child(size: number, incremental: number): Promise<void> {
  const g0 = performance.now();
  const generated = generate(size + (incremental ? 200 : 0));
  // Reports arrive in resolution's order, as `vigil ingest` records a folder (publication date,
  // a wire story first that day, report id). Sorting by date alone left same-day reports in the
  // generator's order, which is canonical only while its base-36 ids have one length: at 1M most
  // days mixed 3- and 4-digit ids and took the late-arrival path, so the figure measured late
  // arrivals rather than placement. `--arrival generated` keeps the generator's order, which
  // scatters publication dates over the whole span, the worst case for canonical order.
  if (arrival === 'published') {
    const keyed = generated.reports.map((r) => ({ r, key: orderKeyOf({ ...r, reportId: r.id }) }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    generated.reports = keyed.map((k) => k.r);
  }
  const held = incremental ? generated.reports.splice(generated.reports.length - 20) : [];
  const genMs = performance.now() - g0;
  const mem = memoryPorts();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let claims = 0;
  // Claims placed, counting those placed again because a claim before them in the canonical
  // order arrived after them: the work canonical order adds to plain greedy placement.
  let placements = 0;
  for (const r of generated.reports) {
    mem.addClaims(r.id, r.claims);
    const out = await runResolve(
      {
        report: {
          id: r.id,
          sourceName: r.sourceName,
          published: r.published,
          ingestedAt: r.ingestedAt,
          text: r.text,
        },
        claims: r.claims,
      },
      { store: mem.ports, clock, actor: 'bench' },
    );
    placements += out.links.length;
    claims += r.claims.length;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // The machine is shared: CPU time (this process, all threads) is the fairer figure.
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  const peakKb = process.resourceUsage().maxRSS;
  const result: Record<string, unknown> = {
    claims,
    placements,
    copies: generated.copies,
    reports: generated.reports.length,
    ...mem.stats(),
    generateMs: Math.round(genMs),
    resolveMs: Math.round(ms),
    cpuMs,
    loadAverage: loadavg()[0]!.toFixed(1),
    peakRss: mb(peakKb),
  };
  if (incremental) Object.assign(result, await measureIncremental(generated.reports, held, mem));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Writes the in-memory result into SQLite in bulk, then ingests the held-back reports one by one. */
async function measureIncremental(
  reports: GeneratedReport[],
  held: GeneratedReport[],
  mem: ReturnType<typeof memoryPorts>,
): Promise<Record<string, unknown>> {
  // The SQL side is loaded only for this step: the bulk runs need none of it.
  const { linkToRow } = await import('../src/adapters/sql/resolution-store.ts');
  const { claimToRow, incidentToRow } = await import('../src/adapters/sql/row-mapping.ts');
  const { openSqlite } = await import('../src/adapters/sqlite/open-sqlite.ts');
  const { recordReports } = await import('../src/pipeline/ingest/run-ingest.ts');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-resolve-'));
  try {
    const path = join(dir, 'bench.db');
    const handle = await openSqlite(path);
    const raw = handle.raw;
    const insert = (table: string, row: Record<string, unknown>) => {
      const keys = Object.keys(row);
      const key = `${table}:${keys.join(',')}`;
      let stmt = statements.get(key);
      if (!stmt) {
        stmt = raw.prepare(
          `INSERT INTO ${table} (${keys.join(',')}) VALUES (${keys.map(() => '?').join(',')})`,
        );
        statements.set(key, stmt);
      }
      stmt.run(keys.map((k) => row[k] as never));
    };
    const statements = new Map<string, ReturnType<typeof raw.prepare>>();
    const l0 = performance.now();
    const { incidents, links, signatures, sources } = mem.dump();
    raw.transaction(() => {
      for (const s of sources.values())
        insert('sources', { id: s.id, name: s.name, kind: s.kind, origin_group: s.originGroup, site: null });
      for (const r of reports) {
        const sha = sha256Hex(r.id);
        insert('originals', {
          sha256: sha,
          size: r.text.length,
          media_type: 'text/plain',
          origin: r.id,
          received_at: r.ingestedAt,
        });
        insert('reports', {
          id: r.id,
          original_sha256: sha,
          item_key: '0',
          status: 'parsed',
          reason: null,
          text: r.text,
          title: null,
          url: null,
          source_id: null,
          source_name: r.sourceName,
          published: r.published,
          language: 'en',
          media_type: 'text/plain',
          ingested_at: r.ingestedAt,
        });
        for (const c of r.claims) insert('claims', claimToRow(c) as never);
      }
      for (const { incident, profile } of incidents.values()) {
        insert('incidents', {
          ...incidentToRow(incident),
          family: profile.family,
          radius_km: profile.radiusKm,
          independence: incident.independence,
          profile: JSON.stringify(profile),
        });
        for (const c of incident.claimIds)
          insert('incident_claims', { incident_id: incident.id, claim_id: c });
      }
      for (const l of links.values()) {
        insert('claim_links', linkToRow(l));
      }
      const hex = (sig: number[]) => sig.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
      for (const s of signatures.values()) {
        insert('text_signatures', {
          report_id: s.reportId,
          source_name: s.sourceName,
          published: s.published,
          ingested_at: s.ingestedAt,
          words: hex(s.words),
          skeleton: hex(s.skeleton),
          derived_from: s.derivedFrom,
          similarity: s.similarity,
          skeleton_size: s.skeletonSize ?? null,
        });
      }
      // The store keeps band keys tagged with the week of publication, as the SQL store's `put`
      // records them (untagged keys would never match a new report's lookups, and the incremental
      // figure would skip the copy search).
      for (const r of reports) {
        const week = publicationWeek(r.published);
        for (const key of new Set(signaturesOf(r.text).bands.map((b) => bandKey(b, week))))
          insert('signature_bands', { band: key, report_id: r.id });
      }
    })();
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.exec('ANALYZE');
    const loadMs = performance.now() - l0;
    const store = handle.store;
    const times: number[] = [];
    for (const r of held) {
      const report: Report = {
        id: r.id,
        originalSha256: sha256Hex(r.id),
        itemKey: '0',
        status: 'parsed',
        reason: null,
        text: r.text,
        title: null,
        url: null,
        sourceName: r.sourceName,
        published: r.published,
        language: 'en',
        mediaType: 'text/plain',
        ingestedAt: r.ingestedAt,
      };
      const deps = {
        extract: async () => r.claims,
        resolve: (claims: Claim[], tx: typeof store, rep?: Report) =>
          resolveStoredClaims(claims, { store: tx, clock, actor: 'bench' }, rep?.id),
      };
      const t = performance.now();
      await store.atomically(async (tx) => {
        await tx.reports.recordOriginal({
          sha256: report.originalSha256,
          size: r.text.length,
          mediaType: 'text/plain',
          origin: r.id,
          receivedAt: r.ingestedAt,
        });
        await recordReports(tx, [report], 'bench', r.ingestedAt, deps);
      });
      times.push(performance.now() - t);
    }
    const claimsInStore = await store.claims.count();
    await store.close();
    const sorted = [...times].sort((a, b) => a - b);
    return {
      sqliteLoadMs: Math.round(loadMs),
      sqliteMb: Math.round(statSync(path).size / 1048576),
      claimsInStore,
      addOneReportMs: {
        median: Math.round(sorted[Math.floor(sorted.length / 2)]!),
        max: Math.round(sorted.at(-1)!),
        n: times.length,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (args.includes('--child')) {
  await child(Number(flag('--child')), Number(flag('--incremental') ?? 0));
} else {
  const sizes = (flag('--sizes') ?? '100000,1000000').split(',').map(Number);
  const largest = Math.max(...sizes);
  const skipIncremental = args.includes('--no-incremental');
  const rows: Record<string, unknown>[] = [];
  for (const size of sizes) {
    process.stderr.write(`resolving ${size.toLocaleString('en')} generated claims (arrival: ${arrival})…\n`);
    const run = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        '--max-old-space-size=8192',
        // A larger young generation (`vigil import` and `export` run with 64 MB, bin/vigil.js):
        // a run keeps each report's working objects alive across several awaits, and with the
        // default 16 MB semi-space many are promoted and collected again. At 1,000,000 claims,
        // session 5's code took 174–180 s of CPU with 128 MB against 198 s with 64 MB and 178 s
        // with 256 MB (docs/resolution.md §9).
        '--max-semi-space-size=128',
        fileURLToPath(import.meta.url),
        '--child',
        String(size),
        '--incremental',
        size === largest && !skipIncremental ? '1' : '0',
        '--arrival',
        arrival,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
    );
    if (run.status !== 0) throw new Error(`bench child for ${size} failed (${run.status})`);
    const line = run.stdout.trim().split('\n').at(-1)!;
    const row = JSON.parse(line);
    rows.push(row);
    process.stdout.write(
      `${size.toLocaleString('en').padStart(10)} claims: ${(row.cpuMs / 1000).toFixed(1)} s CPU, ${(row.resolveMs / 1000).toFixed(1)} s wall (load average ${row.loadAverage}), ` +
        `${Math.round(row.claims / (row.cpuMs / 1000)).toLocaleString('en')} claims per CPU-second, ${row.incidents.toLocaleString('en')} incidents, ` +
        `${row.copies.toLocaleString('en')} claims in near-duplicate reports, ${(row.placements / row.claims).toFixed(2)} placements per claim, peak RSS ${row.peakRss} (input generation ${(row.generateMs / 1000).toFixed(1)} s, not counted)\n`,
    );
    if (row.addOneReportMs) {
      process.stdout.write(
        `incremental: one report added to a SQLite store of ${row.claimsInStore.toLocaleString('en')} claims (${row.sqliteMb} MB, bulk-loaded in ${(row.sqliteLoadMs / 1000).toFixed(0)} s): ` +
          `median ${row.addOneReportMs.median} ms, max ${row.addOneReportMs.max} ms over ${row.addOneReportMs.n} reports (ingest transaction: report, claims, resolution, ledger)\n`,
      );
    }
  }
  if (rows.length >= 2) {
    const [a, b] = [rows[0]!, rows.at(-1)!];
    const ratio = (b.cpuMs as number) / (a.cpuMs as number);
    process.stdout.write(
      `growth: ${((b.claims as number) / (a.claims as number)).toFixed(1)}× the claims took ${ratio.toFixed(1)}× the CPU time (target at most 12×)\n`,
    );
  }
}
