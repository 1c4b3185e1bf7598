import { z } from 'zod';
import { Sensitivity } from './sensitivity.ts';

/**
 * A media or document file in the vault. The evidentiary copy is addressed by `sha256` and
 * never modified; working copies live apart and link back to it.
 */
export const EvidenceItem = z.object({
  id: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  md5: z.string().regex(/^[0-9a-f]{32}$/),
  size: z.number().int().nonnegative(),
  mediaType: z.string(),
  fileName: z.string(),
  addedAt: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  /** Marks sensitive parts (who collected a witness's media): src/domain/redaction.ts. */
  sensitivity: Sensitivity.optional(),
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;

/** Evidence a source says exists but that the vault does not hold yet. */
export const PendingEvidence = z.object({
  id: z.string(),
  incidentId: z.string(),
  described: z.string().min(1),
  heldBy: z.string().min(1),
  recordedAt: z.string(),
  evidenceId: z.string().nullable(),
});
export type PendingEvidence = z.infer<typeof PendingEvidence>;
