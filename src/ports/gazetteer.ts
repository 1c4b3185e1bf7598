/** Where a gazetteer entry came from; user entries win over imported ones, imported over the default. */
export type GazetteerOrigin = 'default' | 'import' | 'user';

/** One gazetteer entry: a named place with coordinates and administrative context. */
export interface GazetteerEntry {
  id: string;
  name: string;
  lat: number;
  lon: number;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
  /** First-order administrative unit: its name when known, else its GeoNames code. */
  admin1: string | null;
  /** GeoNames feature code (PPL, PPLA, ADM1, AIRB, …) or a user's own kind. */
  featureCode: string;
  population: number;
  alternateNames: string[];
  origin?: GazetteerOrigin;
}

export interface GazetteerQuery {
  /** Prefer places in these countries (ISO 3166-1 alpha-2), e.g. the report's country. */
  countries?: string[];
  /** Prefer places near this point (a context place such as "the Baniyas countryside"). */
  near?: { lat: number; lon: number };
}

/** A named area the extractor can fall back to: a country or a first-order region. */
export interface GazetteerArea {
  name: string;
  lat: number;
  lon: number;
  country: string;
  admin1: string | null;
}

/**
 * The loaded gazetteer, read synchronously: extraction is CPU work and consults it for every
 * place mention, so lookups must not cross an I/O boundary. Candidates come back best first.
 */
export interface PlaceIndex {
  find(name: string, query?: GazetteerQuery): GazetteerEntry[];
  /** The country's area (the mean position of its known places), or null when it has none. */
  countryArea(code: string): GazetteerArea | null;
  /** The first-order region an entry lies in, or null. */
  admin1Area(entry: GazetteerEntry): GazetteerArea | null;
  get(id: string): GazetteerEntry | null;
  size(): number;
}

/**
 * Looks places up by name. Names are matched accent-folded and through transliteration
 * variants; candidates come back best first.
 */
export interface Gazetteer {
  lookup(name: string, query?: GazetteerQuery): Promise<GazetteerEntry[]>;
  /** Adds or replaces entries (user-added villages, camps, bases, aliases). */
  add(entries: GazetteerEntry[]): Promise<void>;
  /** Another name for a known entry ("Hrisun" for a village added as "Harison"). */
  addAlias(alias: string, entryId: string): Promise<void>;
  /** Loads the gazetteer once and returns the synchronous view extraction reads. */
  index(): Promise<PlaceIndex>;
}

/**
 * Where user-added and imported places persist (the store's gazetteer role). The default
 * gazetteer is not copied here; only what users add or import.
 */
export interface GazetteerStore {
  /** Adds or replaces entries by id. */
  record(entries: GazetteerEntry[]): Promise<number>;
  recordAlias(alias: string, entryId: string): Promise<void>;
  entries(): Promise<GazetteerEntry[]>;
  aliases(): Promise<{ alias: string; entryId: string }[]>;
  get(id: string): Promise<GazetteerEntry | null>;
  count(): Promise<number>;
}
