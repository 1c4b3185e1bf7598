import { noCasualties } from '../../domain/casualties.ts';
import type { Claim } from '../../domain/claim.ts';
import type { DateRange } from '../../domain/date-range.ts';
import type { Place } from '../../domain/place.ts';
import type { Report } from '../../domain/report.ts';
import type { EventType } from '../../domain/taxonomy.ts';
import type { Gazetteer } from '../../ports/gazetteer.ts';

export interface ExtractDeps {
  gazetteer: Gazetteer;
}

/** Event words of the walking skeleton; the extraction engine replaces this table. */
const EVENT_WORDS: [RegExp, EventType, string | null][] = [
  [/\b(kill(ed|ing|ings)?|massacres?|executed|shot dead)\b/i, 'Violence against civilians', 'Attack'],
  [
    /\b(kidnapp(ed|ing|ings)|abduct(ed|ion|ions))\b/i,
    'Violence against civilians',
    'Abduction/forced disappearance',
  ],
  [
    /\b(shell(ed|ing)|artillery|rockets?)\b/i,
    'Explosions/Remote violence',
    'Shelling/artillery/missile attack',
  ],
  [/\b(air ?strikes?|drone strikes?|bombed)\b/i, 'Explosions/Remote violence', 'Air/drone strike'],
  [
    /\b(loot(ed|ing)|arson|burn(ed|ing|t) (down )?(homes|houses)|destroy(ed|ing))\b/i,
    'Strategic developments',
    'Looting/property destruction',
  ],
  [/\b(fled|fleeing|displaced|displacement|sheltering)\b/i, 'Displacement', 'Flight'],
  [/\b(shortages?|power (cuts?|outages?)|bakeries)\b/i, 'Humanitarian condition', 'services'],
];

/**
 * Report → claims. Walking-skeleton rules: a sentence carrying an event word is a claim;
 * places are capitalised words the gazetteer knows; the date is the week up to publication.
 */
export async function runExtract(report: Report, deps: ExtractDeps): Promise<Claim[]> {
  if (report.status !== 'parsed') return [];
  const claims: Claim[] = [];
  for (const { text: sentence, start } of sentences(report.text)) {
    const hit = EVENT_WORDS.find(([re]) => re.test(sentence));
    if (!hit) continue;
    const ordinal = claims.length;
    claims.push({
      id: `${report.id}.${ordinal}`,
      reportId: report.id,
      ordinal,
      span: [start, start + sentence.length],
      quote: sentence,
      type: hit[1],
      subType: hit[2],
      attribution: { source: report.sourceName, stance: 'asserted', modality: false },
      place: await findPlace(sentence, deps.gazetteer),
      date: weekBefore(report.published),
      actors: [],
      casualties: noCasualties(),
      fatalitiesAcled: null,
      repeatOf: null,
      salience: -ordinal,
    });
  }
  return claims;
}

export function sentences(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  const re = /[^.!?\n]+(?:[.!?]+["”’)]?|\n|$)/g;
  for (const m of text.matchAll(re)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed) out.push({ text: trimmed, start: m.index + lead });
  }
  return out;
}

async function findPlace(sentence: string, gazetteer: Gazetteer): Promise<Place | null> {
  for (const m of sentence.matchAll(/\b[A-Z][\p{L}'-]+(?:[ -][A-Z][\p{L}'-]+)?/gu)) {
    const [entry] = await gazetteer.lookup(m[0]);
    if (entry) {
      return {
        name: entry.name,
        lat: entry.lat,
        lon: entry.lon,
        country: entry.country,
        admin1: entry.admin1,
        wherePrec: 1,
        geoPrecision: 1,
        gazetteerId: entry.id,
        text: m[0],
      };
    }
  }
  return null;
}

function weekBefore(published: string | null): DateRange | null {
  if (!published) return null;
  const end = new Date(`${published}T00:00:00Z`);
  const start = new Date(end.getTime() - 6 * 86_400_000);
  return { start: start.toISOString().slice(0, 10), end: published, precision: 3, inferred: true };
}
