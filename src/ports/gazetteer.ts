/** One gazetteer entry: a named place with coordinates and administrative context. */
export interface GazetteerEntry {
  id: string;
  name: string;
  lat: number;
  lon: number;
  country: string | null;
  admin1: string | null;
  /** GeoNames feature code (PPL, PPLA, ADM1, AIRB, …) or a user's own kind. */
  featureCode: string;
  population: number;
  alternateNames: string[];
}

export interface GazetteerQuery {
  /** Prefer places in these countries (ISO 3166-1 alpha-2), e.g. the report's country. */
  countries?: string[];
  /** Prefer places near this point (a context place such as "the Baniyas countryside"). */
  near?: { lat: number; lon: number };
}

/**
 * Looks places up by name. Names are matched accent-folded and through transliteration
 * variants; candidates come back best first.
 */
export interface Gazetteer {
  lookup(name: string, query?: GazetteerQuery): Promise<GazetteerEntry[]>;
  /** Adds or replaces entries (user-added villages, camps, bases, aliases). */
  add(entries: GazetteerEntry[]): Promise<void>;
}
