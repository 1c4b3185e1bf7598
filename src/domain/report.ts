import { z } from 'zod';

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
});
export type Report = z.infer<typeof Report>;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
