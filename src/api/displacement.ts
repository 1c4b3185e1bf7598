import { z } from 'zod';
import { CasualtyRange, type Claim, type Incident } from '../domain/index.ts';
import type { Gazetteer, GazetteerQuery, PlaceIndex } from '../ports/gazetteer.ts';
import type { Store } from '../ports/store.ts';

const End = z.object({ name: z.string(), lat: z.number(), lon: z.number() });

/** People moving from one place to another: an arrow on the map. */
export const DisplacementFlow = z.object({
  incidentId: z.string(),
  from: End,
  to: End,
  displaced: CasualtyRange.nullable(),
  date: z.string().nullable(),
});
export type DisplacementFlow = z.infer<typeof DisplacementFlow>;

const FROM_WORDS = new Set(['from', 'around', 'near', 'fled', 'fleeing', 'escaping', 'left', 'leaving']);
const TO_WORDS = new Set([
  'to',
  'at',
  'towards',
  'toward',
  'reach',
  'reached',
  'reaching',
  'into',
  'arrived',
]);

/**
 * Where a displacement went: the incident's own `destination` when resolution set one;
 * otherwise read from its claims' sentences ("fled violence in villages around Jableh … are
 * sheltering at Russia's Hmeimim air base"): a known place after "from/around/near" is where
 * people fled from, one after "to/at/towards" where they went. An arrow needs both ends with
 * coordinates, and two different places. Flows touching a place where people hide are marked.
 */
export async function displacementFlows(
  store: Store,
  gazetteer: Gazetteer,
  incidents: Incident[],
): Promise<(DisplacementFlow & { hiding: boolean })[]> {
  if (incidents.length === 0) return [];
  let places: PlaceIndex | null = null;
  const flows: (DisplacementFlow & { hiding: boolean })[] = [];
  for (const incident of incidents) {
    // A country-wide or vaguer place cannot anchor an arrow.
    if (!incident.destination && (incident.place?.wherePrec ?? 9) > 4) continue;
    let from = endOf(incident.place);
    let to = endOf(incident.destination ?? null);
    if (!to) {
      places ??= await gazetteer.index();
      const claims = await store.claims.get(incident.claimIds.slice(0, 20));
      const country = incident.place?.country;
      const read = readEnds(claims, places, country ? { countries: [country] } : {});
      to = read.to;
      from = read.from ?? from;
    }
    if (!from || !to || (from.lat === to.lat && from.lon === to.lon)) continue;
    // Flows inside one region of the world: a longer "arrow" is a misread place name.
    if (!incident.destination && distanceKm(from, to) > 800) continue;
    flows.push({
      incidentId: incident.id,
      from,
      to,
      displaced: incident.casualties.displaced,
      date: incident.date?.start ?? null,
      hiding: Boolean(
        incident.place?.hiding || incident.destination?.hiding || incident.sensitivity?.places?.length,
      ),
    });
  }
  return flows;
}

function endOf(place: Incident['place'] | undefined): z.infer<typeof End> | null {
  if (!place || place.lat === null || place.lon === null) return null;
  return { name: place.name, lat: place.lat, lon: place.lon };
}

/** Reads the two ends of a flow from sentences, with the gazetteer telling places from words. */
export function readEnds(
  claims: Pick<Claim, 'quote'>[],
  places: PlaceIndex,
  query: GazetteerQuery = {},
): { from: z.infer<typeof End> | null; to: z.infer<typeof End> | null } {
  let from: z.infer<typeof End> | null = null;
  let to: z.infer<typeof End> | null = null;
  for (const claim of claims) {
    const tokens = claim.quote.split(/[\s,;:.()"“”]+/).filter(Boolean);
    tokens.forEach((token, i) => {
      // A possessive ("Russia's Hmeimim air base") qualifies the place after it.
      if (!/^\p{Lu}/u.test(token) || i === 0 || /['’]s$/u.test(token)) return;
      const name = token;
      const before = tokens.slice(Math.max(0, i - 4), i).map((t) => t.toLowerCase());
      const isFrom = before.some((w) => FROM_WORDS.has(w));
      const isTo = before.some((w) => TO_WORDS.has(w));
      if (isFrom === isTo) return;
      const entry = places.find(name, query).find((e) => namesMatch(e, name));
      if (!entry) return;
      const end = { name: entry.name, lat: entry.lat, lon: entry.lon };
      if (isFrom) from ??= end;
      else to ??= end;
    });
    if (from && to) break;
  }
  return { from, to };
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** The word is the place's name or one word of it ("Suwayda" for "As-Suwayda"), not a near miss. */
function namesMatch(entry: { name: string; alternateNames: string[] }, word: string): boolean {
  const w = fold(word);
  return [entry.name, ...entry.alternateNames].some(
    (n) =>
      fold(n) === w ||
      fold(n)
        .split(/[^\p{L}]+/u)
        .includes(w),
  );
}

function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
