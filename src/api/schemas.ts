import { z } from 'zod';
import { EVENT_TYPE_NAMES, type EventType, GRADES, IsoDate } from '../domain/index.ts';
import type { IncidentQuery } from '../ports/incident-search.ts';

/** An id in a path: short, printable, no path separators. */
export const Id = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:-]+$/, 'expected an id (letters, digits, ".", "_", ":" or "-")');

export const IdParams = z.object({ id: Id });

/** A whole number in a query string, within bounds. */
export function intParam(min: number, max: number, fallback: number) {
  return z
    .string()
    .regex(/^\d{1,9}$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((v) => v ?? fallback);
}

const NUM = '-?\\d{1,3}(?:\\.\\d{1,12})?';
const BBOX = new RegExp(`^${NUM},${NUM},${NUM},${NUM}$`);

/** `west,south,east,north` in degrees (WGS84). */
export const Bbox = z
  .string()
  .regex(BBOX, 'expected west,south,east,north in decimal degrees')
  .transform((s) => s.split(',').map(Number) as [number, number, number, number])
  .refine(
    ([w, s, e, n]) => w >= -180 && e <= 180 && s >= -90 && n <= 90 && w <= e && s <= n,
    'expected west <= east within -180..180 and south <= north within -90..90',
  );

const Words = z.string().trim().min(1).max(200);

/** The filters every incident listing accepts (the dashboard's filters, in its URL too). */
export const IncidentFilters = z.object({
  bbox: Bbox.optional().describe('west,south,east,north in degrees'),
  from: IsoDate.optional().describe('incidents that end on or after this day'),
  to: IsoDate.optional().describe('incidents that start on or before this day'),
  type: z.enum(EVENT_TYPE_NAMES as [EventType, ...EventType[]]).optional(),
  grade: z.enum(GRADES).optional(),
  source: Words.optional().describe('a source name: incidents with a claim from its reports'),
  origin: Words.optional().describe('an origin group: incidents with a claim from a source in it'),
  q: Words.optional().describe('full-text search over the reports behind each incident'),
});

export const IncidentListQuery = IncidentFilters.extend({
  limit: intParam(1, 1000, 100),
  offset: intParam(0, 10_000_000, 0),
});

export type IncidentFilterInput = z.output<typeof IncidentFilters>;

/** The store query for validated filters. */
export function toIncidentQuery(f: IncidentFilterInput): IncidentQuery {
  return {
    bbox: f.bbox,
    from: f.from,
    to: f.to,
    type: f.type,
    grade: f.grade,
    source: f.source,
    origin: f.origin,
    text: f.q,
  };
}

/** A review edit's reason and the version it was made on (optimistic concurrency). */
export const ReviewBase = z.object({
  reason: z.string().trim().min(3, 'say why, in a few words').max(2000),
  expectedVersion: z.number().int().positive().optional(),
});

export const Ok = z.object({ ok: z.literal(true) });

/** Every error reply. */
export const ErrorReply = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

export const errorResponses = {
  400: { description: 'bad input', schema: ErrorReply },
  401: { description: 'not logged in', schema: ErrorReply },
  403: { description: 'the role may not do this', schema: ErrorReply },
} as const;
