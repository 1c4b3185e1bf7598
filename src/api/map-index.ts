import type { Grade } from '../domain/index.ts';
import type { DayCount, MapPoint } from '../ports/incident-search.ts';
import type { Store } from '../ports/store.ts';

/** The map's filters that the in-memory index answers (others go to the store). */
export interface MapQuery {
  bbox?: [number, number, number, number];
  from?: string;
  to?: string;
  type?: string;
  grade?: string;
  publishedOnly: boolean;
  /** Whether places where people hide may be drawn (roles that see sensitive fields). */
  withHiding: boolean;
}

const MAX_FEATURES = 50_000;
const CACHE_SIZE = 256;

/** Days since 1970 (0 for no date; every real date in the record is later). */
const day = (s: string | null): number =>
  s ? Math.floor(Date.parse(`${s.slice(0, 10)}T00:00:00Z`) / 86_400_000) || 0 : 0;

/**
 * Every incident's map point, held in memory and answered without touching the store: the
 * map is the busiest view (every pan and every timeline click asks again). Points are sorted
 * by their first day, so a date filter scans only the days that can overlap it (back to the
 * longest span any incident has); the box is tested on typed arrays. The index
 * reloads when the ledger grows (checked at most once a second, and at once after a write
 * made through this server); answers are cached per query until then.
 */
export class MapIndex {
  private points: MapPoint[] = [];
  private lat = new Float64Array(0);
  private lon = new Float64Array(0);
  private start = new Int32Array(0);
  private end = new Int32Array(0);
  /** The longest date range of any incident, in days: how far back a date filter must look. */
  private maxSpan = 0;
  private loaded: Promise<void> | null = null;
  private ledgerSize = -1;
  private checkedAt = 0;
  private cache = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly recheckMs = 1000,
    /** Answers kept per distinct query (0: compute every answer, as the benchmark's worst case). */
    private readonly cacheSize = CACHE_SIZE,
  ) {}

  /** Forgets everything: the next query reloads (after a write through the API). */
  invalidate(): void {
    this.checkedAt = 0;
    this.ledgerSize = -1;
  }

  /** The incidents matching `q` as a GeoJSON FeatureCollection (serialized). */
  async geojson(q: MapQuery): Promise<string> {
    await this.fresh();
    const key = JSON.stringify(q);
    const hit = this.cacheSize > 0 ? this.cache.get(key) : undefined;
    if (hit !== undefined) return hit;
    const features: string[] = [];
    let total = 0;
    this.scan(q, (p) => {
      total++;
      if (features.length >= MAX_FEATURES) return;
      features.push(
        `{"type":"Feature","geometry":{"type":"Point","coordinates":[${p.lon},${p.lat}]},"properties":${JSON.stringify(
          { id: p.id, type: p.type, grade: p.grade, date: p.date, kmin: p.killedMin, kmax: p.killedMax },
        )}}`,
      );
    });
    const body = `{"type":"FeatureCollection","total":${total},"truncated":${total > features.length},"features":[${features.join(',')}]}`;
    if (this.cacheSize === 0) return body;
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, body);
    return body;
  }

  /** Incidents and casualties per day and grade (the timeline), for the same filters. */
  async days(q: MapQuery): Promise<DayCount[]> {
    await this.fresh();
    const byKey = new Map<string, DayCount>();
    this.scan(q, (p) => {
      if (!p.date) return;
      const key = `${p.date}|${p.grade}`;
      const found = byKey.get(key) ?? { day: p.date, grade: p.grade as Grade, incidents: 0, killedMin: 0 };
      found.incidents++;
      found.killedMin += p.killedMin ?? 0;
      byKey.set(key, found);
    });
    return [...byKey.values()].sort((a, b) => a.day.localeCompare(b.day) || a.grade.localeCompare(b.grade));
  }

  private scan(q: MapQuery, visit: (p: MapPoint) => void): void {
    const from = q.from ? day(q.from) : 0;
    const to = q.to ? day(q.to) : 0;
    const [west, south, east, north] = q.bbox ?? [-180, -90, 180, 90];
    const { lat, lon, start, end, points } = this;
    // Undated points sort first (day 0); a date filter skips them and starts where a point
    // beginning `maxSpan` days before `from` could still reach it.
    let first = 0;
    let last = points.length;
    if (from) first = lowerBound(start, from - this.maxSpan);
    if (to) last = lowerBound(start, to + 1);
    for (let i = first; i < last; i++) {
      if (from && (end[i] === 0 || end[i]! < from)) continue;
      if (to && (start[i] === 0 || start[i]! > to)) continue;
      const y = lat[i]!;
      const x = lon[i]!;
      if (y < south || y > north || x < west || x > east) continue;
      const p = points[i]!;
      if (q.type && p.type !== q.type) continue;
      if (q.grade && p.grade !== q.grade) continue;
      if (q.publishedOnly && !p.published) continue;
      if (!q.withHiding && p.hiding) continue;
      visit(p);
    }
  }

  private async fresh(): Promise<void> {
    const now = Date.now();
    if (this.loaded && now - this.checkedAt < this.recheckMs) return this.loaded;
    this.checkedAt = now;
    const size = await this.store.ledger.size();
    if (size !== this.ledgerSize || !this.loaded) {
      this.ledgerSize = size;
      this.loaded = this.load();
    }
    return this.loaded;
  }

  private async load(): Promise<void> {
    const points = await this.store.search.points({ limit: Number.MAX_SAFE_INTEGER });
    const firstDay = new Map(points.map((p) => [p, day(p.date)]));
    points.sort((a, b) => firstDay.get(a)! - firstDay.get(b)!);
    const n = points.length;
    let maxSpan = 0;
    const lat = new Float64Array(n);
    const lon = new Float64Array(n);
    const start = new Int32Array(n);
    const end = new Int32Array(n);
    points.forEach((p, i) => {
      lat[i] = p.lat;
      lon[i] = p.lon;
      start[i] = day(p.date);
      end[i] = day(p.dateEnd ?? p.date);
      if (start[i]! > 0) maxSpan = Math.max(maxSpan, end[i]! - start[i]!);
    });
    Object.assign(this, { points, lat, lon, start, end, maxSpan });
    this.cache.clear();
  }
}

/** The first index whose value is at least `value` in an ascending array. */
function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
