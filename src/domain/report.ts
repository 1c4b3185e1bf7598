import { z } from 'zod';
import { Sensitivity } from './sensitivity.ts';

export const REPORT_STATUSES = ['parsed', 'unparsed'] as const;

/**
 * One ingested document. Immutable once parsed: its text and metadata derive from the
 * original bytes (`originalSha256`), which are kept verbatim. A container (a feed, a JSON
 * Lines file) yields one report per item, told apart by `itemKey`. An `unparsed` report
 * keeps its bytes and the reason, so `vigil reprocess` can try again with a fixed parser.
 */
export const Report = z.object({
  id: z.string(),
  originalSha256: z.string().regex(/^[0-9a-f]{64}$/),
  itemKey: z.string(),
  status: z.enum(REPORT_STATUSES),
  reason: z.string().nullable(),
  text: z.string(),
  title: z.string().nullable(),
  url: z.string().nullable(),
  sourceName: z.string().nullable(),
  published: z.string().nullable(),
  language: z.string().nullable(),
  mediaType: z.string(),
  ingestedAt: z.string(),
  /** Marks sensitive parts (a field submission's witness): src/domain/redaction.ts. */
  sensitivity: Sensitivity.optional(),
  /** The intake submission this report was made from, when it came through the intake. */
  intakeId: z.string().optional(),
});
export type Report = z.infer<typeof Report>;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
