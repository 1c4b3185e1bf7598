import { z } from 'zod';
import { GeoPrecision, WherePrec } from './precision.ts';

/**
 * Where something happened, as precisely as the words allow. A place the gazetteer does not
 * know keeps its `name` and takes the coordinates of the nearest resolvable context with an
 * honest (coarser) precision; coordinates are never invented.
 */
export const Place = z.object({
  name: z.string(),
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  country: z.string().nullable(),
  admin1: z.string().nullable(),
  wherePrec: WherePrec,
  geoPrecision: GeoPrecision,
  gazetteerId: z.string().nullable(),
  /** The words in the text the place came from. */
  text: z.string().optional(),
  /**
   * People are hiding here: the exact location is sensitive. Roles without permission see it
   * coarsened to its region, without coordinates (src/domain/redaction.ts).
   */
  hiding: z.boolean().optional(),
});
export type Place = z.infer<typeof Place>;
