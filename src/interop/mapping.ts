import { z } from 'zod';
import {
  type Actor,
  type CasualtyKind,
  type CasualtyRange,
  datePrecFromSpan,
  EVENT_TYPE_NAMES,
  type EventType,
  geoPrecisionFromWherePrec,
  isSubTypeOf,
  noCasualties,
} from '../domain/index.ts';
import type { Result } from '../errors.ts';
import { Columns, DATE_FORMATS, parseCount, parseDay, parseDegrees, parseWhole } from './cells.ts';
import type { ImportedEvent, RowMapper } from './imported-event.ts';

const Column = z.string().min(1);

/**
 * A column-mapping file: how the columns of any CSV become an incident. Only `dataset` and
 * `columns.date` are required; an event type comes from `columns.type` (translated through
 * `values.type`) or from `defaults.type`. `sensitive` names columns whose values must never
 * reach a role without permission (a witness's name): they are masked wherever they appear.
 */
export const ColumnMapping = z
  .object({
    dataset: z.string().min(1),
    site: z.string().nullable().default(null),
    delimiter: z.string().length(1).default(','),
    dateFormat: z.enum(DATE_FORMATS).default('YYYY-MM-DD'),
    nullValues: z.array(z.string()).default(['']),
    columns: z
      .object({
        id: Column.optional(),
        date: Column,
        dateEnd: Column.optional(),
        datePrecision: Column.optional(),
        type: Column.optional(),
        subType: Column.optional(),
        place: Column.optional(),
        country: Column.optional(),
        admin1: Column.optional(),
        lat: Column.optional(),
        lon: Column.optional(),
        wherePrecision: Column.optional(),
        killed: Column.optional(),
        injured: Column.optional(),
        abducted: Column.optional(),
        displaced: Column.optional(),
        perpetrator: Column.optional(),
        target: Column.optional(),
        text: z.union([Column, z.array(Column).min(1)]).optional(),
        source: Column.optional(),
        published: Column.optional(),
      })
      .strict(),
    values: z
      .object({
        type: z.record(z.string(), z.enum(EVENT_TYPE_NAMES as [EventType, ...EventType[]])).default({}),
        subType: z.record(z.string(), z.string()).default({}),
      })
      .strict()
      .default({ type: {}, subType: {} }),
    defaults: z
      .object({
        type: z.enum(EVENT_TYPE_NAMES as [EventType, ...EventType[]]).optional(),
        subType: z.string().optional(),
        datePrecision: z.number().int().min(1).max(5).default(1),
        wherePrecision: z.number().int().min(1).max(7).default(2),
      })
      .strict()
      .default({ datePrecision: 1, wherePrecision: 2 }),
    sensitive: z.array(Column).default([]),
  })
  .strict()
  .refine((m) => m.columns.type !== undefined || m.defaults.type !== undefined, {
    message: 'give columns.type or defaults.type (every incident needs an event type)',
    path: ['columns', 'type'],
  });
export type ColumnMapping = z.infer<typeof ColumnMapping>;

/** Reads a mapping file's JSON, or says which field of it is wrong. */
export function parseMapping(json: unknown): Result<ColumnMapping> {
  const parsed = ColumnMapping.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, error: `${issue.path.join('.') || '(top level)'}: ${issue.message}` };
}

/** Reads the rows of a CSV through a mapping; every column the mapping names must be in the header. */
export function mappedMapper(mapping: ColumnMapping, header: string[]): Result<RowMapper> {
  const cols = new Columns(header, new Set(mapping.nullValues));
  const named = [
    ...Object.values(mapping.columns).flatMap((c) => (Array.isArray(c) ? c : [c])),
    ...mapping.sensitive,
  ].filter((c): c is string => typeof c === 'string');
  const missing = cols.missing([...new Set(named)]);
  if (missing.length) {
    return {
      ok: false,
      error: `the mapping names column${missing.length > 1 ? 's' : ''} the header lacks: ${missing.join(', ')}`,
    };
  }
  return {
    ok: true,
    value: { format: 'csv', dataset: mapping.dataset, map: (fields) => mapRow(mapping, cols, fields) },
  };
}

function mapRow(m: ColumnMapping, cols: Columns, fields: readonly string[]): Result<ImportedEvent> {
  const c = m.columns;
  const get = (name: string | undefined) => (name === undefined ? null : cols.get(fields, name));
  const day = (name: string | undefined): Result<string | null> => {
    const v = get(name);
    if (v === null) return { ok: true, value: null };
    const d = parseDay(v, m.dateFormat);
    return d.ok ? d : { ok: false, error: `${name}: ${d.error}` };
  };
  const start = day(c.date);
  if (!start.ok) return start;
  if (start.value === null) return { ok: false, error: `${c.date} is empty` };
  const end = day(c.dateEnd);
  if (!end.ok) return end;
  if (end.value !== null && end.value < start.value) {
    return { ok: false, error: `${c.dateEnd} ${end.value} is before ${c.date} ${start.value}` };
  }
  const precision = (name: string | undefined, max: number, fallback: number): Result<number> => {
    const v = get(name);
    if (v === null) return { ok: true, value: fallback };
    const n = parseWhole(v, 1, max);
    return n.ok ? n : { ok: false, error: `${name}: ${n.error}` };
  };
  // Without a precision column, a span of days is as precise as its length allows.
  const spanned =
    end.value !== null && end.value !== start.value
      ? datePrecFromSpan(daysBetween(start.value, end.value))
      : 1;
  const datePrec = precision(c.datePrecision, 5, Math.max(m.defaults.datePrecision, spanned));
  if (!datePrec.ok) return datePrec;
  const wherePrec = precision(c.wherePrecision, 7, m.defaults.wherePrecision);
  if (!wherePrec.ok) return wherePrec;

  const rawType = get(c.type);
  const type = rawType === null ? m.defaults.type : (m.values.type[rawType] ?? rawType);
  if (type === undefined)
    return { ok: false, error: `${c.type} is empty and the mapping has no defaults.type` };
  if (!(EVENT_TYPE_NAMES as string[]).includes(type)) {
    return { ok: false, error: `${c.type}: "${rawType}" is not an event type (map it in values.type)` };
  }
  const rawSub = get(c.subType);
  const subType = rawSub === null ? (m.defaults.subType ?? null) : (m.values.subType[rawSub] ?? rawSub);
  if (subType !== null && !isSubTypeOf(type as EventType, subType)) {
    return {
      ok: false,
      error: `${c.subType ?? 'defaults.subType'}: "${subType}" is not a sub-type of "${type}"`,
    };
  }

  const latCell = get(c.lat);
  const lonCell = get(c.lon);
  if ((latCell === null) !== (lonCell === null)) {
    return { ok: false, error: 'a row needs both latitude and longitude, or neither' };
  }
  let lat: number | null = null;
  let lon: number | null = null;
  if (latCell !== null && lonCell !== null) {
    const la = parseDegrees(latCell, 'latitude');
    if (!la.ok) return la;
    const lo = parseDegrees(lonCell, 'longitude');
    if (!lo.ok) return lo;
    [lat, lon] = [la.value, lo.value];
  }
  const casualties = noCasualties();
  const kinds: [CasualtyKind, string | undefined][] = [
    ['killed', c.killed],
    ['injured', c.injured],
    ['abducted', c.abducted],
    ['displaced', c.displaced],
  ];
  for (const [kind, column] of kinds) {
    const v = get(column);
    if (v === null) continue;
    const range: Result<CasualtyRange> = parseCount(v);
    if (!range.ok) return { ok: false, error: `${column}: ${range.error}` };
    casualties[kind] = range.value;
  }
  const placeName = get(c.place);
  const country = get(c.country);
  const admin1 = get(c.admin1);
  const hasPlace = placeName !== null || lat !== null || country !== null || admin1 !== null;
  const actors: Actor[] = [];
  const perpetrator = get(c.perpetrator);
  const target = get(c.target);
  if (perpetrator) actors.push({ name: perpetrator, role: 'perpetrator', text: perpetrator });
  if (target) actors.push({ name: target, role: 'target', text: target });
  const textColumns = c.text === undefined ? [] : Array.isArray(c.text) ? c.text : [c.text];
  const published = day(c.published);
  if (!published.ok) return published;
  return {
    ok: true,
    value: {
      datasetId: get(c.id),
      type: type as EventType,
      subType,
      place: hasPlace
        ? {
            name: placeName ?? admin1 ?? country ?? '',
            lat,
            lon,
            country,
            admin1,
            wherePrec: wherePrec.value,
            geoPrecision: geoPrecisionFromWherePrec(wherePrec.value),
            gazetteerId: null,
          }
        : null,
      date: { start: start.value, end: end.value ?? start.value, precision: datePrec.value },
      casualties,
      actors,
      text: textColumns
        .map((t) => get(t))
        .filter((t): t is string => Boolean(t))
        .join('\n'),
      published: published.value,
      originalSource: get(c.source),
      fatalitiesAcled: null,
      sensitiveTerms: m.sensitive.map((s) => get(s)).filter((v): v is string => Boolean(v)),
    },
  };
}

/** Days from `start` to `end`, both included (ISO dates). */
function daysBetween(start: string, end: string): number {
  return Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000) + 1;
}
