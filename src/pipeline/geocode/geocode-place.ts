import type { Place } from '../../domain/place.ts';
import { geoPrecisionFromWherePrec } from '../../domain/precision.ts';
import type { GazetteerArea, GazetteerEntry, PlaceIndex } from '../../ports/gazetteer.ts';
import type { PlaceMention } from '../extract/places.ts';
import { countryName } from './countries.ts';
import { foldName } from './fold-name.ts';

/** What geocoding knows about the report a mention comes from. */
export interface GeocodeContext {
  /** Countries the report is about, most mentioned first. */
  countries: string[];
}

const MAJOR = new Set(['PPLC', 'PPLA', 'ADM1']);

function isMajor(e: GazetteerEntry): boolean {
  return MAJOR.has(e.featureCode) || e.population >= 100_000;
}

function toPlace(
  name: string,
  text: string,
  at: { lat: number; lon: number },
  wherePrec: number,
  country: string | null,
  admin1: string | null,
  gazetteerId: string | null,
): Place {
  return {
    name,
    lat: at.lat,
    lon: at.lon,
    country,
    admin1,
    wherePrec,
    geoPrecision: geoPrecisionFromWherePrec(wherePrec),
    gazetteerId,
    text,
  };
}

/**
 * The gazetteer entry a mention names, if a plausible one exists. A bare name (no "in", no
 * "the town of") must be a major place or lie in the report's country, so that "Police" or
 * "Adam" never become towns in Poland or Oman.
 */
export function bestEntry(
  m: PlaceMention,
  index: PlaceIndex,
  ctx: GeocodeContext,
  near?: { lat: number; lon: number },
): GazetteerEntry | null {
  let candidates = index.find(m.name, { countries: ctx.countries, near });
  if (!candidates.length && m.lookup) candidates = index.find(m.lookup, { countries: ctx.countries, near });
  const top = candidates[0];
  if (!top) return null;
  const home = ctx.countries.length === 0 || (top.country !== null && ctx.countries.includes(top.country));
  if (top.origin === 'user' || top.origin === 'import') return top;
  if (m.cue) {
    if (home) return top;
    // Abroad: only a well-known place called by its own name ("Åbo" is Turku to a Finn, not
    // a place a Syrian report means by "Abo").
    const own = foldName(top.name) === foldName(m.name);
    return isMajor(top) && (own || top.featureCode === 'PPLC' || top.population >= 500_000) ? top : null;
  }
  if (home && ctx.countries.length > 0 && (top.population >= 1_000 || isMajor(top))) return top;
  return isMajor(top) && top.population >= 50_000 ? top : null;
}

function areaPlace(name: string, text: string, area: GazetteerArea, wherePrec: number): Place {
  return toPlace(name, text, area, wherePrec, area.country, area.admin1, null);
}

/**
 * Turns a place mention into a Place with an honest precision: a named town is UCDP
 * where_prec 1; "near", "countryside of" or "south of" a town is 2; a district 3; a
 * province 4; part of a country 5; a country 6. A name the gazetteer does not know keeps its
 * name and takes the position of its context ("Harison in the Baniyas countryside" → the
 * Baniyas area, precision 2), or of the report's country (6). Never invented coordinates.
 */
export function geocodeMention(m: PlaceMention, index: PlaceIndex, ctx: GeocodeContext): Place | null {
  if (m.country && (m.relation === 'country' || m.relation === 'region')) {
    const area = index.countryArea(m.country);
    const name = countryName(m.country) ?? m.name;
    if (!area) return null;
    return areaPlace(
      m.relation === 'region' ? m.phrase : name,
      m.phrase,
      area,
      m.relation === 'region' ? 5 : 6,
    );
  }
  const contextPlace = m.context ? geocodeMention(m.context, index, ctx) : null;
  const near =
    contextPlace?.lat != null && contextPlace.lon != null
      ? { lat: contextPlace.lat, lon: contextPlace.lon }
      : undefined;
  const entry = bestEntry(m, index, ctx, near);
  if (entry) {
    const admin =
      entry.featureCode === 'ADM1' ||
      (m.relation === 'admin1' && (entry.featureCode === 'PPLA' || entry.featureCode === 'PPLC'));
    if (admin) {
      const area = index.admin1Area(entry);
      if (area) return toPlace(m.name, m.phrase, area, 4, entry.country, area.name, entry.id);
    }
    const wherePrec =
      m.relation === 'near'
        ? 2
        : m.relation === 'admin2' || entry.featureCode === 'ADM2'
          ? 3
          : m.relation === 'admin1'
            ? 4
            : 1;
    return toPlace(m.name, m.phrase, entry, wherePrec, entry.country, entry.admin1, entry.id);
  }
  // Unknown name: the nearest resolvable context, one step coarser.
  if (contextPlace && contextPlace.lat !== null && contextPlace.lon !== null) {
    const wherePrec = Math.max(contextPlace.wherePrec, 2);
    return toPlace(
      m.name,
      m.phrase,
      { lat: contextPlace.lat, lon: contextPlace.lon },
      wherePrec,
      contextPlace.country,
      contextPlace.admin1,
      null,
    );
  }
  return null;
}

/** The report's country as a place for a named spot nothing else locates. */
export function countryFallback(
  name: string,
  text: string,
  index: PlaceIndex,
  ctx: GeocodeContext,
): Place | null {
  const code = ctx.countries[0];
  const area = code ? index.countryArea(code) : null;
  return area ? areaPlace(name, text, area, 6) : null;
}
