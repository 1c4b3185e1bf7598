import type { Grade, Incident } from '../domain/index.ts';
import type { IncidentFilter } from './store.ts';

/** Every filter the dashboard and the API offer over incidents. */
export interface IncidentQuery extends IncidentFilter {
  /** Incidents with a claim from a report by this source (its name). */
  source?: string;
  /** Incidents with a claim from a source in this origin group. */
  origin?: string;
  /** Full-text search over the reports the incident's claims come from. */
  text?: string;
  /**
   * Whether full-text search may match reports marked sensitive (field testimony). False for
   * roles that may not see sensitive fields, so a search cannot confirm a witness's name.
   */
  searchSensitive?: boolean;
  /** Only published incidents (the public's view). */
  publishedOnly?: boolean;
}

/** One incident as a point on the map: just what drawing it needs. */
export interface MapPoint {
  id: string;
  lon: number;
  lat: number;
  type: string;
  grade: Grade;
  date: string | null;
  dateEnd: string | null;
  killedMin: number | null;
  killedMax: number | null;
  published: boolean;
  /** The place is flagged as where people hide: never drawn for roles without permission. */
  hiding: boolean;
}

/** Incidents and casualties of one day and one grade (the timeline's stacked bars). */
export interface DayCount {
  day: string;
  grade: Grade;
  incidents: number;
  killedMin: number;
}

/**
 * Read-only queries over incidents for the map, the timeline and the API's lists. `points`
 * returns only incidents with coordinates, capped at `limit` (default 20,000).
 */
export interface IncidentSearch {
  find(query: IncidentQuery): Promise<{ incidents: Incident[]; total: number }>;
  points(query: IncidentQuery): Promise<MapPoint[]>;
  days(query: IncidentQuery): Promise<DayCount[]>;
}
