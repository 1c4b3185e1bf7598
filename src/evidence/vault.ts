import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { EvidenceItem, Sensitivity, WorkingCopy } from '../domain/index.ts';
import { InputError, NotFoundError, VigilError } from '../errors.ts';
import type { StagedFile } from '../ports/evidence-vault.ts';
import type { Store } from '../ports/store.ts';
import {
  appendCustody,
  type EvidenceDeps,
  evidenceIdFor,
  getEvidence,
  KIND,
  linkInside,
  requireIncident,
  workingCopyIdFor,
} from './custody.ts';
import { detectFileType, HEAD_BYTES } from './file-type.ts';
import { probeMedia } from './media-probe.ts';
import { findRelated, fingerprintRows, printsByItem, type Relation } from './similarity.ts';

export {
  custodyChain,
  type EvidenceDeps,
  evidenceForIncident,
  expectEvidence,
  getEvidence,
  linkEvidence,
  pendingForIncident,
  recordCustody,
} from './custody.ts';
export type { Relation } from './similarity.ts';

export interface AddEvidenceInput {
  /** Where the bytes are now (a file the user named, or the API's temporary upload). */
  path: string;
  /** The name it arrived under (kept; never trusted for its type). */
  fileName: string;
  incidentId?: string;
  /** Fulfils this pending-evidence record (and links to its incident). */
  pendingId?: string;
  source?: string;
  collectedBy?: string;
  /** When it was collected: an ISO 8601 date or date-time, kept as given. */
  collectedAt?: string;
  url?: string;
  note?: string;
  sensitivity?: Sensitivity;
  actor: string;
  onProgress?: (bytes: number) => void;
}

export interface AddEvidenceResult {
  item: EvidenceItem;
  /** The same bytes were already held: no new item, a second custody event on the old one. */
  duplicate: boolean;
  /** Held items that look the same or related (perceptual hashes). */
  related: Relation[];
  /** What could not be read from the file (no ffprobe, a corrupt image, …). */
  warnings: string[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Adds a file to the vault: streams it once through SHA-256 and MD5 into a staging copy (the
 * original is only read), reads its type from its bytes and its metadata, computes perceptual
 * hashes and a thumbnail, moves the copy into place read-only, and records the item, its
 * custody event, thumbnail, links and ledger entries in one transaction. The same bytes
 * again make no second item, only a custody event (and any new link). Bad input (an empty
 * file, a file that changes while read) is refused with an InputError and nothing is stored.
 */
export async function addEvidence(deps: EvidenceDeps, input: AddEvidenceInput): Promise<AddEvidenceResult> {
  const fileName = input.fileName?.trim();
  if (!fileName) throw new InputError('evidence needs the name it arrived under');
  if (!input.actor?.trim()) throw new InputError('evidence needs the name of who adds it');
  if (input.collectedAt !== undefined && !ISO_DATE.test(input.collectedAt.trim())) {
    throw new InputError(`collected-at must be an ISO 8601 date or date-time, got "${input.collectedAt}"`);
  }
  if (input.incidentId) await requireIncident(deps.store, input.incidentId);
  let incidentId = input.incidentId;
  if (input.pendingId) {
    const pending = await deps.store.pendingEvidence.get(input.pendingId);
    if (!pending) throw new NotFoundError(`no pending evidence ${input.pendingId}`);
    incidentId ??= pending.incidentId;
  }
  const info = await stat(input.path).catch(() => null);
  if (!info) throw new InputError(`cannot read ${fileName}: no such file`);
  if (!info.isFile()) throw new InputError(`${fileName} is not a regular file`);
  if (info.size === 0) throw new InputError(`${fileName} is empty (0 bytes): there is nothing to preserve`);

  const staged = await named(fileName, input.path, () =>
    deps.vault.stage(input.path, { onProgress: input.onProgress }),
  );
  const at = deps.clock.now().toISOString();
  const collection = {
    fileName,
    ...pick(input, ['source', 'collectedBy', 'collectedAt', 'url', 'note'] as const),
  };
  try {
    const held = await deps.store.evidence.findBySha256(staged.sha256);
    if (held) {
      await deps.vault.discard(staged);
      return await addAgain(deps, held, { ...input, incidentId }, collection, at);
    }
    return await addNew(deps, staged, { ...input, incidentId }, collection, at);
  } catch (error) {
    await deps.vault.discard(staged);
    throw error;
  }
}

async function addAgain(
  deps: EvidenceDeps,
  held: EvidenceItem,
  input: AddEvidenceInput,
  collection: Record<string, unknown>,
  at: string,
): Promise<AddEvidenceResult> {
  await deps.store.atomically(async (tx) => {
    await appendCustody(tx, {
      evidenceId: held.id,
      action: 'add',
      actor: input.actor,
      at,
      reason: input.note,
      detail: { ...collection, duplicate: true },
    });
    if (input.incidentId) await linkInside(tx, { ...linkFields(held.id, input), at });
  });
  return {
    item: held,
    duplicate: true,
    related: (held.metadata.related as Relation[] | undefined) ?? [],
    warnings: [],
  };
}

async function addNew(
  deps: EvidenceDeps,
  staged: StagedFile,
  input: AddEvidenceInput,
  collection: Record<string, unknown>,
  at: string,
): Promise<AddEvidenceResult> {
  const type = detectFileType(await readHead(staged.path));
  const probe = await probeMedia(staged.path, type, deps.tools);
  const id = evidenceIdFor(staged.sha256);
  const related = probe.print
    ? findRelated(probe.print, printsByItem(await deps.store.evidence.fingerprints()), id)
    : [];
  const item: EvidenceItem = {
    id,
    sha256: staged.sha256,
    md5: staged.md5,
    size: staged.size,
    mediaType: type.mediaType,
    fileName: collection.fileName as string,
    addedAt: at,
    metadata: {
      ...pick(input, ['source', 'collectedBy', 'collectedAt', 'url', 'note'] as const),
      addedBy: input.actor,
      fileType: { kind: type.kind, detail: type.detail },
      ...probe.metadata,
      ...(probe.print ? { perceptual: probe.print } : {}),
      related,
      notes: probe.notes,
    },
    ...(input.sensitivity ? { sensitivity: input.sensitivity } : {}),
  };
  const thumbnail = probe.thumbnail ? await deps.vault.putWorking(probe.thumbnail) : null;
  const placed = await deps.vault.commit(staged);
  try {
    await deps.store.atomically(async (tx) => {
      await tx.evidence.record(item, probe.print ? fingerprintRows(id, probe.print) : []);
      await tx.ledger.append({ kind: KIND.evidenceAdded, subject: id, actor: input.actor, at, record: item });
      await appendCustody(tx, {
        evidenceId: id,
        action: 'add',
        actor: input.actor,
        at,
        reason: input.note,
        detail: collection,
      });
      if (thumbnail) {
        await recordWorkingCopy(tx, {
          id: workingCopyIdFor(id, 'thumbnail', thumbnail.sha256),
          evidenceId: id,
          role: 'thumbnail',
          sha256: thumbnail.sha256,
          size: thumbnail.size,
          mediaType: 'image/jpeg',
          createdAt: at,
          createdBy: input.actor,
          note: 'made on arrival',
        });
      }
      if (input.incidentId) await linkInside(tx, { ...linkFields(id, input), at });
    });
  } catch (error) {
    // Another add of the same bytes may have recorded them first (then its record needs this
    // file, and this add becomes a second custody event); otherwise nothing may be half
    // stored, so the copy that was just placed goes too.
    const raced = await deps.store.evidence.findBySha256(staged.sha256);
    if (raced) return addAgain(deps, raced, input, collection, at);
    if (!placed.existed) await deps.vault.rollback(staged.sha256);
    throw error;
  }
  return { item, duplicate: false, related, warnings: probe.notes };
}

function linkFields(evidenceId: string, input: AddEvidenceInput) {
  return {
    evidenceId,
    incidentId: input.incidentId!,
    actor: input.actor,
    reason: input.note,
    pendingId: input.pendingId,
  };
}

async function recordWorkingCopy(tx: Store, copy: WorkingCopy): Promise<void> {
  await tx.evidence.recordWorkingCopy(copy);
  await tx.ledger.append({
    kind: KIND.workingCopy,
    subject: copy.id,
    actor: copy.createdBy,
    at: copy.createdAt,
    record: copy,
  });
  await appendCustody(tx, {
    evidenceId: copy.evidenceId,
    action: 'derive',
    actor: copy.createdBy,
    at: copy.createdAt,
    reason: copy.note,
    detail: { workingCopyId: copy.id, role: copy.role, sha256: copy.sha256 },
  });
}

/**
 * Stores a working copy someone made from an item (a redacted version, a transcode) apart
 * from the evidentiary copy, and records it as a `derive` custody event.
 */
export async function addWorkingCopy(
  deps: EvidenceDeps,
  input: { evidenceId: string; path: string; role: WorkingCopy['role']; actor: string; note?: string },
): Promise<WorkingCopy> {
  await getEvidence(deps, input.evidenceId);
  const info = await stat(input.path).catch(() => null);
  if (!info?.isFile()) throw new InputError(`cannot read ${input.path}: no such file`);
  if (info.size === 0) throw new InputError(`${input.path} is empty (0 bytes)`);
  const stored = await deps.vault.putWorkingFile(input.path);
  const copy: WorkingCopy = {
    id: workingCopyIdFor(input.evidenceId, input.role, stored.sha256),
    evidenceId: input.evidenceId,
    role: input.role,
    sha256: stored.sha256,
    size: stored.size,
    mediaType: detectFileType(await readHead(deps.vault.workingPathOf(stored.sha256))).mediaType,
    createdAt: deps.clock.now().toISOString(),
    createdBy: input.actor,
    note: input.note?.trim() || null,
  };
  const existing = (await deps.store.evidence.workingCopies(input.evidenceId)).find((c) => c.id === copy.id);
  if (existing) return existing;
  await deps.store.atomically((tx) => recordWorkingCopy(tx, copy));
  return copy;
}

/** A read stream of the evidentiary copy (record a `download` or `view` custody event too). */
export async function openEvidenceStream(deps: EvidenceDeps, evidenceId: string): Promise<Readable> {
  const item = await getEvidence(deps, evidenceId);
  return deps.vault.open(item.sha256);
}

/** Items that look like this one, in both directions (found again from the stored hashes). */
export async function relatedTo(deps: EvidenceDeps, evidenceId: string): Promise<Relation[]> {
  await getEvidence(deps, evidenceId);
  const prints = printsByItem(await deps.store.evidence.fingerprints());
  const mine = prints.get(evidenceId);
  return mine ? findRelated(mine, prints, evidenceId) : [];
}

async function readHead(path: string): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Runs a vault step, naming the file as the user knows it in any error about it. */
async function named<T>(fileName: string, path: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof VigilError && path !== fileName && error.message.includes(path)) {
      error.message = error.message.split(path).join(fileName);
    }
    throw error;
  }
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string' ? v.trim() !== '' : v !== undefined)
      out[k] = (typeof v === 'string' ? v.trim() : v) as T[K];
  }
  return out;
}
