import type { Claim, Incident } from '../../domain/index.ts';
import { countryName } from '../../pipeline/geocode/countries.ts';
import type { DatasetRow } from '../../ports/import-store.ts';

export const EXPORT_FORMATS = ['acled', 'ucdp', 'geojson', 'hxl', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * One incident as an exporter sees it, already redacted for the role asking: the incident, the
 * dataset row it was imported from (if any), and its claims when the exporter asked for them.
 */
export interface ExportItem {
  incident: Incident;
  origin: DatasetRow | null;
  claims: Claim[];
}

/**
 * Writes one format as text pieces: `head`, then `item` for every incident, then `tail`. An
 * item the format cannot carry (an event type ACLED does not code) is left out with a reason,
 * counted in the export's summary. `claims` says which items need their claims loaded.
 */
export interface Exporter {
  format: ExportFormat;
  mediaType: string;
  claims: 'all' | 'unimported' | 'none';
  head(): string;
  item(item: ExportItem): { text: string } | { skip: string };
  tail(): string;
}

/** One RFC 4180 CSV line (CRLF-terminated); null and undefined are empty cells. */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const s = v === null || v === undefined ? '' : typeof v === 'number' ? num(v) : v;
    if (i > 0) out += ',';
    out += /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }
  return `${out}\r\n`;
}

/**
 * A number as CSV text: JavaScript's shortest round-trip form (so 36.558974 stays 36.558974),
 * but never exponent notation, which spreadsheets and GIS tools misread in a coordinate.
 */
export function num(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n
    .toFixed(12)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

/** The distinct sources a set of claims is attributed to, in order. */
export function sourcesOf(claims: readonly Claim[]): string[] {
  return [...new Set(claims.map((c) => c.attribution.source).filter((s): s is string => Boolean(s)))];
}

/** The first actor in these claims with this role. */
export function actorOf(claims: readonly Claim[], role: 'perpetrator' | 'target'): string | null {
  for (const c of claims) {
    const a = c.actors.find((x) => x.role === role);
    if (a) return a.name;
  }
  return null;
}

/** The claims' quotes, most salient first, as one short text. */
export function notesOf(claims: readonly Claim[], max = 3): string {
  return [...claims]
    .sort((a, b) => b.salience - a.salience)
    .slice(0, max)
    .map((c) => c.quote.trim())
    .filter(Boolean)
    .join(' ');
}

/**
 * A place's country as datasets write it: its English name. Vigil's geocoder keeps ISO 3166
 * alpha-2 codes ("SY"); imported rows keep the dataset's own name ("Syria").
 */
export function countryLabel(country: string | null | undefined): string {
  if (!country) return '';
  return /^[A-Z]{2}$/.test(country) ? (countryName(country) ?? country) : country;
}
