import { z } from 'zod';
import { Casualties } from './casualties.ts';
import { DateRange } from './date-range.ts';
import { Place } from './place.ts';
import { Sensitivity } from './sensitivity.ts';
import { EVENT_TYPE_NAMES, type EventType } from './taxonomy.ts';

export const STANCES = [
  'asserted',
  'reported',
  'alleged',
  'unverified',
  'denied',
  'official',
  'call',
] as const;
export const Stance = z.enum(STANCES);
export type Stance = z.infer<typeof Stance>;

/** Who makes a statement and how sure they are. `source: null` is an unnamed source. */
export const Attribution = z.object({
  source: z.string().nullable(),
  stance: Stance,
  /** Hedged wording ("could number", "may have"). */
  modality: z.boolean(),
  text: z.string().optional(),
  /**
   * What the statement rests on, when that changes how it counts: `fact-check` on a denial that
   * is a fact-check's verdict ("Verdict: False": shown false, not disputed by a party);
   * `footage` on a claim whose event is what a video is said to show (its time and place are
   * the video's, unknown until verified). docs/resolution.md, "Grades" and "Footage".
   */
  basis: z.enum(['fact-check', 'footage']).optional(),
});
export type Attribution = z.infer<typeof Attribution>;

export const ACTOR_ROLES = ['perpetrator', 'target'] as const;
export const Actor = z.object({
  name: z.string(),
  role: z.enum(ACTOR_ROLES),
  text: z.string(),
});
export type Actor = z.infer<typeof Actor>;

/**
 * One statement in one report about one event. `span` is [start, end) in the report text;
 * `quote` is the sentence it sits in. `repeatOf` names an earlier claim of the same report
 * that says the same thing (a paragraph told twice).
 */
export const Claim = z.object({
  id: z.string(),
  reportId: z.string(),
  ordinal: z.number().int().nonnegative(),
  span: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  quote: z.string(),
  type: z.enum(EVENT_TYPE_NAMES as [EventType, ...EventType[]]),
  subType: z.string().nullable(),
  attribution: Attribution,
  place: Place.nullable(),
  /** For displacement: where people went (`place` is where they fled from), when known. */
  destination: Place.nullable().optional(),
  date: DateRange.nullable(),
  actors: z.array(Actor),
  casualties: Casualties,
  fatalitiesAcled: z.number().int().nonnegative().nullable(),
  repeatOf: z.string().nullable(),
  salience: z.number(),
  /** Marks sensitive parts (a witness's name in an intake testimony): src/domain/redaction.ts. */
  sensitivity: Sensitivity.optional(),
  /** The words that name the event ("looting", "shelled"), for showing the working. */
  trigger: z.string().optional(),
  /** Claims of one sentence share it: one statement may carry several events. */
  sentence: z.number().int().nonnegative().optional(),
  /**
   * How a field was obtained when the text did not say it outright: `date-inferred`,
   * `date-inherited`, `place-inherited`, `place-fallback`, `modality`, `historical`.
   */
  flags: z.array(z.string()).optional(),
  /** Evidence the statement says exists but Vigil does not hold ("documented with video"). */
  evidenceMentioned: z.string().nullable().optional(),
});
export type Claim = z.infer<typeof Claim>;
