import { z } from 'zod';

/** The queues Vigil's workers serve, in pipeline order. */
export const QUEUES = {
  /** Original bytes (already in the shared blob store) to parse into reports. */
  ingest: 'vigil-ingest',
  /** A parsed report whose claims to extract. */
  extract: 'vigil-extract',
  /** A report whose claims to resolve into incidents. */
  resolve: 'vigil-resolve',
  /** An evidence file to process (hash check, metadata, working copies). */
  evidence: 'vigil-evidence',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * One input to ingest. The enqueuer has already put its bytes in the blob store (shared by
 * every worker), so a worker on another machine needs only the address.
 */
export const IngestJob = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  label: z.string(),
  kind: z.enum(['file', 'url', 'stdin']),
  url: z.string().nullable(),
  published: z.string().optional(),
  source: z.string().optional(),
  actor: z.string(),
});
export type IngestJob = z.infer<typeof IngestJob>;

/** A report for the extraction or the resolution stage. */
export const ReportJob = z.object({
  reportId: z.string().min(1),
  actor: z.string(),
});
export type ReportJob = z.infer<typeof ReportJob>;

/** An evidence file for the evidence stage; what it carries is the evidence stage's business. */
export const EvidenceJob = z.object({ actor: z.string() }).catchall(z.unknown());
export type EvidenceJob = z.infer<typeof EvidenceJob>;
