import type { Incident } from '../../domain/index.ts';
import { UCDP_COLUMNS, UCDP_VIOLENCE_TYPES, ucdpFiguresFor } from '../ucdp.ts';
import {
  actorOf,
  countryLabel,
  csvLine,
  type Exporter,
  type ExportItem,
  notesOf,
  num,
  sourcesOf,
} from './exporter.ts';

type UcdpColumn = (typeof UCDP_COLUMNS)[number];

/**
 * UCDP GED-style CSV: UCDP's 49 columns in UCDP's order. Dates, coordinates, where_prec,
 * date_prec and low / best / high always come from the incident as it stands; an incident
 * imported from UCDP keeps the rest of its original row (conflict, dyad, sides, sources).
 * Missing values are empty cells.
 */
export function ucdpExporter(): Exporter {
  return {
    format: 'ucdp',
    mediaType: 'text/csv; charset=utf-8',
    claims: 'unimported',
    head: () => csvLine(UCDP_COLUMNS),
    item(item) {
      const row = ucdpRow(item);
      return { text: csvLine(UCDP_COLUMNS.map((c) => row[c] ?? '')) };
    },
    tail: () => '',
  };
}

export function ucdpRow({ incident, origin, claims }: ExportItem): Partial<Record<UcdpColumn, string>> {
  const row: Partial<Record<UcdpColumn, string>> = {};
  const fromUcdp = origin?.format === 'ucdp' ? origin.fields : null;
  if (fromUcdp) {
    for (const c of UCDP_COLUMNS) {
      const v = fromUcdp[c];
      // UCDP's R exports write NA for a missing value; this export writes an empty cell.
      if (v !== undefined && v !== 'NA') row[c] = v;
    }
  } else {
    const perpetrator = actorOf(claims, 'perpetrator');
    const target = actorOf(claims, 'target');
    const sources = sourcesOf(claims);
    Object.assign(row, {
      id: incident.id,
      side_a: perpetrator ?? '',
      side_b: target ?? '',
      number_of_sources: String(incident.independence),
      source_article: notesOf(claims),
      source_original: sources.join('; '),
      where_coordinates: incident.place?.name ?? '',
      where_description: incident.place?.text ?? '',
      adm_1: incident.place?.admin1 ?? '',
      country: countryLabel(incident.place?.country),
    });
  }
  const violence = violenceOf(incident);
  if (!fromUcdp || UCDP_VIOLENCE_TYPES[Number(fromUcdp.type_of_violence)]?.[0] !== incident.type) {
    row.type_of_violence = violence === null ? '' : String(violence);
  }
  const { date, place } = incident;
  if (date) {
    if (!fromUcdp || fromUcdp.date_start?.slice(0, 10) !== date.start) row.year = date.start.slice(0, 4);
    row.date_start = date.start;
    row.date_end = date.end;
    row.date_prec = String(date.precision);
  } else {
    row.date_start = row.date_end = row.date_prec = row.year = '';
  }
  if (place) {
    row.where_prec = String(place.wherePrec);
    row.latitude = place.lat === null ? '' : num(place.lat);
    row.longitude = place.lon === null ? '' : num(place.lon);
    row.geom_wkt =
      place.lat === null || place.lon === null ? '' : `POINT (${num(place.lon)} ${num(place.lat)})`;
  } else {
    row.where_prec = row.latitude = row.longitude = row.geom_wkt = '';
  }
  const killed = incident.casualties.killed;
  const figures = ucdpFiguresFor(
    killed,
    fromUcdp ? { low: fromUcdp.low ?? null, best: fromUcdp.best ?? null, high: fromUcdp.high ?? null } : null,
  );
  const unchanged =
    fromUcdp !== null &&
    figures !== null &&
    String(figures.best) === fromUcdp.best &&
    String(figures.low) === fromUcdp.low &&
    String(figures.high) === fromUcdp.high;
  row.low = figures ? String(figures.low) : '';
  row.best = figures ? String(figures.best) : '';
  row.high = figures ? String(figures.high) : '';
  if (!unchanged) {
    // UCDP splits best by side; Vigil knows only whether the dead were civilians (one-sided violence).
    const best = figures ? String(figures.best) : '';
    row.deaths_a = row.deaths_b = figures ? '0' : '';
    row.deaths_civilians = violence === 3 ? best : figures ? '0' : '';
    row.deaths_unknown = violence === 3 ? (figures ? '0' : '') : best;
  }
  return row;
}

/** UCDP's type of violence for a Vigil event type, when one applies. */
function violenceOf(incident: Incident): 1 | 2 | 3 | null {
  if (incident.type === 'Violence against civilians') return 3;
  // State-based (1) and non-state (2) conflict differ by who fights; Vigil does not know it.
  return null;
}
