import { countryName } from '../../pipeline/geocode/countries.ts';
import { foldName, skeletonKey } from '../../pipeline/geocode/fold-name.ts';
import type {
  GazetteerArea,
  GazetteerEntry,
  GazetteerOrigin,
  GazetteerQuery,
  PlaceIndex,
} from '../../ports/gazetteer.ts';
import { namesToIndex } from './geonames-dump.ts';

const ORIGIN_RANK: Record<GazetteerOrigin, number> = { default: 0, import: 1, user: 2 };

// Seats of government outrank ordinary places of the same name: a report naming "Tripoli"
// means a capital far more often than a hamlet.
function featureRank(code: string): number {
  if (code === 'PPLC') return 6;
  if (code === 'PPLA') return 5;
  if (code === 'PPLA2') return 4;
  if (code === 'ADM1') return 4;
  if (code.startsWith('PPL')) return 2;
  return 1;
}

/** A gazetteer index that can still be added to. */
export interface MutablePlaceIndex extends PlaceIndex {
  add(entry: GazetteerEntry): void;
  /** Indexes an entry under one more name; false when no entry has this id. */
  alias(alias: string, entryId: string): boolean;
  get(id: string): GazetteerEntry | null;
  entries(): Iterable<GazetteerEntry>;
  /**
   * Appends entries known to be new (a fresh dump), faster than `add` one by one; `aliases`
   * maps extra names to entry ids.
   */
  load(entries: GazetteerEntry[], aliases?: Record<string, string>): void;
}

/**
 * An in-memory index over gazetteer entries: every name and alternate name by its folded key,
 * primary names also by their transliteration skeleton. Built once per process; lookups are
 * synchronous map reads.
 */
export function createPlaceIndex(): MutablePlaceIndex {
  const all: GazetteerEntry[] = [];
  // Built on first need: a bulk load of the default gazetteer never looks entries up by id.
  const byId = new Map<string, number>();
  let byIdFrom = 0;
  const ids = () => {
    for (; byIdFrom < all.length; byIdFrom++) {
      const e = all[byIdFrom];
      if (e) byId.set(e.id, byIdFrom);
    }
    return byId;
  };
  const byKey = new Map<string, number[]>();
  // Every alternate name and transliteration skeleton of a country's places, built when a
  // query first prefers that country. Skeletons collide across the world, so they are only
  // consulted within preferred countries.
  const national = new Map<string, { names: Map<string, number[]>; skeletons: Map<string, number[]> }>();
  const areaCache = new Map<string, GazetteerArea | null>();
  // Reports name the same places again and again; lookups are remembered until the index changes.
  const found = new Map<string, GazetteerEntry[]>();

  const put = (map: Map<string, number[]>, key: string, i: number) => {
    if (!key) return;
    const list = map.get(key);
    if (!list) map.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };

  function indexNames(e: GazetteerEntry, i: number) {
    // A dump's ASCII name is its name folded already: key it instead of folding the name.
    const ascii = (e as { asciiName?: string }).asciiName;
    put(byKey, foldName(ascii || e.name), i);
    for (const a of namesToIndex(e, false)) put(byKey, foldName(a), i);
    if (e.country) national.delete(e.country);
  }

  function score(e: GazetteerEntry, q: GazetteerQuery): number {
    let s = Math.min(e.population, 9_999_999) + featureRank(e.featureCode) * 1e7;
    s += ORIGIN_RANK[e.origin ?? 'default'] * 1e11;
    if (q.countries?.length && e.country && q.countries.includes(e.country)) s += 1e12;
    if (q.near) s -= distanceKm(q.near, e) * 1e8;
    return s;
  }

  function ranked(ids: number[] | undefined, q: GazetteerQuery): GazetteerEntry[] {
    if (!ids) return [];
    const live = [...new Set(ids)].filter((i) => all[i] !== undefined).map((i) => all[i]!);
    return live.sort((a, b) => score(b, q) - score(a, q));
  }

  function area(
    key: string,
    pick: (e: GazetteerEntry) => boolean,
    name: string,
    country: string,
    admin1: string | null,
  ): GazetteerArea | null {
    if (areaCache.has(key)) return areaCache.get(key)!;
    let lat = 0;
    let lon = 0;
    let n = 0;
    for (const e of all) {
      if (e && pick(e)) {
        lat += e.lat;
        lon += e.lon;
        n++;
      }
    }
    const result = n ? { name, lat: round(lat / n), lon: round(lon / n), country, admin1 } : null;
    areaCache.set(key, result);
    return result;
  }

  // Per country and built on first need: the alternate names of small default places (the
  // others are keyed already), and, only when an exact key fails, transliteration skeletons.
  function nationalOf(country: string, withSkeletons = false) {
    let maps = national.get(country);
    if (!maps) {
      maps = { names: new Map(), skeletons: new Map() };
      for (let i = 0; i < all.length; i++) {
        const e = all[i];
        if (e?.country !== country || e.origin !== 'default') continue;
        for (const n of namesToIndex(e, true)) put(maps.names, foldName(n), i);
      }
      national.set(country, maps);
    }
    if (withSkeletons && maps.skeletons.size === 0) {
      for (let i = 0; i < all.length; i++) {
        const e = all[i];
        if (e?.country !== country) continue;
        for (const n of [e.name, ...namesToIndex(e, true)]) put(maps.skeletons, skeletonKey(n), i);
      }
    }
    return maps;
  }

  function lookup(name: string, query: GazetteerQuery): GazetteerEntry[] {
    const key = foldName(name);
    const ids = [...(byKey.get(key) ?? [])];
    for (const c of query.countries ?? []) ids.push(...(nationalOf(c).names.get(key) ?? []));
    if (ids.length) return ranked(ids, query);
    const skeleton = skeletonKey(name);
    if (skeleton.replace(/ /g, '').length < 3 || !query.countries?.length) return [];
    const similar = query.countries.flatMap((c) => nationalOf(c, true).skeletons.get(skeleton) ?? []);
    return ranked(similar, query).filter((e) => foldName(e.name)[0] === key[0]);
  }

  const index: MutablePlaceIndex = {
    add(entry) {
      const existing = ids().get(entry.id);
      const i = existing ?? all.length;
      // Names of a replaced entry stay in the key lists but point at the new entry, which is
      // what a correction wants; stale names of a renamed entry are rare and harmless.
      all[i] = entry;
      byId.set(entry.id, i);
      if (i === byIdFrom) byIdFrom++;
      indexNames(entry, i);
      areaCache.clear();
      found.clear();
    },
    alias(alias, entryId) {
      const i = ids().get(entryId);
      if (i === undefined) return false;
      put(byKey, foldName(alias), i);
      found.clear();
      return true;
    },
    get(id) {
      const i = ids().get(id);
      return i === undefined ? null : (all[i] ?? null);
    },
    *entries() {
      for (const e of all) if (e) yield e;
    },
    find(name, query = {}) {
      const memo = `${name}|${query.countries?.join(',') ?? ''}|${query.near ? `${query.near.lat},${query.near.lon}` : ''}`;
      const hit = found.get(memo);
      if (hit) return hit;
      if (found.size > 50_000) found.clear();
      const result = lookup(name, query);
      found.set(memo, result);
      return result;
    },
    countryArea(code) {
      const name = countryName(code) ?? code;
      return area(`c:${code}`, (e) => e.country === code, name, code, null);
    },
    admin1Area(entry) {
      if (!entry.country || !entry.admin1) return null;
      const { country, admin1 } = entry;
      const key = `a:${country}.${admin1}`;
      if (areaCache.has(key)) return areaCache.get(key)!;
      const adm = all.find(
        (e) => e && e.country === country && e.featureCode === 'ADM1' && e.admin1 === admin1,
      );
      if (adm) {
        const result = { name: adm.name, lat: adm.lat, lon: adm.lon, country, admin1 };
        areaCache.set(key, result);
        return result;
      }
      return area(key, (e) => e.country === country && e.admin1 === admin1, admin1, country, admin1);
    },
    size: () => ids().size,
    load(entries, aliases = {}) {
      // Several aliases may name one entry (Jabla and Jablah are both Jableh).
      const wanted = new Map<string, string[]>();
      for (const [alias, id] of Object.entries(aliases)) wanted.set(id, [...(wanted.get(id) ?? []), alias]);
      const near = new Map<string, GazetteerEntry>();
      for (const e of entries) {
        const i = all.length;
        all.push(e);
        indexNames(e, i);
        for (const alias of wanted.get(e.id) ?? []) put(byKey, foldName(alias), i);
        if (e.origin === 'default' && SUPPLEMENT_ANCHORS.has(e.id)) near.set(e.id, e);
      }
      // The default dump's villages ride with it, in the region of the town they lie near.
      for (const v of VILLAGES) {
        const anchor = near.get(v.near);
        if (!anchor) continue;
        const { near: _, ...entry } = v;
        const i = all.length;
        const e: GazetteerEntry = {
          ...entry,
          country: anchor.country,
          admin1: anchor.admin1,
          origin: 'default',
        };
        all.push(e);
        indexNames(e, i);
      }
      areaCache.clear();
      found.clear();
    },
  };
  return index;
}

/**
 * Villages and bases that reports name but the GeoNames populated-places dump (cities500)
 * lacks under any spelling. Names and approximate coordinates are facts; each is placed in
 * the first-order region of the dump town it lies near (`near`), and only when that town is
 * loaded, so the list rides with the default gazetteer and never with a user's own dump.
 * Users still add their own with `vigil gazetteer add`, which wins over these.
 */
export const VILLAGES: (Omit<GazetteerEntry, 'country' | 'admin1' | 'origin'> & { near: string })[] = [
  {
    id: 'vigil:snobar',
    name: 'Snobar',
    lat: 35.33,
    lon: 35.97,
    featureCode: 'PPL',
    population: 0,
    alternateNames: ['Sanobar', 'Sinobar', 'Snawbar', 'صنوبر'],
    near: 'geonames:169304',
  },
  {
    id: 'vigil:hrisun',
    name: 'Hrisun',
    lat: 35.21,
    lon: 35.98,
    featureCode: 'PPL',
    population: 0,
    alternateNames: ['Hreisoun', 'Hrisoun', 'حريصون'],
    near: 'geonames:171830',
  },
  {
    id: 'vigil:al-mukhtariyah',
    name: 'Al-Mukhtariyah',
    lat: 35.57,
    lon: 35.95,
    featureCode: 'PPL',
    population: 0,
    alternateNames: ['Mukhtariyah', 'Al-Mukhtariya', 'Mukhtariya', 'Al Mukhtariyah', 'المختارية'],
    near: 'geonames:173576',
  },
  {
    id: 'vigil:hmeimim-air-base',
    name: 'Hmeimim air base',
    lat: 35.401,
    lon: 35.949,
    featureCode: 'AIRB',
    population: 0,
    alternateNames: ['Hmeimim', 'Humaymim', 'Hmeimim Airbase', 'Hmeimim air base', 'Khmeimim', 'حميميم'],
    near: 'geonames:169304',
  },
];
const SUPPLEMENT_ANCHORS = new Set(VILLAGES.map((v) => v.near));

function round(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
