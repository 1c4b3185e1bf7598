import { z } from 'zod';
import { Casualties } from './casualties.ts';
import { DateRange } from './date-range.ts';
import { Grade } from './grade.ts';
import { Place } from './place.ts';
import { Sensitivity } from './sensitivity.ts';
import { EVENT_TYPE_NAMES, type EventType } from './taxonomy.ts';

/**
 * One real-world event as Vigil believes it happened, built from one or more claims (or imported
 * from one dataset row).
 * `version` increases on every change and guards analysts' edits (optimistic concurrency).
 * `gradeReason` says in plain words why the incident has its grade.
 */
export const Incident = z.object({
  id: z.string(),
  type: z.enum(EVENT_TYPE_NAMES as [EventType, ...EventType[]]),
  subType: z.string().nullable(),
  place: Place.nullable(),
  /** For displacement: where people went (`place` is where they fled from), when known. */
  destination: Place.nullable().optional(),
  date: DateRange.nullable(),
  casualties: Casualties,
  grade: Grade,
  gradeReason: z.string(),
  independence: z.number().int().nonnegative(),
  /**
   * The claims it is built from: at least one, except for an incident imported from a dataset
   * row, which stands on that row (its claim is derived from the kept row, not stored:
   * src/interop/dataset-records.ts).
   */
  claimIds: z.array(z.string()),
  published: z.boolean(),
  version: z.number().int().positive(),
  updatedAt: z.string(),
  /** Marks sensitive parts, inherited from its claims: src/domain/redaction.ts. */
  sensitivity: Sensitivity.optional(),
});
export type Incident = z.infer<typeof Incident>;
