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

/** What can happen to an evidence item; each is a custody event (Berkeley Protocol). */
export const CUSTODY_ACTIONS = [
  'add',
  'view',
  'download',
  'export',
  'transfer',
  'annotation',
  'link',
  /** A working copy (thumbnail, redacted version, transcode) was made from the item. */
  'derive',
] as const;
export const CustodyAction = z.enum(CUSTODY_ACTIONS);
export type CustodyAction = z.infer<typeof CustodyAction>;

/**
 * One link in an item's chain of custody: who did what to it, when and why. Append-only;
 * `detail` holds what the action needs (the receiving custodian of a transfer, the incident
 * of a link, the file name and collector of an add).
 */
export const CustodyEvent = z.object({
  id: z.string(),
  evidenceId: z.string(),
  action: CustodyAction,
  actor: z.string().min(1),
  at: z.string(),
  reason: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type CustodyEvent = z.infer<typeof CustodyEvent>;

/** An evidence item linked to an incident; `pendingId` names the pending evidence it fulfils. */
export const EvidenceLink = z.object({
  id: z.string(),
  evidenceId: z.string(),
  incidentId: z.string(),
  linkedAt: z.string(),
  linkedBy: z.string(),
  pendingId: z.string().nullable(),
});
export type EvidenceLink = z.infer<typeof EvidenceLink>;

export const WORKING_COPY_ROLES = ['thumbnail', 'redacted', 'transcode', 'other'] as const;

/**
 * A file made from an evidence item (a thumbnail, a redacted version, a transcode). Stored
 * apart from the evidentiary copy, which is never modified; `evidenceId` links it back.
 */
export const WorkingCopy = z.object({
  id: z.string(),
  evidenceId: z.string(),
  role: z.enum(WORKING_COPY_ROLES),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  mediaType: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  note: z.string().nullable(),
});
export type WorkingCopy = z.infer<typeof WorkingCopy>;
