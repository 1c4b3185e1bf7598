import { z } from 'zod';
import { IsoDate } from './date-range.ts';

/**
 * The parts of a field submission that could expose a person: who the witness is and how to
 * reach them, which account submitted it, and where people are hiding. Only roles allowed to
 * see sensitive fields ever receive them (src/domain/redaction.ts).
 */
export const IntakeSensitive = z.object({
  witnessName: z.string().nullable(),
  witnessContact: z.string().nullable(),
  /** The account that submitted it (its user name). */
  submitter: z.string().nullable(),
  /** The exact location of people in hiding, in the submitter's words or coordinates. */
  hidingPlace: z.string().nullable(),
  hidingLat: z.number().min(-90).max(90).nullable(),
  hidingLon: z.number().min(-180).max(180).nullable(),
});
export type IntakeSensitive = z.infer<typeof IntakeSensitive>;

/**
 * A field submission: testimony text plus media, received through the intake endpoint. The
 * testimony becomes a report (source kind `witness`, named generically, never after the
 * person); the media become evidence items; the sensitive section stays in the intake record.
 */
export const IntakeSubmission = z.object({
  id: z.string(),
  receivedAt: z.string(),
  testimony: z.string(),
  /** Where and when it happened, as the witness puts it (not where they are now). */
  placeName: z.string().nullable(),
  occurredOn: IsoDate.nullable(),
  language: z.string().nullable(),
  sensitive: IntakeSensitive,
  reportId: z.string().nullable(),
  evidenceIds: z.array(z.string()),
});
export type IntakeSubmission = z.infer<typeof IntakeSubmission>;
