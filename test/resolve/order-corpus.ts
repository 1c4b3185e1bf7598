import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, createApp } from '../../src/app.ts';
import { normalizeConfig } from '../../src/config.ts';
import { tally } from '../../src/pipeline/resolve/tally.ts';
import { seeded } from '../support/seeded.ts';

// Real places close together on Syria's coast (so blocks overlap), and a few further inland.
const PLACES = ['Baniyas', 'Jableh', 'Latakia', 'Tartus', 'Qardaha', 'Safita', 'Masyaf', 'Homs', 'Hama'];
// Fictional organisations and outlets.
const MONITORS = ['Coastal Rights Monitor', 'Levant Civilian Harm Observatory', 'Orchard Watch Network'];
const OUTLETS = ['Sahel Voice', 'Harbour Daily', 'Cedar Post', 'Valley Times', 'Morning Digest'];
const WORDS = ['', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

interface Event {
  place: string;
  day: number;
  kind: number;
  n: number;
}

function sentence(e: Event, teller: string): string {
  const when = `on ${e.day} March`;
  const n = WORDS[e.n] ?? String(e.n);
  switch (e.kind) {
    case 0:
      return `${teller} reported that gunmen killed ${n} civilians in ${e.place} ${when}.`;
    case 1:
      return `Shelling hit ${e.place} ${when}, killing ${n} people, according to ${teller}.`;
    case 2:
      return `${teller} said armed men abducted ${n} men from their homes in ${e.place} ${when}.`;
    case 3:
      return `${teller} reported that armed men looted shops and burned homes in ${e.place} ${when}.`;
    default:
      return `About ${n} families fled ${e.place} ${when}, ${teller} said.`;
  }
}

/** Swaps content words and garbles the place a little, as a machine-spun clone does. */
function spin(text: string): string {
  return text
    .replace(/\bkilled\b/g, 'slew')
    .replace(/\bcivilians\b/g, 'noncombatants')
    .replace(/\bhomes\b/g, 'houses')
    .replace(/\bshops\b/g, 'stores')
    .replace(/\breported\b/g, 'announced')
    .replace(/\bJableh\b/g, 'Jablla')
    .replace(/\bBaniyas\b/g, 'Banyass');
}

/**
 * Writes a corpus of short text reports (invented sources, real places) about a few dozen
 * events on Syria's coast in March 2025: several independent tellings of many events at
 * neighbouring places and days, wire copies with a new headline, spun clones, a few
 * publication dates shared by several reports, and a ministry's denial. Returns the files.
 */
export function writeOrderCorpus(dir: string, reports: number, seed = 11): string[] {
  mkdirSync(dir, { recursive: true });
  const rand = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const events: Event[] = [];
  for (let i = 0; i < Math.ceil(reports / 3); i++) {
    events.push({
      place: pick(PLACES),
      day: 6 + Math.floor(rand() * 6),
      kind: Math.floor(rand() * 5),
      n: 3 + Math.floor(rand() * 8),
    });
  }
  const written: { file: string; body: string; published: string; source: string }[] = [];
  const write = (source: string, published: string, title: string, body: string) => {
    const file = join(dir, `r${String(written.length).padStart(3, '0')}.txt`);
    const text = `Illustrative generated report; organisations are fictional.\nSource: ${source}\nPublished: ${published}\nTitle: ${title}\n\n${body}\n`;
    writeFileSync(file, text);
    written.push({ file, body, published, source });
  };
  while (written.length < reports - 1) {
    const roll = rand();
    if (roll < 0.2 && written.length > 3) {
      // A copy of an earlier story: a wire copy with a new headline, or a spun clone.
      const original = pick(written);
      const outlet = pick(OUTLETS.filter((o) => o !== original.source));
      const body = rand() < 0.5 ? original.body : spin(original.body);
      const published =
        rand() < 0.5
          ? original.published
          : `2025-03-${Math.min(28, Number(original.published.slice(8)) + 1)}`;
      write(outlet, published, `Copied: ${body.slice(0, 40)}`, body);
      continue;
    }
    const source = rand() < 0.5 ? pick(MONITORS) : pick(OUTLETS);
    const told = [pick(events), ...(rand() < 0.4 ? [pick(events)] : [])];
    const teller = MONITORS.includes(source)
      ? `The ${source}`
      : rand() < 0.5
        ? 'residents'
        : `the ${pick(MONITORS)}`;
    const paragraphs = told.map((e) => sentence(e, teller));
    // Sometimes a paragraph is told twice in one report.
    if (rand() < 0.1) paragraphs.push(paragraphs[0]!);
    const last = Math.max(...told.map((e) => e.day));
    const published = `2025-03-${String(last + Math.floor(rand() * 3)).padStart(2, '0')}`;
    write(source, published, `Report ${written.length}`, paragraphs.join('\n\n'));
  }
  const denied = events.find((e) => e.kind === 0) ?? events[0]!;
  write(
    'Ministry of Defence press office',
    `2025-03-${String(denied.day + 1).padStart(2, '0')}`,
    'Statement',
    `The Ministry of Defence denied that its forces killed civilians in ${denied.place} on ${denied.day} March.`,
  );
  return written.map((w) => w.file);
}

/** An app on a fresh SQLite file, with its gazetteer loaded before any ingest. */
export async function freshApp(db: string): Promise<App> {
  const app = await createApp(normalizeConfig({ db }, {}));
  await app.gazetteer.index();
  return app;
}

/**
 * What must not depend on the order reports arrived in: every incident's id, claims, type,
 * place, dates, figures, grade and its reason, independence and contradictions, and the tally.
 */
export async function recordSnapshot(app: App) {
  const incidents = await app.store.incidents.list({ limit: 1_000_000 });
  const rows = [];
  for (const i of [...incidents].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const contradictions = (await app.store.contradictions.forIncident(i.id))
      .map(
        (c) =>
          `${c.kind}:${c.incidentId}:${c.otherIncidentId ?? ''}:${[...c.sideA].sort()}|${[...c.sideB].sort()}`,
      )
      .sort();
    rows.push({
      id: i.id,
      claims: [...i.claimIds].sort(),
      type: `${i.type}/${i.subType ?? ''}`,
      place: i.place?.name ?? null,
      date: i.date ? `${i.date.start}..${i.date.end}` : null,
      casualties: i.casualties,
      grade: i.grade,
      gradeReason: i.gradeReason,
      independence: i.independence,
      contradictions,
    });
  }
  return { incidents: rows, tally: tally(incidents, { by: 'type' }) };
}
