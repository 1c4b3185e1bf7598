// Interop at the size of the full UCDP GED: a 400,000-row UCDP-shaped CSV (the shared sample's
// rows replicated with fresh ids, generated into a temp dir) imported into a fresh SQLite store,
// then exported again as UCDP CSV. Each direction runs in its own process, so each peak RSS is
// its own. Targets on one core: each direction under 30 s, peak memory under 1 GB.
// Also times the GeoNames dump parser (extraction's importer) on a 50,000-row country dump.
// Run: npm run bench:interop [-- --rows N] [-- --keep]
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const SHARED = process.env.VIGIL_SHARED ?? join(fileURLToPath(import.meta.url), '..', '..', '..', 'shared');
const SAMPLE = join(SHARED, 'data', 'ucdp', 'ged-sample-global.csv');
const GAZETTEER = join(SHARED, 'data', 'gazetteer', 'geonames-cities500-SY.tsv');

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

interface PhaseResult {
  seconds: number;
  /** CPU time the phase used (user + system): on a shared machine, what one core would need. */
  cpuSeconds: number;
  rows: number;
  maxRssMb: number;
}

if (arg('--phase')) {
  const result = await runPhase(arg('--phase')!, arg('--dir')!);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  await main();
}

async function main(): Promise<void> {
  const rows = Number(arg('--rows') ?? 400_000);
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-interop-'));
  try {
    const t0 = performance.now();
    await generate(join(dir, 'ged.csv'), rows);
    const size = statSync(join(dir, 'ged.csv')).size;
    console.log(
      `generated ${rows.toLocaleString('en')} UCDP rows (${(size / 1e6).toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    for (const phase of ['import', 'export'] as const) {
      const child = spawnSync(
        process.execPath,
        [
          ...process.execArgv,
          // As bin/vigil.js runs `vigil import` and `vigil export`: a larger young generation (less GC).
          '--max-semi-space-size=64',
          fileURLToPath(import.meta.url),
          '--phase',
          phase,
          '--dir',
          dir,
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
      );
      if (child.status !== 0) throw new Error(`${phase} phase failed (exit ${child.status})`);
      const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as PhaseResult;
      // On a shared machine wall time waits for other work; CPU time is what one free core needs.
      const verdict = (seconds: number) => (seconds < 30 && r.maxRssMb < 1024 ? 'within' : 'OUTSIDE');
      console.log(
        `${phase.padEnd(6)} ${r.rows.toLocaleString('en')} rows in ${r.seconds.toFixed(1)} s = ` +
          `${Math.round(r.rows / r.seconds).toLocaleString('en')} rows/s (CPU ${r.cpuSeconds.toFixed(1)} s), ` +
          `peak RSS ${r.maxRssMb.toFixed(0)} MB ` +
          `(targets < 30 s, < 1024 MB: wall ${verdict(r.seconds)}, CPU ${verdict(r.cpuSeconds)})`,
      );
    }
    const dbSize = statSync(join(dir, 'bench.db')).size;
    console.log(`store: ${(dbSize / 1e6).toFixed(0)} MB of SQLite`);
    await geonames();
  } finally {
    if (process.argv.includes('--keep')) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** The shared sample's rows, over and over, each copy with a fresh id and relid. */
async function generate(path: string, rows: number): Promise<void> {
  const { csvLine } = await import('../src/interop/export/exporter.ts');
  const records = parse(readFileSync(SAMPLE), { bom: true }) as string[][];
  const [header, ...sample] = records;
  const id = header!.indexOf('id');
  const relid = header!.indexOf('relid');
  const out = createWriteStream(path);
  out.write(csvLine(header!));
  for (let i = 0; i < rows; i++) {
    const row = [...sample[i % sample.length]!];
    row[id] = String(1_000_000 + i);
    row[relid] = `${row[relid]}-${Math.floor(i / sample.length)}`;
    if (!out.write(csvLine(row))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

async function runPhase(phase: string, dir: string): Promise<PhaseResult> {
  const { openSqlite } = await import('../src/adapters/sqlite/open-sqlite.ts');
  const { fsBlobStore } = await import('../src/adapters/fs/fs-blob-store.ts');
  const { store } = await openSqlite(join(dir, 'bench.db'));
  const started = performance.now();
  const cpu = process.cpuUsage();
  let rows = 0;
  if (phase === 'import') {
    const { runImport } = await import('../src/interop/run-import.ts');
    const result = await runImport(
      { file: join(dir, 'ged.csv'), format: 'ucdp', skipBad: false, actor: 'bench' },
      {
        store,
        blobs: fsBlobStore(join(dir, 'blobs')),
        clock: { now: () => new Date() },
        read: (p) => createReadStream(p, { highWaterMark: 1 << 20 }),
      },
    );
    if (result.status !== 'imported') throw new Error(`import ${result.status}`);
    rows = result.summary.rows;
  } else {
    const { runExport } = await import('../src/interop/export/run-export.ts');
    const out = createWriteStream(join(dir, 'export.csv'));
    const summary = await runExport(
      { format: 'ucdp', filter: {}, role: 'viewer' },
      async (text) => {
        if (!out.write(text)) await once(out, 'drain');
      },
      { store },
    );
    out.end();
    await once(out, 'close');
    rows = summary.exported;
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await store.close();
  return {
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    rows,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** Extraction's GeoNames dump parser, if present, on a 50,000-row country dump. */
async function geonames(): Promise<void> {
  let parseDump: ((text: string, origin: 'import') => { entries: unknown[] }) | undefined;
  try {
    ({ parseGeoNamesDump: parseDump } = await import('../src/adapters/memory/geonames-dump.ts'));
  } catch {
    // The gazetteer import belongs to the extraction work; absent, there is nothing to time.
  }
  if (!parseDump) {
    console.log('geonames: skipped (no GeoNames dump importer in this build)');
    return;
  }
  const lines = readFileSync(GAZETTEER, 'utf8').split('\n').filter(Boolean);
  const dump: string[] = [];
  for (let i = 0; dump.length < 50_000; i++) {
    const cols = lines[i % lines.length]!.split('\t');
    cols[0] = String(90_000_000 + i);
    dump.push(cols.join('\t'));
  }
  const text = dump.join('\n');
  const t0 = performance.now();
  const parsed = parseDump(text, 'import');
  const parseSeconds = (performance.now() - t0) / 1000;
  let indexNote = '';
  try {
    const { createPlaceIndex } = await import('../src/adapters/memory/place-index.ts');
    const t1 = performance.now();
    const index = createPlaceIndex();
    for (const e of parsed.entries) index.add(e as never);
    indexNote = `, indexed in ${((performance.now() - t1) / 1000).toFixed(2)} s`;
  } catch {
    // No index builder to time.
  }
  console.log(
    `geonames: 50,000-row country dump parsed in ${parseSeconds.toFixed(2)} s (${parsed.entries.length.toLocaleString('en')} places)${indexNote}`,
  );
}
