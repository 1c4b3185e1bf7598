import { z } from 'zod';

export const SOURCE_KINDS = [
  'outlet',
  'wire',
  'monitor',
  'rights-group',
  'ministry',
  'armed-party',
  'witness',
  'dataset',
  'unknown',
] as const;

/**
 * Who published a report. `originGroup` judges independence: sources in one group (a
 * ministry and the state news agency) count as one origin. Analysts may edit it.
 */
export const Source = z.object({
  id: z.string(),
  name: z.string().min(1),
  kind: z.enum(SOURCE_KINDS),
  originGroup: z.string().min(1),
  site: z.string().nullable(),
});
export type Source = z.infer<typeof Source>;
export type SourceKind = (typeof SOURCE_KINDS)[number];
