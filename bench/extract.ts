// Extraction throughput over generated report text (at least 10 MB by default): whole
// extraction (sentences, attribution, events, places through the default gazetteer, dates,
// actors, casualties, repeats) on one core. The gazetteer load is timed apart.
// Run: npm run bench:extract [-- --mb 10]
import { defaultPlaceIndex, loadDefaultEntries } from '../src/adapters/memory/default-gazetteer.ts';
import type { Report } from '../src/domain/report.ts';
import { extractClaims } from '../src/pipeline/extract/run-extract.ts';

const mbArg = process.argv.indexOf('--mb');
const TARGET_MB = mbArg > 0 ? Number(process.argv[mbArg + 1]) : 10;

const PLACES = [
  'Baniyas',
  'Jableh',
  'Latakia',
  'Tartus',
  'Homs',
  'Hama',
  'Idlib',
  'Aleppo',
  'Kharkiv',
  'Kherson',
  'El Fasher',
  'Nyala',
  'Bambari',
  'Bria',
  'Goma',
  'Beni',
  'Maiduguri',
  'Mopti',
  'Djibo',
  'Taiz',
  'Mogadishu',
  'Bahir Dar',
];
const SOURCES = [
  'the Syrian Observatory for Human Rights',
  'local activists',
  'residents',
  'the regional governor',
  'a local aid group',
  'witnesses',
  'officials',
  'the Darfur Monitoring Network',
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
// Events, as monitors and wires write them.
const EVENTS = [
  'Armed men looted shops in {p} on {d}, {s} said.',
  'Shelling struck the outskirts of {p} overnight, killing {n} people and wounding {m} others, according to {s}.',
  'At least {n} civilians were killed in the countryside of {p} on {d}, {s} reported.',
  'Dozens of families fled {p} towards the mountains after gunmen stormed the town, {s} said.',
  'Bakeries in {p} closed after flour deliveries stopped, and power outages lasted most of the day.',
  'The ministry said its operation near {p} had ended, but {s} described further raids.',
  'Gunmen reportedly demanded payment in US dollars from families in {p} for their safety.',
  'The rights group called for an independent investigation into the killings in {p} and for access for observers.',
  'A drone strike hit a market in {p} on {d}, {s} said, and a video of the aftermath could not be verified.',
  'Unknown gunmen kidnapped {n} farmers near {p} last week, {s} told reporters.',
];
// Context, quotes and background: most sentences of a real report name no event.
const CONTEXT = [
  'The area has seen repeated waves of violence since the start of the year.',
  'Humanitarian organisations say access to the region remains limited.',
  '“We do not know who is in control any more,” one resident told the newspaper, asking not to be named.',
  'The government has not responded to requests for comment.',
  'Prices of basic goods have doubled in recent months, according to traders in the market.',
  'Many families have relatives abroad who send money each month.',
  'Schools reopened in some districts last autumn after a long closure.',
  'The road between the two towns is one of the main supply routes for the province.',
  'Local councils were formed after the previous administration collapsed.',
  'Analysts expect the talks to resume after the holiday.',
];

function pick<T>(list: T[], i: number): T {
  return list[i % list.length]!;
}

function makeReport(i: number): Report {
  const parts: string[] = [`Monitor update ${i}`];
  let k = i * 7;
  let paragraph: string[] = [];
  while (parts.join('\n').length + paragraph.join(' ').length < 3500) {
    const template = k % 3 === 0 ? pick(EVENTS, k) : pick(CONTEXT, k);
    paragraph.push(
      template
        .replaceAll('{p}', pick(PLACES, k * 3 + i))
        .replaceAll('{d}', pick(DAYS, k))
        .replaceAll('{s}', pick(SOURCES, k * 5))
        .replaceAll('{n}', String((k % 40) + 2))
        .replaceAll('{m}', String((k % 17) + 1)),
    );
    if (paragraph.length === 4) {
      parts.push(paragraph.join(' '));
      paragraph = [];
    }
    k++;
  }
  if (paragraph.length) parts.push(paragraph.join(' '));
  const text = parts.join('\n\n');
  return {
    id: `bench-${i}`,
    originalSha256: '0'.repeat(64),
    itemKey: '',
    status: 'parsed',
    reason: null,
    text,
    title: null,
    url: null,
    sourceName: 'Bench Monitor',
    published: `2025-03-${String((i % 28) + 1).padStart(2, '0')}`,
    language: 'en',
    mediaType: 'text/plain',
    ingestedAt: '2025-03-12T00:00:00Z',
  };
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

let t = performance.now();
let c = cpu();
const entries = loadDefaultEntries();
const places = defaultPlaceIndex(entries);
console.log(
  `default gazetteer: ${places.size().toLocaleString()} places loaded in ${((performance.now() - t) / 1000).toFixed(2)} s`,
);

const reports: Report[] = [];
let bytes = 0;
for (let i = 0; bytes < TARGET_MB * 1024 * 1024; i++) {
  const r = makeReport(i);
  reports.push(r);
  bytes += Buffer.byteLength(r.text);
}
// Warm up the JIT on a few reports so the figure is the steady state.
for (const r of reports.slice(0, 20)) extractClaims(r, { places });

// Three runs over the whole corpus; the best is the figure (the machine is shared, and the
// best run is the one least disturbed by other work).
const mb = bytes / (1024 * 1024);
let claims = 0;
const runs: { wall: number; cpu: number }[] = [];
for (let run = 0; run < 3; run++) {
  t = performance.now();
  c = cpu();
  claims = 0;
  for (const r of reports) claims += extractClaims(r, { places }).length;
  runs.push({ wall: (performance.now() - t) / 1000, cpu: cpu() - c });
}
const best = runs.reduce((a, b) => (b.wall < a.wall ? b : a));
console.log(
  `extracted ${reports.length.toLocaleString()} reports, ${mb.toFixed(1)} MB, ${claims.toLocaleString()} claims, 3 runs`,
);
console.log(`runs (wall): ${runs.map((r) => `${(mb / r.wall).toFixed(2)} MB/s`).join(', ')}`);
console.log(
  `best run: ${(mb / best.wall).toFixed(2)} MB/s wall, ${(mb / best.cpu).toFixed(2)} MB/s of CPU time, ${(reports.length / best.wall).toFixed(0)} reports/s (one core)`,
);
