import { z } from 'zod';
import type { Claim } from '../../domain/claim.ts';
import { STANCES } from '../../domain/claim.ts';
import { EVENT_TYPE_NAMES } from '../../domain/taxonomy.ts';

const Range = z
  .object({
    min: z.number().int().min(0),
    max: z.number().int().min(0).nullable(),
    text: z.string(),
  })
  .strict();

const EventPlace = z
  .object({
    name: z.string(),
    lat: z.number().min(-90).max(90).nullable(),
    lon: z.number().min(-180).max(180).nullable(),
    country: z.string().nullable(),
    admin1: z.string().nullable(),
    wherePrec: z.number().int().min(1).max(7),
    geoPrecision: z.number().int().min(1).max(3),
    gazetteerId: z.string().nullable(),
  })
  .strict();

/** One event of the `vigil extract` contract (docs/extract-schema.json). */
export const ExtractEvent = z
  .object({
    type: z.enum(EVENT_TYPE_NAMES as [string, ...string[]]),
    subType: z.string().nullable(),
    date: z
      .object({
        start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        end: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        precision: z.number().int().min(1).max(5),
        inferred: z.boolean(),
      })
      .strict()
      .nullable(),
    place: EventPlace.nullable(),
    actors: z.array(
      z.object({ name: z.string(), role: z.enum(['perpetrator', 'target']), text: z.string() }).strict(),
    ),
    casualties: z
      .object({
        killed: Range.nullable(),
        injured: Range.nullable(),
        abducted: Range.nullable(),
        displaced: Range.nullable(),
      })
      .strict(),
    fatalitiesAcled: z.number().int().min(0).nullable(),
    attribution: z
      .object({ source: z.string().nullable(), stance: z.enum(STANCES), modality: z.boolean() })
      .strict(),
    quote: z.string(),
    span: z.tuple([z.number().int().min(0), z.number().int().min(0)]),
    /** Extras beyond the fixed contract: the event's own id, the words that name it, … */
    id: z.string(),
    trigger: z.string().nullable(),
    repeatOf: z.string().nullable(),
    destination: EventPlace.nullable(),
    evidenceMentioned: z.string().nullable(),
    flags: z.array(z.string()),
  })
  .strict();
export type ExtractEvent = z.infer<typeof ExtractEvent>;

/** One line of `vigil extract` output. `language` is what was detected, null when unsure. */
export const ExtractRecord = z
  .object({
    id: z.string(),
    language: z.string().nullable(),
    events: z.array(ExtractEvent),
  })
  .strict();
export type ExtractRecord = z.infer<typeof ExtractRecord>;

const placeOut = (p: Claim['place'] | undefined) =>
  p
    ? {
        name: p.name,
        lat: p.lat,
        lon: p.lon,
        country: p.country,
        admin1: p.admin1,
        wherePrec: p.wherePrec,
        geoPrecision: p.geoPrecision,
        gazetteerId: p.gazetteerId,
      }
    : null;

/** Claims as the stable `vigil extract` record: events by salience, the main event first. */
export function toExtractRecord(id: string, language: string | null, claims: Claim[]): ExtractRecord {
  const ordered = [...claims].sort((a, b) => b.salience - a.salience || a.ordinal - b.ordinal);
  return {
    id,
    language,
    events: ordered.map((c) => ({
      type: c.type,
      subType: c.subType,
      date: c.date
        ? {
            start: c.date.start,
            end: c.date.end,
            precision: c.date.precision,
            inferred: Boolean(c.date.inferred),
          }
        : null,
      place: placeOut(c.place),
      actors: c.actors.map(({ name, role, text }) => ({ name, role, text })),
      casualties: {
        killed: c.casualties.killed,
        injured: c.casualties.injured,
        abducted: c.casualties.abducted,
        displaced: c.casualties.displaced,
      },
      fatalitiesAcled: c.fatalitiesAcled,
      attribution: {
        source: c.attribution.source,
        stance: c.attribution.stance,
        modality: c.attribution.modality,
      },
      quote: c.quote,
      span: c.span,
      id: c.id,
      trigger: c.trigger ?? null,
      repeatOf: c.repeatOf,
      destination: placeOut(c.destination),
      evidenceMentioned: c.evidenceMentioned ?? null,
      flags: c.flags ?? [],
    })),
  };
}
