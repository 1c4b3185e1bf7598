import type { GazetteerEntry, GazetteerOrigin } from '../../ports/gazetteer.ts';

// Feature classes worth naming in a report: populated places (P), administrative units (A),
// spots such as air bases, camps and prisons (S), mountains (T) and areas (L). Streams, roads
// and undersea features are left out.
const KEPT_CLASSES = new Set(['P', 'A', 'S', 'T', 'L']);
const KEPT_ADMIN = new Set(['ADM1', 'ADM2', 'ADM3', 'ADMD']);

/** An entry parsed from a dump line; alternate names are split only when someone reads them. */
class DumpEntry implements GazetteerEntry {
  constructor(
    readonly id: string,
    readonly name: string,
    readonly lat: number,
    readonly lon: number,
    readonly country: string | null,
    public admin1: string | null,
    readonly featureCode: string,
    readonly population: number,
    private readonly altRaw: string,
    readonly asciiName: string,
    readonly origin: GazetteerOrigin,
  ) {}
  get alternateNames(): string[] {
    const names = this.altRaw ? this.altRaw.split(',') : [];
    if (this.asciiName && this.asciiName !== this.name) names.push(this.asciiName);
    return names;
  }
  /** Names worth indexing: Latin and Arabic script only (reports are English, places Arabic). */
  indexNames(withAlternates: boolean): string[] {
    const out = this.asciiName && this.asciiName !== this.name ? [this.asciiName] : [];
    if (!this.altRaw || !withAlternates) return out;
    for (const a of this.altRaw.split(',')) if (latinOrArabic(a)) out.push(a);
    return out;
  }
  toJSON(): GazetteerEntry {
    const { id, name, lat, lon, country, admin1, featureCode, population, alternateNames, origin } = this;
    return { id, name, lat, lon, country, admin1, featureCode, population, alternateNames, origin };
  }
}

function latinOrArabic(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (
      c < 0x250 ||
      (c >= 0x600 && c <= 0x6ff) ||
      (c >= 0x1e00 && c <= 0x1eff) ||
      c === 0x2018 ||
      c === 0x2019 ||
      c === 0x2bf ||
      c === 0x2be
    )
      continue;
    return false;
  }
  return true;
}

export interface DumpParse {
  entries: GazetteerEntry[];
  /** Lines that were not 19 tab-separated columns with numeric coordinates. */
  rejected: number;
  /** The first rejected line's number (1-based), for the error message. */
  firstRejectedLine: number | null;
}

/**
 * Parses a GeoNames dump (cities500.txt, SY.txt, allCountries.txt): 19 tab-separated columns
 * per line. Admin-1 codes become names where the dump says them (an ADM1 row, else the
 * region's capital, a PPLA row). A 50,000-row country dump parses in
 * well under a second.
 */
export function parseGeoNamesDump(text: string, origin: GazetteerOrigin): DumpParse {
  const entries: DumpEntry[] = [];
  let rejected = 0;
  let firstRejectedLine: number | null = null;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (!line || line.startsWith('#')) continue;
    const c = line.split('\t', 15);
    const lat = c.length >= 15 ? Number(c[4]) : Number.NaN;
    const lon = c.length >= 15 ? Number(c[5]) : Number.NaN;
    if (
      !c[4] ||
      !c[5] ||
      !Number.isFinite(lat) ||
      !Number.isFinite(lon) ||
      Math.abs(lat) > 90 ||
      Math.abs(lon) > 180
    ) {
      rejected++;
      firstRejectedLine ??= i + 1;
      continue;
    }
    const featureClass = c[6]!;
    const featureCode = c[7]!;
    if (!KEPT_CLASSES.has(featureClass) || (featureClass === 'A' && !KEPT_ADMIN.has(featureCode))) continue;
    entries.push(
      new DumpEntry(
        `geonames:${c[0]}`,
        c[1]!,
        lat,
        lon,
        c[8] || null,
        c[10] || null,
        featureCode || featureClass,
        Number(c[14]) || 0,
        c[3]!,
        c[2]!,
        origin,
      ),
    );
  }
  nameAdmin1(entries);
  return { entries, rejected, firstRejectedLine };
}

function nameAdmin1(entries: DumpEntry[]): void {
  const names = new Map<string, { name: string; rank: number }>();
  for (const e of entries) {
    if (!e.country || !e.admin1) continue;
    const rank = e.featureCode === 'ADM1' ? 2 : e.featureCode === 'PPLA' || e.featureCode === 'PPLC' ? 1 : 0;
    if (!rank) continue;
    const key = `${e.country}.${e.admin1}`;
    if ((names.get(key)?.rank ?? 0) < rank) names.set(key, { name: e.asciiName || e.name, rank });
  }
  for (const e of entries) {
    if (!e.country || !e.admin1) continue;
    const named = names.get(`${e.country}.${e.admin1}`);
    if (named) e.admin1 = named.name;
  }
}

/**
 * The names of an entry the index should key besides its name. Alternate names of the
 * default dump's small places are left to the per-country index (`withAlternates: false`):
 * indexing all 1.2 million of them up front would cost seconds at every start.
 */
export function namesToIndex(entry: GazetteerEntry, withAlternates = true): string[] {
  if (!(entry instanceof DumpEntry)) return entry.alternateNames;
  const major =
    entry.origin !== 'default' ||
    entry.population >= 15_000 ||
    entry.featureCode === 'PPLA' ||
    entry.featureCode === 'PPLC';
  return entry.indexNames(withAlternates || major);
}
