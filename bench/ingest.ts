// Ingest throughput: 10,000 generated reports of about 5 KB each.
// Phase 1 measures storing and hashing alone (bytes -> SHA-256 -> blob -> original and report
// rows with their ledger entries, parse included, no extraction); phase 2 the whole pipeline.
// Run: npm run bench:ingest [-- --count N] [--pipeline-count N] [--store-only]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, INGEST_BATCH, SORT_CHUNK } from '../src/app.ts';
import { normalizeConfig } from '../src/config.ts';
import {
  type IngestInput,
  inResolutionOrder,
  prepareInputs,
  recordPrepared,
} from '../src/pipeline/ingest/run-ingest.ts';

const countArg = process.argv.indexOf('--count');
const COUNT = countArg > 0 ? Number(process.argv[countArg + 1]) : 10_000;
// Every generated report tells about 35 events in the same ten towns in one month, so the whole
// pipeline builds a few hundred ever-growing incidents, each re-saved whole as claims join it: a
// worst case, far denser than real reporting, that runs at a few reports a second. It gets its
// own, smaller count so that the bench finishes.
const pipelineArg = process.argv.indexOf('--pipeline-count');
const PIPELINE_COUNT = pipelineArg > 0 ? Number(process.argv[pipelineArg + 1]) : Math.min(COUNT, 300);
const PLACES = [
  'Baniyas',
  'Jableh',
  'Latakia',
  'Tartus',
  'Homs',
  'Hama',
  'Idlib',
  'Aleppo',
  'Damascus',
  'Daraa',
];
const SENTENCES = [
  'Armed men looted shops in {p} on {d} March, residents said.',
  'The monitor reported that shelling struck the outskirts of {p} overnight.',
  'At least {n} civilians were killed in the countryside of {p}, according to local activists.',
  'Dozens of families fled {p} towards the mountains, a humanitarian worker said.',
  'Bakeries in {p} closed after flour deliveries stopped, and power cuts lasted most of the day.',
  'The ministry said its operation near {p} had ended, but residents described further raids.',
  'Witnesses said gunmen demanded payment in US dollars for the safety of their families.',
  'The rights group called for an independent investigation and access for observers.',
];

function makeReport(i: number): Uint8Array {
  let body = `Source: Bench Monitor ${i % 50}\nPublished: 2025-03-${String((i % 28) + 1).padStart(2, '0')}\nTitle: Bench report ${i}\n\n`;
  let k = i;
  while (body.length < 5000) {
    const s = SENTENCES[k % SENTENCES.length]!;
    body += `${s
      .replace('{p}', PLACES[(k * 7 + i) % PLACES.length]!)
      .replace('{d}', String((k % 28) + 1))
      .replace('{n}', String(k % 90))} `;
    if (k % 4 === 3) body += `(ref ${i}-${k})\n\n`;
    k++;
  }
  return new TextEncoder().encode(body);
}

async function phase(name: string, withPipeline: boolean, count: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-ingest-'));
  const app = await createApp(normalizeConfig({ db: join(dir, 'bench.db') }, {}));
  const corpus = Array.from({ length: count }, (_, i) => makeReport(i));
  const bytes = corpus.reduce((n, b) => n + b.length, 0);
  const deps = {
    store: app.store,
    blobs: app.blobs,
    clock: app.clock,
    load: async (input: IngestInput) => ({
      ok: true as const,
      bytes: corpus[Number(input.label)]!,
      url: null,
    }),
    extract: withPipeline ? app.extract : async () => [],
    resolve: withPipeline ? app.resolve : async () => [],
  };
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  // What `vigil ingest` does on an embedded store (src/app.ts): parse SORT_CHUNK inputs, put
  // them in resolution's order, record INGEST_BATCH a transaction. The generated dates cycle
  // through March, so without the sort most reports would arrive after later-dated ones.
  const options = { actor: 'bench', limits: { maxParseBytes: 16 << 20 } };
  const check = (r: { status: string; label: string; reason?: string | null }) => {
    if (r.status !== 'stored') throw new Error(`report ${r.label}: ${r.status} ${r.reason ?? ''}`);
  };
  for (let at = 0; at < count; at += SORT_CHUNK) {
    const inputs = Array.from({ length: Math.min(SORT_CHUNK, count - at) }, (_, k) => ({
      label: String(at + k),
      kind: 'file' as const,
    }));
    const prepared = inResolutionOrder(await prepareInputs(inputs, options, deps));
    for (let i = 0; i < prepared.length; i += INGEST_BATCH) {
      for (const r of await recordPrepared(prepared.slice(i, i + INGEST_BATCH), options, deps)) check(r);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu0);
  const cpuSeconds = (used.user + used.system) / 1e6;
  await app.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `${name.padEnd(34)} ${count} reports, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s: ` +
      `${Math.round(count / seconds)} reports/s, ${(bytes / 1e6 / seconds).toFixed(2)} MB/s wall; ` +
      `${cpuSeconds.toFixed(2)} s CPU (${Math.round(count / cpuSeconds)} reports per CPU-second; ` +
      `includes the GC and I/O threads' time) at load average ${loadavg()[0]!.toFixed(1)}`,
  );
}

console.log(`bench:ingest on Node ${process.version}, one process (one core for the pipeline)`);
// --store-only skips the slow whole-pipeline phase (for profiling the store path).
await phase('store + hash (parse, no extraction)', false, COUNT);
if (!process.argv.includes('--store-only'))
  await phase('whole pipeline (extract + resolve)', true, PIPELINE_COUNT);
