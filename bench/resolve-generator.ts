import type { Claim, EventType, Place } from '../src/domain/index.ts';
import { seeded } from '../test/support/seeded.ts';

/**
 * Generated reports and claims for the resolution benchmark: 2,000 places spread over Syria's
 * extent in 14 first-level areas, dates over a year per 100,000 claims, the event types in realistic shares, places
 * and dates at mixed precision, several independent reports of many events, and 30% of the
 * claims in near-duplicate reports (verbatim copies with a new headline, and spun clones whose
 * content words are swapped). Deterministic for a seed.
 */
export interface GeneratedReport {
  id: string;
  sourceName: string;
  published: string;
  ingestedAt: string;
  text: string;
  claims: Claim[];
}

const TYPES: [number, EventType, string | null][] = [
  [30, 'Violence against civilians', 'Attack'],
  [14, 'Explosions/Remote violence', 'Shelling/artillery/missile attack'],
  [5, 'Explosions/Remote violence', 'Air/drone strike'],
  [14, 'Battles', 'Armed clash'],
  [8, 'Violence against civilians', 'Abduction/forced disappearance'],
  [8, 'Strategic developments', 'Looting/property destruction'],
  [8, 'Displacement', 'Flight'],
  [5, 'Humanitarian condition', 'food'],
  [4, 'Official statement', 'Operation announcement'],
  [4, 'Call for investigation', 'Investigation'],
];
const TYPE_TOTAL = TYPES.reduce((a, t) => a + t[0], 0);

const FUNCTION_WORDS =
  'the of in on at to for from by with about into after before and or but that this which who when where as than said were was had has have been is are it its their they he she'.split(
    ' ',
  );
const STEMS =
  'bar cal dor fen gal hir jun kel lom mar nor pel qur ras sal tam ul val wen yar zin bek cor dal far gor hal jar kal lan mer'.split(
    ' ',
  );
const SUFFIXES = ['a', 'an', 'et', 'ing', 'ed', 'or', 'ia', 'um', 'is', 'o', 'es', 'ly'];

export function generate(claimTarget: number, seed = 7) {
  const rand = seeded(seed);
  // Density stays that of a busy monitor (about 100,000 claims a year over 2,000 places): a
  // larger store covers more time, as an archive grows, rather than packing one year tighter.
  const span = Math.max(365, Math.round((claimTarget / 100_000) * 365));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  // A vocabulary of 5,000 invented content words, and a fixed "synonym" for each.
  const vocab: string[] = [];
  for (let i = 0; i < 5000; i++)
    vocab.push(`${pick(STEMS)}${pick(STEMS)}${pick(SUFFIXES)}${i % 7 ? '' : 'n'}`);
  const synonym = new Map(vocab.map((w, i) => [w, vocab[(i * 7919 + 13) % vocab.length]!]));

  const places: Place[] = [];
  for (let i = 0; i < 2000; i++) {
    const lat = 32.4 + rand() * 4.8;
    const lon = 35.8 + rand() * 6.4;
    const admin1 = `A${Math.floor((lat - 32.4) / 1.25)}${Math.floor((lon - 35.8) / 1.8)}`;
    places.push({
      name: `Town ${i}`,
      lat,
      lon,
      country: 'SY',
      admin1,
      wherePrec: 1,
      geoPrecision: 1,
      gazetteerId: `g${i}`,
    });
  }
  const placeAt = (base: Place, prec: number): Place =>
    prec === 1
      ? base
      : {
          ...base,
          name: `${base.name} area`,
          wherePrec: prec,
          geoPrecision: prec === 2 ? 2 : 3,
          gazetteerId: null,
        };
  const outlets = Array.from({ length: 250 }, (_, i) => `Outlet ${i}`);
  const monitors = Array.from({ length: 30 }, (_, i) => `Monitor ${i} Observatory`);
  const perpetrators = [
    'armed men',
    'Northern Brigade',
    'Coastal Shield',
    'army units',
    'unknown gunmen',
    'Eastern Front',
  ];

  interface Event {
    type: EventType;
    subType: string | null;
    place: Place;
    day: number;
    killed: number | null;
    perpetrator: string;
  }
  const events: Event[] = [];
  const newEvent = (): Event => {
    let r = rand() * TYPE_TOTAL;
    const t =
      TYPES.find((x) => {
        r -= x[0];
        return r < 0;
      }) ?? TYPES[0]!;
    return {
      type: t[1],
      subType: t[2],
      place: pick(places),
      day: Math.floor(rand() * span),
      killed: rand() < 0.5 ? Math.floor(rand() * 30) + 1 : null,
      perpetrator: pick(perpetrators),
    };
  };
  const iso = (day: number) => new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  const sentence = (words: number) => {
    const out: string[] = [];
    for (let i = 0; i < words; i++) out.push(rand() < 0.4 ? pick(FUNCTION_WORDS) : pick(vocab));
    return `${out.join(' ')}.`;
  };

  const reports: GeneratedReport[] = [];
  let claims = 0;
  let copies = 0;
  let n = 0;
  while (claims < claimTarget) {
    n++;
    const id = `rep-${n.toString(36)}`;
    const ingestedAt = new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString();
    const source = pick(outlets);
    // 30% of claims sit in copies of an earlier report: half verbatim, half spun.
    if (reports.length > 10 && rand() < 0.3) {
      const original = reports[Math.max(0, reports.length - 1 - Math.floor(rand() * 500))]!;
      const spun = rand() < 0.5;
      const text = spun
        ? original.text.replace(/[a-z]+/g, (w) => (rand() < 0.7 ? (synonym.get(w) ?? w) : w))
        : `${sentence(8)}\n\n${original.text}`;
      const list = original.claims.map((c, i) => ({
        ...c,
        id: `${id}.${i}`,
        reportId: id,
        quote: spun ? c.quote.replace(/[a-z]+/g, (w) => synonym.get(w) ?? w) : c.quote,
        place: spun && rand() < 0.3 ? null : c.place,
      }));
      reports.push({ id, sourceName: source, published: original.published, ingestedAt, text, claims: list });
      claims += list.length;
      copies += list.length;
      continue;
    }
    const count = 3 + Math.floor(rand() * 5);
    const list: Claim[] = [];
    const paragraphs: string[] = [];
    let lastDay = 0;
    for (let i = 0; i < count; i++) {
      // Half the claims tell an event other reports told too (independent corroboration).
      const reuse = events.length > 50 && rand() < 0.5;
      const event = reuse
        ? events[events.length - 1 - Math.floor(rand() * Math.min(events.length, 3000))]!
        : newEvent();
      if (!reuse) events.push(event);
      const precRoll = rand();
      const prec = precRoll < 0.7 ? 1 : precRoll < 0.9 ? 2 : precRoll < 0.97 ? 3 : 4;
      const dateRoll = rand();
      const date =
        dateRoll < 0.75
          ? { start: iso(event.day), end: iso(event.day), precision: 1 }
          : dateRoll < 0.95
            ? {
                start: iso(Math.max(0, event.day - Math.floor(rand() * 6))),
                end: iso(event.day + 1),
                precision: 3,
                inferred: true,
              }
            : {
                start: iso(event.day - (event.day % 30)),
                end: iso(event.day - (event.day % 30) + 29),
                precision: 4,
              };
      lastDay = Math.max(lastDay, event.day);
      const quote = sentence(14 + Math.floor(rand() * 12));
      paragraphs.push(`${quote} ${sentence(10)}`);
      const named = rand() < 0.4;
      list.push({
        id: `${id}.${i}`,
        reportId: id,
        ordinal: i,
        span: [0, 0],
        quote,
        type: event.type,
        subType: event.subType,
        attribution: {
          source: named ? pick(monitors) : rand() < 0.3 ? 'residents' : null,
          stance: named ? 'reported' : rand() < 0.1 ? 'alleged' : 'asserted',
          modality: false,
        },
        place: placeAt(event.place, prec),
        date,
        actors:
          rand() < 0.5 ? [{ name: event.perpetrator, role: 'perpetrator', text: event.perpetrator }] : [],
        casualties: {
          killed:
            event.killed === null
              ? null
              : { min: event.killed, max: event.killed, text: String(event.killed) },
          injured: null,
          abducted: null,
          displaced: null,
        },
        fatalitiesAcled: event.killed,
        repeatOf: null,
        salience: -i,
      });
    }
    reports.push({
      id,
      sourceName: source,
      published: iso(Math.min(span, lastDay + 1)),
      ingestedAt,
      text: paragraphs.join('\n\n'),
      claims: list,
    });
    claims += list.length;
  }
  return { reports, claims, copies, places };
}
