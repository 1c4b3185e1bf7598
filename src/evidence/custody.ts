import { createHash, randomUUID } from 'node:crypto';
import type {
  CustodyAction,
  CustodyEvent,
  EvidenceItem,
  EvidenceLink,
  PendingEvidence,
} from '../domain/index.ts';
import { ConflictError, InputError, NotFoundError, UsageError } from '../errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { EvidenceVault } from '../ports/evidence-vault.ts';
import type { Store } from '../ports/store.ts';
import type { MediaTools } from './ffmpeg.ts';

/** What the vault's operations need: the record, the files, the time, and optional tools. */
export interface EvidenceDeps {
  store: Store;
  vault: EvidenceVault;
  clock: Clock;
  /** ffprobe/ffmpeg when installed (src/evidence/ffmpeg.ts `findMediaTools`). */
  tools: MediaTools;
}

/** Ledger kinds this module writes; the part before the dot is the record family. */
export const KIND = {
  evidenceAdded: 'evidence.added',
  custody: 'custody.recorded',
  linked: 'evidence-link.added',
  pending: 'pending-evidence.recorded',
  fulfilled: 'pending-evidence.fulfilled',
  workingCopy: 'working-copy.added',
} as const;

export const evidenceIdFor = (sha256: string) => `evi-${sha256.slice(0, 24)}`;
const shortHash = (...parts: string[]) =>
  createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 24);

/** Records one custody event and its ledger entry, inside the caller's transaction. */
export async function appendCustody(
  tx: Store,
  event: Omit<CustodyEvent, 'id' | 'reason' | 'detail'> & {
    reason?: string | null;
    detail?: Record<string, unknown> | null;
  },
): Promise<CustodyEvent> {
  const full: CustodyEvent = {
    id: `cus-${randomUUID()}`,
    evidenceId: event.evidenceId,
    action: event.action,
    actor: event.actor,
    at: event.at,
    reason: event.reason?.trim() || null,
    detail: event.detail && Object.keys(event.detail).length ? event.detail : null,
  };
  // Ledger first: the entry takes the ledger's lock (PostgreSQL) until commit, so the custody
  // row's position is drawn in ledger order too, and a chain's order can be checked against it.
  await tx.ledger.append({
    kind: KIND.custody,
    subject: full.id,
    actor: full.actor,
    at: full.at,
    record: full,
  });
  await tx.custody.record(full);
  return full;
}

export async function getEvidence(
  deps: Pick<EvidenceDeps, 'store'>,
  evidenceId: string,
): Promise<EvidenceItem> {
  const item = await deps.store.evidence.get(evidenceId);
  if (!item) throw new NotFoundError(`no evidence item ${evidenceId}`);
  return item;
}

/**
 * Records that someone viewed, downloaded, exported, transferred, annotated or linked an item
 * (who, when, what, why). `detail` carries what the action needs: `{ to }` for a transfer,
 * `{ note }` for an annotation.
 */
export async function recordCustody(
  deps: Pick<EvidenceDeps, 'store' | 'clock'>,
  input: {
    evidenceId: string;
    action: Exclude<CustodyAction, 'add' | 'derive'>;
    actor: string;
    reason?: string;
    detail?: Record<string, unknown>;
  },
): Promise<CustodyEvent> {
  if (!input.actor?.trim()) throw new InputError('a custody event needs the name of who acted');
  if (input.action === 'transfer' && !String(input.detail?.to ?? '').trim()) {
    throw new InputError('a transfer must name the custodian it goes to (detail.to)');
  }
  if (input.action === 'annotation' && !String(input.detail?.note ?? '').trim()) {
    throw new InputError('an annotation needs its text (detail.note)');
  }
  await getEvidence(deps, input.evidenceId);
  const at = deps.clock.now().toISOString();
  return deps.store.atomically((tx) =>
    appendCustody(tx, { ...input, at, actor: input.actor.trim(), detail: input.detail ?? null }),
  );
}

/** Every custody event of an item, oldest first. */
export async function custodyChain(
  deps: Pick<EvidenceDeps, 'store'>,
  evidenceId: string,
): Promise<CustodyEvent[]> {
  await getEvidence(deps, evidenceId);
  return deps.store.custody.chain(evidenceId);
}

/**
 * Links an item to an incident (a custody event of action `link`), optionally fulfilling a
 * pending-evidence record of that incident. Linking a pair twice changes nothing.
 */
export async function linkEvidence(
  deps: Pick<EvidenceDeps, 'store' | 'clock'>,
  input: { evidenceId: string; incidentId: string; actor: string; reason?: string; pendingId?: string },
): Promise<{ link: EvidenceLink; created: boolean }> {
  await getEvidence(deps, input.evidenceId);
  await requireIncident(deps.store, input.incidentId);
  const at = deps.clock.now().toISOString();
  return deps.store.atomically((tx) => linkInside(tx, { ...input, at }));
}

/** The link, its custody event and its ledger entries, inside the caller's transaction. */
export async function linkInside(
  tx: Store,
  input: {
    evidenceId: string;
    incidentId: string;
    actor: string;
    at: string;
    reason?: string;
    pendingId?: string;
  },
): Promise<{ link: EvidenceLink; created: boolean }> {
  let pending: PendingEvidence | null = null;
  if (input.pendingId) {
    pending = await tx.pendingEvidence.get(input.pendingId);
    if (!pending) throw new NotFoundError(`no pending evidence ${input.pendingId}`);
    if (pending.incidentId !== input.incidentId) {
      throw new UsageError(
        `pending evidence ${pending.id} belongs to incident ${pending.incidentId}, not ${input.incidentId}`,
      );
    }
    if (pending.evidenceId && pending.evidenceId !== input.evidenceId) {
      throw new ConflictError(
        `pending evidence ${pending.id} was already fulfilled by ${pending.evidenceId}`,
      );
    }
  }
  const link: EvidenceLink = {
    id: `lnk-${shortHash(input.evidenceId, input.incidentId)}`,
    evidenceId: input.evidenceId,
    incidentId: input.incidentId,
    linkedAt: input.at,
    linkedBy: input.actor,
    pendingId: pending?.id ?? null,
  };
  const created = await tx.evidence.link(link);
  if (created) {
    await tx.ledger.append({
      kind: KIND.linked,
      subject: link.id,
      actor: input.actor,
      at: input.at,
      record: link,
    });
    await appendCustody(tx, {
      evidenceId: input.evidenceId,
      action: 'link',
      actor: input.actor,
      at: input.at,
      reason: input.reason,
      detail: { incidentId: input.incidentId, ...(pending ? { pendingId: pending.id } : {}) },
    });
  }
  if (pending && !pending.evidenceId) {
    const fulfilled = await tx.pendingEvidence.fulfil(pending.id, input.evidenceId);
    await tx.ledger.append({
      kind: KIND.fulfilled,
      subject: pending.id,
      actor: input.actor,
      at: input.at,
      record: fulfilled,
    });
  }
  const links = await tx.evidence.linksOf(input.evidenceId);
  return { link: links.find((l) => l.incidentId === input.incidentId) ?? link, created };
}

/** Records evidence a source says exists but that is not held yet; shown until fulfilled. */
export async function expectEvidence(
  deps: Pick<EvidenceDeps, 'store' | 'clock'>,
  input: { incidentId: string; described: string; heldBy: string; actor: string },
): Promise<PendingEvidence> {
  const described = input.described?.trim();
  const heldBy = input.heldBy?.trim();
  if (!described) throw new InputError('pending evidence needs a description (--described)');
  if (!heldBy) throw new InputError('pending evidence needs who holds it (--held-by)');
  await requireIncident(deps.store, input.incidentId);
  const pending: PendingEvidence = {
    id: `pen-${randomUUID()}`,
    incidentId: input.incidentId,
    described,
    heldBy,
    recordedAt: deps.clock.now().toISOString(),
    evidenceId: null,
  };
  await deps.store.atomically(async (tx) => {
    await tx.pendingEvidence.record(pending);
    await tx.ledger.append({
      kind: KIND.pending,
      subject: pending.id,
      actor: input.actor,
      at: pending.recordedAt,
      record: pending,
    });
  });
  return pending;
}

/** Pending evidence of an incident: the open ones, or all with `includeFulfilled`. */
export function pendingForIncident(
  deps: Pick<EvidenceDeps, 'store'>,
  incidentId: string,
  options: { includeFulfilled?: boolean } = {},
): Promise<PendingEvidence[]> {
  return deps.store.pendingEvidence.forIncident(incidentId, options);
}

/** The items linked to an incident, oldest first. */
export function evidenceForIncident(
  deps: Pick<EvidenceDeps, 'store'>,
  incidentId: string,
): Promise<EvidenceItem[]> {
  return deps.store.evidence.forIncident(incidentId);
}

export async function requireIncident(store: Store, incidentId: string): Promise<void> {
  if (!incidentId?.trim()) throw new InputError('an incident id is needed');
  if (!(await store.incidents.get(incidentId))) throw new NotFoundError(`no incident ${incidentId}`);
}

export const workingCopyIdFor = (evidenceId: string, role: string, sha256: string) =>
  `wc-${shortHash(evidenceId, role, sha256)}`;
