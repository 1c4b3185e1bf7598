import type { Incident } from '../src/domain/index.ts';
import type { CandidateBlock, IncidentProfile } from '../src/ports/resolution.ts';

const WEEK = 7;
/** Incidents spanning at most this many days are listed by day; longer ones by week. */
const SHORT_DAYS = 7;
const FAMILIES = ['violence', 'property', 'protest', 'displacement', 'condition', 'statement'];
const KM_PER_DEGREE = 110.574;

/**
 * The incidents one period (a day or a week) holds for one family, with each incident's
 * latitude, longitude, radius, first and last day side by side in one array of numbers.
 * A search reads a few of these: at a busy monitor's density a day holds some tens of incidents
 * per family, and reading packed numbers costs less than probing a grid of cells scattered over
 * the heap (each probe a cache miss), which is what an earlier grid spent most of its time on.
 * Incidents placed to within NARROW_KM are kept sorted by latitude, so a search reads only the
 * band of latitudes it can reach (about a fifth of a day's incidents over Syria's extent, for a
 * town-level claim); wider ones are few and read whole.
 */
interface Bucket {
  narrow: Packed;
  wide: Packed;
}

interface Packed {
  profiles: IncidentProfile[];
  /** Five numbers per profile: lat, lon, radius km, first day, last day. */
  nums: number[];
}

/** The widest radius kept in a bucket's latitude-sorted list (a town's district, 25 km). */
const NARROW_KM = 25;

/** Where a saved incident is listed, so saving it again or retiring it can unlist it. */
interface Listed {
  incident: Incident;
  profile: IncidentProfile;
  /** Tier (0 day, 1 week) and bucket key pairs, flattened. */
  keys: number[];
}

/**
 * The bulk benchmark's in-memory index of event incidents for candidate search
 * (`IncidentIndex.findCandidates`): by family and day (or week, for incidents spanning more
 * than a week), then by place and days on numbers. Incidents placed too coarsely for a radius
 * are kept apart, by family and week, for statements' coarse searches.
 */
export function memoryIncidentIndex() {
  const tiers = [new BucketTable(), new BucketTable()];
  const coarse = new Map<number, Map<string, { lat: number; lon: number; profile: IncidentProfile }>>();
  const listed = new Map<string, Listed>();
  const bucketKey = (period: number, family: number) => (period + 1_000_000) * 8 + family;

  const keysOf = (p: IncidentProfile): number[] => {
    if (p.mode !== 'event' || p.radiusKm === null || p.lat === null || p.lon === null) return [];
    if (p.firstDay === null || p.lastDay === null) return [];
    const family = FAMILIES.indexOf(p.family);
    const keys: number[] = [];
    if (p.lastDay - p.firstDay < SHORT_DAYS) {
      for (let d = p.firstDay; d <= p.lastDay; d++) keys.push(0, bucketKey(d, family));
    } else {
      for (let w = Math.floor(p.firstDay / WEEK); w <= Math.floor(p.lastDay / WEEK); w++)
        keys.push(1, bucketKey(w, family));
    }
    return keys;
  };
  const list = (tier: number, key: number, p: IncidentProfile) => {
    let bucket = tiers[tier]!.get(key);
    if (!bucket) {
      bucket = { narrow: { profiles: [], nums: [] }, wide: { profiles: [], nums: [] } };
      tiers[tier]!.set(key, bucket);
    }
    if (p.radiusKm! > NARROW_KM) {
      bucket.wide.profiles.push(p);
      bucket.wide.nums.push(p.lat!, p.lon!, p.radiusKm!, p.firstDay!, p.lastDay!);
      return;
    }
    // After any already listed at the same latitude, so equal ones keep the order they came in.
    const { profiles, nums } = bucket.narrow;
    const at = firstNorthOf(nums, p.lat!, true);
    profiles.splice(at, 0, p);
    nums.splice(at * 5, 0, p.lat!, p.lon!, p.radiusKm!, p.firstDay!, p.lastDay!);
  };
  const unlist = (tier: number, key: number, profile: IncidentProfile) => {
    const bucket = tiers[tier]!.get(key);
    if (!bucket) return;
    const packed = profile.radiusKm! > NARROW_KM ? bucket.wide : bucket.narrow;
    const at = packed.profiles.indexOf(profile);
    if (at < 0) return;
    // Spliced rather than swapped out, so the others keep their order.
    packed.profiles.splice(at, 1);
    packed.nums.splice(at * 5, 5);
  };
  const coarseKeys = (incident: Incident, p: IncidentProfile): number[] => {
    const place = incident.place;
    if (p.mode !== 'event' || p.radiusKm !== null || !place || place.lat === null || place.lon === null)
      return [];
    if (p.firstDay === null || p.lastDay === null) return [];
    const keys: number[] = [];
    for (let w = Math.floor(p.firstDay / WEEK); w <= Math.floor(p.lastDay / WEEK); w++)
      keys.push(bucketKey(w, FAMILIES.indexOf(p.family)));
    return keys;
  };
  /** Whether a new profile is listed exactly where the old one was, with the same numbers. */
  const samePlacing = (old: Listed, incident: Incident, keys: number[], p: IncidentProfile) => {
    const o = old.profile;
    if (o.lat !== p.lat || o.lon !== p.lon || o.radiusKm !== p.radiusKm) return false;
    if (o.firstDay !== p.firstDay || o.lastDay !== p.lastDay || o.family !== p.family) return false;
    if (keys.length !== old.keys.length || !keys.every((k, i) => k === old.keys[i])) return false;
    return coarseKeys(old.incident, o).length === 0 && coarseKeys(incident, p).length === 0;
  };
  const unlistAll = (old: Listed) => {
    for (let i = 0; i < old.keys.length; i += 2) unlist(old.keys[i]!, old.keys[i + 1]!, old.profile);
    for (const k of coarseKeys(old.incident, old.profile)) coarse.get(k)?.delete(old.profile.id);
  };

  return {
    get(id: string): Listed | undefined {
      return listed.get(id);
    },
    has(id: string): boolean {
      return listed.has(id);
    },
    get size(): number {
      return listed.size;
    },
    /** Every incident saved, by id, with its profile. */
    all(): ReadonlyMap<string, Listed> {
      return listed;
    },
    save(incident: Incident, profile: IncidentProfile): void {
      const old = listed.get(incident.id);
      const keys = keysOf(profile);
      // Most saves add a claim without moving the incident: the new profile takes the old one's
      // places in its buckets, rather than being unlisted and listed again.
      if (old && samePlacing(old, incident, keys, profile)) {
        for (let i = 0; i < keys.length; i += 2) {
          const bucket = tiers[keys[i]!]!.get(keys[i + 1]!)!;
          const packed = profile.radiusKm! > NARROW_KM ? bucket.wide : bucket.narrow;
          const at = packed.profiles.indexOf(old.profile);
          if (at < 0) throw new Error(`incident ${incident.id} is missing from a bucket it was listed in`);
          packed.profiles[at] = profile;
        }
        listed.set(incident.id, { incident, profile, keys });
        return;
      }
      if (old) unlistAll(old);
      for (let i = 0; i < keys.length; i += 2) list(keys[i]!, keys[i + 1]!, profile);
      for (const k of coarseKeys(incident, profile)) {
        let bucket = coarse.get(k);
        if (!bucket) {
          bucket = new Map();
          coarse.set(k, bucket);
        }
        bucket.set(profile.id, { lat: incident.place!.lat!, lon: incident.place!.lon!, profile });
      }
      listed.set(incident.id, { incident, profile, keys });
    },
    retire(id: string): void {
      const old = listed.get(id);
      if (old) unlistAll(old);
      listed.delete(id);
    },
    /** Event incidents of the block's family whose place and days are compatible with it. */
    find(block: CandidateBlock): IncidentProfile[] {
      const out: IncidentProfile[] = [];
      const family = FAMILIES.indexOf(block.family);
      const { firstDay, lastDay, lat, lon, reachKm } = block;
      const lonScale = 1 / Math.max(0.05, Math.cos((lat * Math.PI) / 180));
      // An incident listed under several periods the search reads is taken from one only: the
      // period holding the first day both share (`days` is 1 for days, 7 for weeks).
      // Narrow incidents reachable lie within this band of latitudes.
      // (A hair wider than the exact test below, so rounding never drops one it would take.)
      const south = lat - (reachKm + NARROW_KM) / KM_PER_DEGREE - 1e-9;
      const north = lat + (reachKm + NARROW_KM) / KM_PER_DEGREE + 1e-9;
      const scanFrom = (packed: Packed, from: number, to: number, period: number, days: number) => {
        const nums = packed.nums;
        for (let j = from * 5; j < to * 5; j += 5) {
          const first = nums[j + 3]!;
          if (nums[j + 4]! < firstDay || first > lastDay) continue;
          if (Math.floor(Math.max(first, firstDay) / days) !== period) continue;
          // Both radii in degrees of latitude; a degree of longitude is shorter away from the equator.
          const reach = (reachKm + nums[j + 2]!) / KM_PER_DEGREE;
          if (Math.abs(nums[j]! - lat) > reach || Math.abs(nums[j + 1]! - lon) > reach * lonScale) continue;
          out.push(packed.profiles[j / 5]!);
        }
      };
      const scan = (bucket: Bucket | undefined, period: number, days: number) => {
        if (!bucket) return;
        const { narrow, wide } = bucket;
        if (narrow.profiles.length) {
          const from = firstNorthOf(narrow.nums, south, false);
          let to = from;
          while (to < narrow.profiles.length && narrow.nums[to * 5]! <= north) to++;
          scanFrom(narrow, from, to, period, days);
        }
        if (wide.profiles.length) scanFrom(wide, 0, wide.profiles.length, period, days);
      };
      for (let d = firstDay; d <= lastDay; d++) scan(tiers[0]!.get(bucketKey(d, family)), d, 1);
      for (let w = Math.floor(firstDay / WEEK); w <= Math.floor(lastDay / WEEK); w++) {
        scan(tiers[1]!.get(bucketKey(w, family)), w, WEEK);
        if (!block.coarse) continue;
        for (const c of coarse.get(bucketKey(w, family))?.values() ?? []) {
          const p = c.profile;
          if (p.lastDay! < firstDay || p.firstDay! > lastDay) continue;
          if (Math.floor(Math.max(p.firstDay!, firstDay) / WEEK) !== w) continue;
          if (Math.abs(c.lat - lat) > reachKm / KM_PER_DEGREE) continue;
          if (Math.abs(c.lon - lon) > (reachKm / KM_PER_DEGREE) * lonScale) continue;
          out.push(p);
        }
      }
      return out;
    },
  };
}

/**
 * The index of the first entry (five numbers each, latitude first) lying north of `lat`, or at
 * it unless `after`: entries are sorted by latitude.
 */
function firstNorthOf(nums: number[], lat: number, after: boolean): number {
  let lo = 0;
  let hi = nums.length / 5;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const at = nums[mid * 5]!;
    if (at < lat || (after && at === lat)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bucket keys (`bucketKey`) for periods 0 to 65,535 (days from 1970 to 2149) index an array. */
const BASE_KEY = 1_000_000 * 8;
const SLOTS = 65_536 * 8;

/**
 * Buckets by key: an array slot for the periods dates fall in, a map for any other. A search
 * reads a bucket for each day it spans, and a slot is one read where a map's lookup is several,
 * each likely a cache miss in a heap of millions of objects.
 */
class BucketTable {
  private readonly slots: (Bucket | undefined)[] = [];
  private readonly other = new Map<number, Bucket>();
  constructor() {
    // Filled up front: an array grown by writing far past its end turns into a slow dictionary.
    for (let i = 0; i < SLOTS; i++) this.slots.push(undefined);
  }
  get(key: number): Bucket | undefined {
    const i = key - BASE_KEY;
    return i >= 0 && i < SLOTS ? this.slots[i] : this.other.get(key);
  }
  set(key: number, bucket: Bucket): void {
    const i = key - BASE_KEY;
    if (i >= 0 && i < SLOTS) this.slots[i] = bucket;
    else this.other.set(key, bucket);
  }
}
