import {
  type Actor,
  type CasualtyRange,
  type EventType,
  geoPrecisionFromWherePrec,
  noCasualties,
} from '../domain/index.ts';
import type { Result } from '../errors.ts';
import { Columns, parseDay, parseDegrees, parseWhole } from './cells.ts';
import type { ImportedEvent, RowMapper } from './imported-event.ts';

export const UCDP_DATASET = 'UCDP GED';
export const UCDP_SITE = 'https://ucdp.uu.se';

/** The columns of UCDP GED (version 23.1 and later), in UCDP's order. */
export const UCDP_COLUMNS = [
  'id',
  'relid',
  'year',
  'active_year',
  'code_status',
  'type_of_violence',
  'conflict_dset_id',
  'conflict_new_id',
  'conflict_name',
  'dyad_dset_id',
  'dyad_new_id',
  'dyad_name',
  'side_a_dset_id',
  'side_a_new_id',
  'side_a',
  'side_b_dset_id',
  'side_b_new_id',
  'side_b',
  'number_of_sources',
  'source_article',
  'source_office',
  'source_date',
  'source_headline',
  'source_original',
  'where_prec',
  'where_coordinates',
  'where_description',
  'adm_1',
  'adm_2',
  'latitude',
  'longitude',
  'geom_wkt',
  'priogrid_gid',
  'country',
  'country_id',
  'region',
  'event_clarity',
  'date_prec',
  'date_start',
  'date_end',
  'deaths_a',
  'deaths_b',
  'deaths_civilians',
  'deaths_unknown',
  'best',
  'high',
  'low',
  'gwnoa',
  'gwnob',
] as const;

/** Without these a row cannot become an incident with its dates, place, precision and deaths. */
export const UCDP_REQUIRED = [
  'id',
  'type_of_violence',
  'where_prec',
  'latitude',
  'longitude',
  'date_prec',
  'date_start',
  'date_end',
  'best',
  'high',
  'low',
] as const;

/**
 * UCDP `type_of_violence` as an event type: 1 state-based and 2 non-state conflict are
 * armed clashes between organised parties; 3 one-sided violence is violence against civilians.
 */
export const UCDP_VIOLENCE_TYPES: Record<number, [EventType, string]> = {
  1: ['Battles', 'Armed clash'],
  2: ['Battles', 'Armed clash'],
  3: ['Violence against civilians', 'Attack'],
};

/** Reads UCDP GED rows. UCDP's R exports write `NA` for a missing value; both it and an empty cell read as absent. */
export function ucdpMapper(header: string[]): Result<RowMapper> {
  const cols = new Columns(header, new Set(['', 'NA']));
  const missing = cols.missing(UCDP_REQUIRED);
  if (missing.length) {
    return {
      ok: false,
      error: `missing required UCDP column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
    };
  }
  return {
    ok: true,
    value: {
      format: 'ucdp',
      dataset: UCDP_DATASET,
      map: (fields, words = true) => mapUcdpRow(cols, fields, words),
    },
  };
}

// The row readers below are module functions, not closures made per row: a 400,000-row
// import calls them millions of times.
function need(cols: Columns, fields: readonly string[], name: string): Result<string> {
  const v = cols.get(fields, name);
  return v === null ? { ok: false, error: `${name} is empty` } : { ok: true, value: v };
}

function whole(
  cols: Columns,
  fields: readonly string[],
  name: string,
  min: number,
  max: number,
): Result<number> {
  const v = need(cols, fields, name);
  if (!v.ok) return v;
  const n = parseWhole(v.value, min, max);
  return n.ok ? n : { ok: false, error: `${name}: ${n.error}` };
}

function day(cols: Columns, fields: readonly string[], name: string): Result<string> {
  const v = need(cols, fields, name);
  if (!v.ok) return v;
  const d = parseDay(v.value);
  return d.ok ? d : { ok: false, error: `${name}: ${d.error}` };
}

function degrees(cols: Columns, fields: readonly string[], name: 'latitude' | 'longitude'): Result<number> {
  const v = need(cols, fields, name);
  return v.ok ? parseDegrees(v.value, name) : v;
}

function mapUcdpRow(cols: Columns, fields: readonly string[], words: boolean): Result<ImportedEvent> {
  const get = (name: string) => cols.get(fields, name);
  const id = need(cols, fields, 'id');
  if (!id.ok) return id;
  const violence = whole(cols, fields, 'type_of_violence', 1, 3);
  if (!violence.ok) return violence;
  const wherePrec = whole(cols, fields, 'where_prec', 1, 7);
  if (!wherePrec.ok) return wherePrec;
  const datePrec = whole(cols, fields, 'date_prec', 1, 5);
  if (!datePrec.ok) return datePrec;
  const start = day(cols, fields, 'date_start');
  if (!start.ok) return start;
  const end = day(cols, fields, 'date_end');
  if (!end.ok) return end;
  if (end.value < start.value) {
    return { ok: false, error: `date_end ${end.value} is before date_start ${start.value}` };
  }
  const lat = degrees(cols, fields, 'latitude');
  if (!lat.ok) return lat;
  const lon = degrees(cols, fields, 'longitude');
  if (!lon.ok) return lon;
  const low = whole(cols, fields, 'low', 0, Number.MAX_SAFE_INTEGER);
  if (!low.ok) return low;
  const best = whole(cols, fields, 'best', 0, Number.MAX_SAFE_INTEGER);
  if (!best.ok) return best;
  const high = whole(cols, fields, 'high', 0, Number.MAX_SAFE_INTEGER);
  if (!high.ok) return high;

  const [type, subType] = UCDP_VIOLENCE_TYPES[violence.value]!;
  const country = get('country');
  const actors: Actor[] = [];
  let text = '';
  let published: string | null = null;
  // The row's words (actors, text, publication day) make its derived report and claim; an
  // import stores only the incident, so it asks without them.
  if (words) {
    const sideA = get('side_a');
    const sideB = get('side_b');
    if (sideA) actors.push({ name: sideA, role: 'perpetrator', text: sideA });
    if (sideB) actors.push({ name: sideB, role: 'target', text: sideB });
    text = [get('source_headline'), get('source_article')].filter((s): s is string => Boolean(s)).join('\n');
    const first = (get('source_date') ?? '')
      .split(';')
      .map((d) => parseDay(d.trim()))
      .find((d) => d.ok);
    published = first?.ok ? first.value : null;
  }
  const description = get('where_description');
  return {
    ok: true,
    value: {
      datasetId: id.value,
      type,
      subType,
      place: {
        name: get('where_coordinates') ?? get('adm_2') ?? get('adm_1') ?? country ?? '',
        lat: lat.value,
        lon: lon.value,
        country,
        admin1: get('adm_1'),
        wherePrec: wherePrec.value,
        geoPrecision: geoPrecisionFromWherePrec(wherePrec.value),
        gazetteerId: null,
        ...(description ? { text: description } : {}),
      },
      date: { start: start.value, end: end.value, precision: datePrec.value },
      casualties: { ...noCasualties(), killed: ucdpDeaths(low.value, best.value, high.value) },
      actors,
      text,
      published,
      originalSource: words ? get('source_original') : null,
      fatalitiesAcled: null,
      sensitiveTerms: [],
    },
  };
}

/**
 * UCDP's low / best / high deaths as a range. UCDP's coding occasionally has best outside
 * [low, high] or low above high; the range then spans all three, and the exporter gives the
 * dataset's own three figures back while the range is unchanged (see `ucdpFiguresFor`).
 */
export function ucdpDeaths(low: number, best: number, high: number): CasualtyRange {
  return {
    min: Math.min(low, best, high),
    max: Math.max(low, best, high),
    best,
    text: `UCDP GED deaths: low ${low}, best ${best}, high ${high}`,
  };
}

/**
 * The low / best / high an incident's killed range exports as. When the range is still the one
 * imported from a UCDP row, that row's own figures come back unchanged; otherwise the range
 * speaks: low its minimum, best its best (else the minimum, the conservative choice), high its
 * maximum (else, open-ended, its minimum: UCDP has no way to say "at least").
 */
export function ucdpFiguresFor(
  killed: CasualtyRange | null,
  row: { low: string | null; best: string | null; high: string | null } | null,
): { low: number; best: number; high: number } | null {
  if (row && row.low !== null && row.best !== null && row.high !== null) {
    const [low, best, high] = [Number(row.low), Number(row.best), Number(row.high)];
    const imported = ucdpDeaths(low, best, high);
    if (killed && killed.min === imported.min && killed.max === imported.max && killed.best === best) {
      return { low, best, high };
    }
  }
  // No figure at all stays empty: a zero would claim that nobody died.
  if (!killed) return null;
  const best = killed.best ?? killed.min;
  return { low: killed.min, best, high: killed.max ?? Math.max(killed.min, best) };
}
