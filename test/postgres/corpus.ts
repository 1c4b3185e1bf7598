import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seeded } from '../support/seeded.ts';

// Real places (the gazetteer knows them), invented outlets and monitors.
const PLACES = [
  'Latakia',
  'Jableh',
  'Baniyas',
  'Tartus',
  'Homs',
  'Hama',
  'Qardaha',
  'Safita',
  'Masyaf',
  'Idlib',
  'Daraa',
  'Damascus',
];
/** The one wire service among the outlets (a wire's report comes first on its day). */
const WIRE = 'North Wire';
const OUTLETS = [
  'Harbour Daily',
  'Valley Voice',
  WIRE,
  'Plain Observer',
  'Cedar Courier',
  'Orchard Post',
  'Riverbank Times',
  'Hillside Herald',
];
const MONITORS = [
  'Coastal Rights Monitor',
  'Levant Observatory for Civilians',
  'Olive Grove Documentation Network',
];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August'];

type Kind = 'killing' | 'shelling' | 'kidnapping' | 'looting' | 'flight' | 'shortage';
const KINDS: Kind[] = ['killing', 'killing', 'shelling', 'kidnapping', 'looting', 'flight', 'shortage'];

/** One real-world event of the invented world; several reports may tell it. */
interface WorldEvent {
  kind: Kind;
  place: string;
  day: number;
  count: number;
}

const START = Date.UTC(2025, 0, 1);
const isoDay = (day: number) => new Date(START + day * 86_400_000).toISOString().slice(0, 10);
const spoken = (day: number) => {
  const d = new Date(START + day * 86_400_000);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
};

/** A sentence telling `e`, in one of two wordings, with a figure that may disagree with others'. */
function tell(e: WorldEvent, random: () => number, by: string): string {
  const when = `on ${spoken(e.day)}`;
  const alt = random() < 0.5;
  // Most tellers give the event's figure; some a higher floor or a different count.
  const roll = random();
  const n = roll < 0.75 ? e.count : roll < 0.9 ? e.count * 2 + 3 : e.count + 1;
  const figure = roll >= 0.75 && roll < 0.9 ? `at least ${n}` : String(n);
  switch (e.kind) {
    case 'killing':
      return alt
        ? `Gunmen killed ${figure} civilians in ${e.place} ${when}${by}.`
        : `${cap(figure)} civilians were killed by armed men in ${e.place} ${when}${by}.`;
    case 'shelling':
      return alt
        ? `Shelling hit residential streets of ${e.place} ${when}, killing ${figure} people${by}.`
        : `Artillery shells struck homes in ${e.place} ${when}, killing ${figure} residents${by}.`;
    case 'kidnapping':
      return alt
        ? `${cap(figure)} men were kidnapped at a checkpoint in ${e.place} ${when}${by}.`
        : `Armed men abducted ${figure} civilians in ${e.place} ${when}${by}.`;
    case 'looting':
      return alt
        ? `Armed groups looted shops and homes in ${e.place} ${when}${by}.`
        : `Fighters looted and burned houses in ${e.place} ${when}${by}.`;
    case 'flight':
      return `About ${n * 10} families fled ${e.place} toward the mountains ${when}${by}.`;
    case 'shortage':
      return alt
        ? `Bakeries in ${e.place} halted work ${when} because of power cuts${by}.`
        : `Bakeries in ${e.place} closed ${when} for lack of flour${by}.`;
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Writes `count` invented news reports (fictional outlets and monitors, real place names) as
 * text files with `Source:` and `Published:` headers, and returns their paths in resolution's
 * canonical order (file names sort in that order). The world behind them is built to exercise
 * resolution: a pool of events over a span of days that grows with the corpus, about half of
 * every report's sentences re-telling an event other outlets told (so claims cluster and gain
 * independent origins), figures that disagree (casualty contradictions), named monitors relayed
 * by several outlets (one origin, not many), ministry denials (contested incidents), and about
 * one report in eight a wire copy of a recent report republished by another outlet a day or two
 * later (near-duplicates). Deterministic for a seed.
 */
export function writeCorpus(dir: string, count: number, seed = 7): string[] {
  mkdirSync(dir, { recursive: true });
  const random = seeded(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const span = 30 + Math.ceil(count / 100);
  const events: WorldEvent[] = [];
  const bodies: { source: string; published: number; body: string }[] = [];
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const source = pick(OUTLETS);
    let published: number;
    let body: string;
    if (bodies.length > 20 && random() < 0.12) {
      // A wire copy: another outlet republishes a recent report word for word.
      const original = bodies[bodies.length - 1 - Math.floor(random() * Math.min(bodies.length, 200))]!;
      published = original.published + Math.floor(random() * 3);
      body = `${source} carried this report from ${original.source}.\n${original.body}`;
    } else {
      const told: string[] = [];
      let latest = 0;
      const sentences = 1 + Math.floor(random() * 3);
      for (let s = 0; s < sentences; s++) {
        const reuse = events.length > 10 && random() < 0.55;
        const event: WorldEvent = reuse
          ? events[events.length - 1 - Math.floor(random() * Math.min(events.length, 300))]!
          : {
              kind: pick(KINDS),
              place: pick(PLACES),
              day: Math.floor(random() * span),
              count: 2 + Math.floor(random() * 18),
            };
        if (!reuse) events.push(event);
        latest = Math.max(latest, event.day);
        const voice = random();
        const by =
          voice < 0.4
            ? ''
            : voice < 0.75
              ? `, the ${pick(MONITORS)} reported`
              : voice < 0.9
                ? ', residents said'
                : ', according to an unverified video';
        told.push(tell(event, random, by));
        if ((event.kind === 'killing' || event.kind === 'shelling') && random() < 0.08) {
          told.push(
            `The Ministry of Defence denied that its forces killed civilians in ${event.place} on ${spoken(event.day)}.`,
          );
        }
      }
      published = latest + 1 + Math.floor(random() * 3);
      body = [`${source} bulletin ${i + 1}.`, ...told].join('\n');
    }
    bodies.push({ source, published, body });
  }
  // Files are numbered in the order resolution calls canonical (publication date, a wire
  // service's report first, then report id, which is the start of the SHA-256 of the bytes), so
  // that ingesting the folder as it sorts is the single-process run with nothing out of order.
  const texts = bodies.map((b) => {
    const text = `Source: ${b.source}\nPublished: ${isoDay(b.published)}\n\n${b.body}\n`;
    const key = `${isoDay(b.published)} ${b.source === WIRE ? 0 : 1} rep-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
    return { text, key };
  });
  texts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const [n, { text }] of texts.entries()) {
    const path = join(dir, `report-${String(n + 1).padStart(6, '0')}.txt`);
    writeFileSync(path, text);
    files.push(path);
  }
  return files;
}
