import { z } from 'zod';
import { DatePrec } from './precision.ts';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/**
 * When something happened: an inclusive day range with UCDP precision. `inferred` marks a
 * date Vigil assumed (no date in the text: the week up to publication).
 */
export const DateRange = z.object({
  start: IsoDate,
  end: IsoDate,
  precision: DatePrec,
  inferred: z.boolean().optional(),
  text: z.string().optional(),
});
export type DateRange = z.infer<typeof DateRange>;
export { IsoDate };

/** English month names, lower case, January first: shared by every reader of written dates. */
export const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;
