import type { Claim } from '../../domain/claim.ts';
import { type EventFamily, type EventType, familyOf } from '../../domain/taxonomy.ts';
import {
  type CandidateBlock,
  type ClaimReach,
  PLACE_RADIUS_KM,
  type StoredClaim,
} from '../../ports/resolution.ts';

/**
 * What clustering needs to know about a claim, computed once: its family and kind of harm, its
 * place as a point with a radius, its days, and its actors in normalised form.
 */
export interface ClaimView {
  claim: StoredClaim;
  family: EventFamily;
  kind: string;
  lat: number | null;
  lon: number | null;
  radiusKm: number | null;
  firstDay: number | null;
  lastDay: number | null;
  inferredDate: boolean;
  perpetrators: string[];
  targets: string[];
  /** Claims that deny the event, or only call for action, do not support that it happened. */
  supports: boolean;
}

/** Types whose event is that something was said: an announcement, a denial, a call. */
export const STATEMENT_TYPES: ReadonlySet<string> = new Set(['Official statement', 'Call for investigation']);
/**
 * How far a statement's place may lie from another telling of it: a statement concerns an area
 * (a ministry's operation "on the coast"), and a report relaying it names the place of its own
 * story. Who made it, its kind and its day decide (statements.ts, `scoreStatement`).
 */
export const STATEMENT_REACH_KM = 300;

export function viewOf(claim: StoredClaim): ClaimView {
  const place = claim.place;
  const located = place !== null && place.lat !== null && place.lon !== null;
  const statement = STATEMENT_TYPES.has(claim.type);
  // Footage placed no closer than a region or a country may still be footage told elsewhere.
  const footage = claim.attribution.basis === 'footage' && located && place.wherePrec >= 5;
  const radius = !located ? null : statement || footage ? STATEMENT_REACH_KM : placeRadius(place.wherePrec);
  // A statement's party is who made it; the actors it names are what it talks about.
  const said = claim.attribution.source;
  return {
    claim,
    family: familyOf(claim.type as EventType, claim.subType),
    kind: harmKind(claim.type, claim.subType),
    lat: radius === null ? null : place!.lat,
    lon: radius === null ? null : place!.lon,
    radiusKm: radius,
    firstDay: claim.date ? dayNumber(claim.date.start) : null,
    lastDay: claim.date ? dayNumber(claim.date.end) : null,
    inferredDate: Boolean(claim.date?.inferred),
    perpetrators: statement
      ? specificActors(said ? [said] : [])
      : specificActors(claim.actors.filter((a) => a.role === 'perpetrator').map((a) => a.name)),
    targets: statement
      ? []
      : specificTargets(claim.actors.filter((a) => a.role === 'target').map((a) => a.name)),
    supports: supports(claim),
  };
}

export function supports(claim: Pick<Claim, 'attribution'>): boolean {
  return claim.attribution.stance !== 'denied' && claim.attribution.stance !== 'call';
}

/** Where to look for incidents, or null when the claim is too vague in place or time to place. */
export function blockOf(view: ClaimView): CandidateBlock | null {
  if (view.lat === null || view.lon === null || view.radiusKm === null) return null;
  if (view.firstDay === null || view.lastDay === null) return null;
  return {
    family: view.family,
    lat: view.lat,
    lon: view.lon,
    reachKm: view.radiusKm,
    firstDay: view.firstDay,
    lastDay: view.lastDay,
  };
}

export function placeRadius(wherePrec: number): number | null {
  return PLACE_RADIUS_KM[wherePrec] ?? null;
}

/**
 * Kinds of harm finer than families: two claims of one family but different kinds (a shelling
 * and an abduction) are never the same event.
 */
export function harmKind(type: string, subType: string | null): string {
  switch (type) {
    case 'Battles':
      return subType === 'Armed clash' || subType === null ? 'lethal' : 'territory';
    case 'Violence against civilians':
      if (subType === 'Abduction/forced disappearance') return 'abduction';
      if (subType === 'Sexual violence') return 'sexual-violence';
      return 'lethal';
    case 'Explosions/Remote violence':
    case 'Riots':
      return 'lethal';
    case 'Strategic developments':
      return subType === 'Looting/property destruction' ? 'looting' : `statement:${subType ?? ''}`;
    case 'Extortion':
      return 'extortion';
    case 'Displacement':
      return 'displacement';
    case 'Humanitarian condition':
      return `condition:${subType ?? ''}`;
    case 'Protests':
      return 'protest';
    default:
      return `${type}:${subType ?? ''}`;
  }
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date ("2025-03-09"; anything after the day is ignored). */
export function dayNumber(iso: string): number {
  // Read straight off the digits (most dates, and it runs for every claim and incident many
  // times a run): days from the civil date, as in Howard Hinnant's `days_from_civil`. Anything
  // else goes the way of `Date.UTC`, which maps years 0–99 to 1900–1999 and reads odd fields as
  // it does.
  if (iso.length >= 10 && iso.charCodeAt(4) === 45 && iso.charCodeAt(7) === 45) {
    const y = digits(iso, 0, 4);
    const m = digits(iso, 5, 2);
    const d = digits(iso, 8, 2);
    if (y >= 100 && m >= 1 && m <= 12 && d >= 0) {
      const year = m <= 2 ? y - 1 : y;
      const era = Math.floor(year / 400);
      const yoe = year - era * 400;
      const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
      return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
    }
  }
  return Math.floor(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS);
}

/** The number `count` decimal digits at `at` spell, or -1 if any is not a digit. */
function digits(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

export function dayIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLon = (lon2 - lon1) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) ** 2;
  return 12_742 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const ACTOR_NOISE = new Set([
  'the',
  'of',
  'forces',
  'force',
  'units',
  'unit',
  'troops',
  'members',
  'its',
  'and',
]);
const GENERIC_PERPETRATOR = new Set([
  'armed',
  'men',
  'man',
  'gunmen',
  'gunman',
  'group',
  'groups',
  'unidentified',
  'unknown',
  'attackers',
  'assailants',
  'militants',
  'fighters',
  'masked',
  'people',
  'individuals',
  'persons',
  'perpetrators',
]);
const CIVILIAN_WORDS = new Set([
  'civilians',
  'civilian',
  'residents',
  'resident',
  'villagers',
  'families',
  'family',
  'people',
  'men',
  'women',
  'children',
  'worshippers',
  'inhabitants',
  'locals',
]);

/**
 * A function of a name (an actor's, a source's) with its answers kept: every assessment asks the
 * same few names again and again. The cache is emptied when it grows past 100,000 names.
 */
export function remembered<V>(compute: (name: string) => V): (name: string) => V {
  const cache = new Map<string, V>();
  return (name) => {
    let value = cache.get(name);
    if (value === undefined) {
      value = compute(name);
      if (cache.size > 100_000) cache.clear();
      cache.set(name, value);
    }
    return value;
  };
}

/** "Ministry of Defense forces", "the Defence Ministry" → "defense ministry". */
export const normalizeActor: (name: string) => string = remembered(normalizeUncached);

function normalizeUncached(name: string): string {
  const words = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/defence/g, 'defense')
    .match(/[\p{L}\p{N}]+/gu);
  return (words ?? [])
    .filter((w) => !ACTOR_NOISE.has(w))
    .sort()
    .join(' ');
}

/** Normalised perpetrators that say who did it; "gunmen" and "armed groups" say nothing. */
export function specificActors(names: string[]): string[] {
  if (!names.length) return [];
  const out = new Set<string>();
  for (const n of names) {
    const norm = normalizeActor(n);
    if (norm && !isGenericActor(norm)) out.add(norm);
  }
  return [...out].sort();
}

/** Whether a normalised name is only generic words ("gunmen", "armed group"). */
const isGenericActor = remembered((norm) => wordsOf(norm).every((w) => GENERIC_PERPETRATOR.has(w)));

/** A normalised name's words (names are compared word by word for every claim scored). */
const wordsOf: (name: string) => readonly string[] = remembered((name) => name.split(' '));

/** Normalised targets; every way of saying "civilians" becomes "civilians". */
export function specificTargets(names: string[]): string[] {
  if (!names.length) return [];
  const out = new Set<string>();
  for (const n of names) {
    const norm = normalizeActor(n);
    if (!norm) continue;
    const words = wordsOf(norm);
    if (words.some((w) => CIVILIAN_WORDS.has(w))) out.add('civilians');
    else if (!words.every((w) => GENERIC_PERPETRATOR.has(w))) out.add(norm);
  }
  return [...out].sort();
}

/**
 * Words that, alone, name the state's own forces ("Government forces", "Security forces", "the
 * army", "security services", a ministry's "our units", "Ministry of Defence forces"). Sources
 * call one state side by any of these names, so they match each other. A name with any other
 * word ("Russian army", "Sudanese Armed Forces", "pro-government militia", "former regime") is
 * matched by its words as usual.
 */
const STATE_WORDS = new Set([
  'government',
  'governmental',
  'security',
  'army',
  'military',
  'police',
  'policemen',
  'ministry',
  'defense',
  'interior',
  'public',
  'general',
  'state',
  'national',
  'guard',
  'soldiers',
  'personnel',
  'armed',
  'services',
  'service',
  'our',
  'officers',
  'regime',
]);
/** Whether a normalised actor name names the state's own forces and nothing more specific. */
export const isStateSide: (norm: string) => boolean = remembered(
  (norm) => norm !== '' && norm.split(' ').every((w) => STATE_WORDS.has(w)),
);

/**
 * Two actor lists may name one party: one name's words contain the other's, or both name the
 * state's own forces (one state side, whichever word each source uses). For clustering.
 */
export function actorsOverlap(a: string[], b: string[]): boolean {
  return namesOverlap(a, b, true);
}

/**
 * Two actor lists name a common party by its words alone ("Defense Ministry" and "Ministry of
 * Defense units"): what a party's own denial or acknowledgement covers is the party it names,
 * not every state body.
 */
export function namesOverlap(a: string[], b: string[], stateSide = false): boolean {
  for (const x of a) {
    const xs = wordsOf(x);
    for (const y of b) {
      const ys = wordsOf(y);
      if (xs.every((w) => ys.includes(w)) || ys.every((w) => xs.includes(w))) return true;
      if (stateSide && isStateSide(x) && isStateSide(y)) return true;
    }
  }
  return false;
}

/** Where and when a located, dated claim lies, or null: its block, under the name the store uses. */
export function reachOf(view: ClaimView): ClaimReach | null {
  return reachOfBlock(blockOf(view));
}

export function reachOfBlock(block: CandidateBlock | null): ClaimReach | null {
  if (!block) return null;
  // Spelled out (a rest/spread copy is slow on this path); the key order is the block's.
  return {
    family: block.family,
    lat: block.lat,
    lon: block.lon,
    firstDay: block.firstDay,
    lastDay: block.lastDay,
    radiusKm: block.reachKm,
  };
}
