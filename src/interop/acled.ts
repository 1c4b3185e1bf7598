import {
  ACLED_EVENT_TYPES,
  type AcledEventType,
  type Actor,
  type CasualtyRange,
  isAcledType,
  noCasualties,
} from '../domain/index.ts';
import type { Result } from '../errors.ts';
import { Columns, parseDay, parseDegrees, parseWhole } from './cells.ts';
import type { ImportedEvent, RowMapper } from './imported-event.ts';

export const ACLED_DATASET = 'ACLED';
export const ACLED_SITE = 'https://acleddata.com';

/** ACLED's export columns, in ACLED's order. */
export const ACLED_COLUMNS = [
  'event_id_cnty',
  'event_date',
  'year',
  'time_precision',
  'disorder_type',
  'event_type',
  'sub_event_type',
  'actor1',
  'assoc_actor_1',
  'inter1',
  'actor2',
  'assoc_actor_2',
  'inter2',
  'interaction',
  'civilian_targeting',
  'iso',
  'region',
  'country',
  'admin1',
  'admin2',
  'admin3',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'source_scale',
  'notes',
  'fatalities',
  'tags',
  'timestamp',
] as const;

export const ACLED_REQUIRED = [
  'event_id_cnty',
  'event_date',
  'time_precision',
  'event_type',
  'sub_event_type',
  'latitude',
  'longitude',
  'geo_precision',
  'fatalities',
] as const;

/** ACLED's `disorder_type` values. */
export const ACLED_DISORDER_TYPES = [
  'Political violence',
  'Demonstrations',
  'Political violence; Demonstrations',
  'Strategic developments',
] as const;

/**
 * ACLED geo_precision → UCDP where_prec: 1 (the town itself) → 1, 2 (near a town, part of a
 * region) → 2, 3 (a larger region, its capital's coordinates) → 4 (first-order admin unit).
 */
export const WHERE_PREC_OF_GEO_PRECISION: Record<number, number> = { 1: 1, 2: 2, 3: 4 };
/** ACLED time_precision → UCDP date_prec: 1 day → 1, 2 week → 3, 3 month → 4. */
export const DATE_PREC_OF_TIME_PRECISION: Record<number, number> = { 1: 1, 2: 3, 3: 4 };

/** Reads ACLED rows (its current export, and older ones with extra columns; names match case-insensitively). */
export function acledMapper(header: string[]): Result<RowMapper> {
  const cols = new Columns(header);
  const missing = cols.missing(ACLED_REQUIRED);
  if (missing.length) {
    return {
      ok: false,
      error: `missing required ACLED column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
    };
  }
  return {
    ok: true,
    value: { format: 'acled', dataset: ACLED_DATASET, map: (fields) => mapAcledRow(cols, fields) },
  };
}

function mapAcledRow(cols: Columns, fields: readonly string[]): Result<ImportedEvent> {
  const get = (name: string) => cols.get(fields, name);
  const need = (name: string): Result<string> => {
    const v = get(name);
    return v === null ? { ok: false, error: `${name} is empty` } : { ok: true, value: v };
  };
  const id = need('event_id_cnty');
  if (!id.ok) return id;
  const dateCell = need('event_date');
  if (!dateCell.ok) return dateCell;
  // ACLED's API writes 2023-01-15; its spreadsheet exports write 15 January 2023.
  const date = parseDay(dateCell.value, 'D Month YYYY');
  if (!date.ok) return { ok: false, error: `event_date: ${date.error}` };
  const whole = (name: string, min: number, max: number): Result<number> => {
    const v = need(name);
    if (!v.ok) return v;
    const n = parseWhole(v.value, min, max);
    return n.ok ? n : { ok: false, error: `${name}: ${n.error}` };
  };
  const timePrecision = whole('time_precision', 1, 3);
  if (!timePrecision.ok) return timePrecision;
  const geoPrecision = whole('geo_precision', 1, 3);
  if (!geoPrecision.ok) return geoPrecision;
  const fatalities = whole('fatalities', 0, Number.MAX_SAFE_INTEGER);
  if (!fatalities.ok) return fatalities;
  const type = need('event_type');
  if (!type.ok) return type;
  if (!isAcledType(type.value))
    return { ok: false, error: `event_type "${type.value}" is not in ACLED's codebook` };
  const subType = need('sub_event_type');
  if (!subType.ok) return subType;
  if (!(ACLED_EVENT_TYPES[type.value] as readonly string[]).includes(subType.value)) {
    return {
      ok: false,
      error: `sub_event_type "${subType.value}" is not a sub-event type of "${type.value}"`,
    };
  }
  const lat = need('latitude');
  if (!lat.ok) return lat;
  const latitude = parseDegrees(lat.value, 'latitude');
  if (!latitude.ok) return latitude;
  const lon = need('longitude');
  if (!lon.ok) return lon;
  const longitude = parseDegrees(lon.value, 'longitude');
  if (!longitude.ok) return longitude;

  const actors: Actor[] = [];
  // ACLED says actor order implies no direction; Vigil's roles read actor1 as the one acting
  // and actor2 as the one acted on, which is how ACLED codes violence against civilians.
  const addActors = (column: string, role: Actor['role']) => {
    for (const name of (get(column) ?? '').split(';')) {
      const n = name.trim();
      if (n) actors.push({ name: n, role, text: n });
    }
  };
  addActors('actor1', 'perpetrator');
  addActors('assoc_actor_1', 'perpetrator');
  addActors('actor2', 'target');
  addActors('assoc_actor_2', 'target');
  const location = get('location');
  const wherePrec = WHERE_PREC_OF_GEO_PRECISION[geoPrecision.value]!;
  return {
    ok: true,
    value: {
      datasetId: id.value,
      type: type.value,
      subType: subType.value,
      place: {
        name: location ?? get('admin3') ?? get('admin2') ?? get('admin1') ?? get('country') ?? '',
        lat: latitude.value,
        lon: longitude.value,
        country: get('country'),
        admin1: get('admin1'),
        wherePrec,
        geoPrecision: geoPrecision.value,
        gazetteerId: null,
      },
      date: {
        start: date.value,
        end: date.value,
        precision: DATE_PREC_OF_TIME_PRECISION[timePrecision.value]!,
      },
      casualties: { ...noCasualties(), killed: acledFatalities(fatalities.value) },
      actors,
      text: get('notes') ?? '',
      published: null,
      originalSource: get('source'),
      fatalitiesAcled: fatalities.value,
      sensitiveTerms: [],
    },
  };
}

/**
 * ACLED's one fatality figure as a range. ACLED codes the lowest credible number reported
 * (and 0 when no report gives one), so the figure is a floor: the range is "at least n",
 * open-ended. Exporting it again with `conservativeFigure` gives the same n back.
 */
export function acledFatalities(n: number): CasualtyRange {
  return {
    min: n,
    max: null,
    text: `ACLED fatalities: ${n} (ACLED's conservative figure: at least ${n})`,
  };
}

/** ACLED's disorder type for one of its event and sub-event types. */
export function disorderTypeOf(type: AcledEventType, subType: string): (typeof ACLED_DISORDER_TYPES)[number] {
  switch (type) {
    case 'Battles':
    case 'Explosions/Remote violence':
    case 'Violence against civilians':
      return 'Political violence';
    case 'Protests':
      return subType === 'Excessive force against protesters'
        ? 'Political violence; Demonstrations'
        : 'Demonstrations';
    case 'Riots':
      return subType === 'Mob violence' ? 'Political violence; Demonstrations' : 'Demonstrations';
    case 'Strategic developments':
      return 'Strategic developments';
  }
}
