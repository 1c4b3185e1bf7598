import type { Readable } from 'node:stream';
import type { App } from '../app.ts';
import type { Sensitivity } from '../domain/index.ts';
import { addEvidence, openEvidenceStream } from '../evidence/vault.ts';

/** What the API hands the vault for one received file. */
export interface AddEvidenceInput {
  path: string;
  fileName: string;
  incidentId?: string;
  source?: string;
  collectedBy?: string;
  collectedAt?: string;
  url?: string;
  note?: string;
  sensitivity?: Sensitivity;
  actor: string;
}

/** Adds a file to the vault (src/evidence/vault.ts); returns the item's id and hashes. */
export async function addEvidenceFile(
  app: App,
  input: AddEvidenceInput,
): Promise<{ id: string; sha256: string; duplicate: boolean }> {
  const result = await addEvidence(app.evidence, input);
  return { id: result.item.id, sha256: result.item.sha256, duplicate: result.duplicate };
}

/** Opens an evidentiary copy for download, as a stream. */
export function openEvidence(app: App, evidenceId: string): Promise<Readable> {
  return openEvidenceStream(app.evidence, evidenceId);
}
