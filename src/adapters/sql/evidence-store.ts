import type { Kysely, Selectable } from 'kysely';
import type {
  CustodyEvent,
  EvidenceItem,
  EvidenceLink,
  PendingEvidence,
  WorkingCopy,
} from '../../domain/index.ts';
import type {
  CustodyStore,
  EvidenceStore,
  Fingerprint,
  PendingEvidenceStore,
} from '../../ports/evidence-store.ts';
import type {
  CustodyEventsTable,
  Database,
  EvidenceLinksTable,
  EvidenceTable,
  PendingEvidenceTable,
  WorkingCopiesTable,
} from './schema.ts';

export function sqlEvidenceStore(db: Kysely<Database>): EvidenceStore {
  return {
    async record(item, fingerprints) {
      await db.insertInto('evidence').values(evidenceToRow(item)).execute();
      for (let i = 0; i < fingerprints.length; i += 100) {
        const rows = fingerprints.slice(i, i + 100).map((f) => ({
          evidence_id: f.evidenceId,
          kind: f.kind,
          frame: f.frame,
          hash: f.hash,
        }));
        await db.insertInto('evidence_fingerprints').values(rows).execute();
      }
    },
    async get(id) {
      const row = await db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToEvidence(row) : null;
    },
    async findBySha256(sha256) {
      const row = await db.selectFrom('evidence').selectAll().where('sha256', '=', sha256).executeTakeFirst();
      return row ? rowToEvidence(row) : null;
    },
    async list(options = {}) {
      const rows = await db
        .selectFrom('evidence')
        .selectAll()
        .orderBy('added_at')
        .orderBy('id')
        .limit(options.limit ?? 1000)
        .offset(options.offset ?? 0)
        .execute();
      return rows.map(rowToEvidence);
    },
    async files(options = {}) {
      const rows = await db
        .selectFrom('evidence')
        .select(['id', 'file_name', 'sha256', 'md5', 'size'])
        .orderBy('id')
        .limit(options.limit ?? 1000)
        .offset(options.offset ?? 0)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        fileName: r.file_name,
        sha256: r.sha256,
        md5: r.md5,
        size: Number(r.size),
      }));
    },
    async count() {
      const row = await db
        .selectFrom('evidence')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async fingerprints() {
      const rows = await db
        .selectFrom('evidence_fingerprints')
        .selectAll()
        .orderBy('evidence_id')
        .orderBy('kind')
        .orderBy('frame')
        .execute();
      return rows.map(
        (r): Fingerprint => ({
          evidenceId: r.evidence_id,
          kind: r.kind as Fingerprint['kind'],
          frame: Number(r.frame),
          hash: r.hash,
        }),
      );
    },
    async recordWorkingCopy(copy) {
      await db.insertInto('working_copies').values(workingCopyToRow(copy)).execute();
    },
    async workingCopies(evidenceId) {
      const rows = await db
        .selectFrom('working_copies')
        .selectAll()
        .where('evidence_id', '=', evidenceId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(rowToWorkingCopy);
    },
    async link(link) {
      const existing = await db
        .selectFrom('evidence_links')
        .select('id')
        .where('evidence_id', '=', link.evidenceId)
        .where('incident_id', '=', link.incidentId)
        .executeTakeFirst();
      if (existing) return false;
      await db.insertInto('evidence_links').values(linkToRow(link)).execute();
      return true;
    },
    async linksOf(evidenceId) {
      const rows = await db
        .selectFrom('evidence_links')
        .selectAll()
        .where('evidence_id', '=', evidenceId)
        .orderBy('linked_at')
        .orderBy('id')
        .execute();
      return rows.map(rowToLink);
    },
    async forIncident(incidentId) {
      const rows = await db
        .selectFrom('evidence')
        .innerJoin('evidence_links', 'evidence_links.evidence_id', 'evidence.id')
        .selectAll('evidence')
        .where('evidence_links.incident_id', '=', incidentId)
        .orderBy('evidence.added_at')
        .orderBy('evidence.id')
        .execute();
      return rows.map(rowToEvidence);
    },
  };
}

export function sqlCustodyStore(db: Kysely<Database>): CustodyStore {
  return {
    async record(event) {
      await db.insertInto('custody_events').values(custodyToRow(event)).execute();
    },
    async chain(evidenceId) {
      const rows = await db
        .selectFrom('custody_events')
        .selectAll()
        .where('evidence_id', '=', evidenceId)
        .orderBy('position')
        .execute();
      return rows.map(rowToCustody);
    },
  };
}

export function sqlPendingEvidenceStore(db: Kysely<Database>): PendingEvidenceStore {
  const get = async (id: string) => {
    const row = await db.selectFrom('pending_evidence').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? rowToPending(row) : null;
  };
  return {
    async record(pending) {
      await db.insertInto('pending_evidence').values(pendingToRow(pending)).execute();
    },
    get,
    async forIncident(incidentId, options = {}) {
      let q = db.selectFrom('pending_evidence').selectAll().where('incident_id', '=', incidentId);
      if (!options.includeFulfilled) q = q.where('evidence_id', 'is', null);
      const rows = await q.orderBy('recorded_at').orderBy('id').execute();
      return rows.map(rowToPending);
    },
    async fulfil(id, evidenceId) {
      await db
        .updateTable('pending_evidence')
        .set({ evidence_id: evidenceId })
        .where('id', '=', id)
        .execute();
      return get(id);
    },
  };
}

// Row mapping. Each record is rebuilt from its columns alone, so that what is read back is
// exactly what the ledger digested; the record audit compares the two.

export function evidenceToRow(item: EvidenceItem): EvidenceTable {
  return {
    id: item.id,
    sha256: item.sha256,
    md5: item.md5,
    size: item.size,
    media_type: item.mediaType,
    file_name: item.fileName,
    added_at: item.addedAt,
    metadata: JSON.stringify(item.metadata),
    sensitivity: item.sensitivity ? JSON.stringify(item.sensitivity) : null,
  };
}

export function rowToEvidence(row: Selectable<EvidenceTable>): EvidenceItem {
  return {
    id: row.id,
    sha256: row.sha256,
    md5: row.md5,
    size: Number(row.size),
    mediaType: row.media_type,
    fileName: row.file_name,
    addedAt: row.added_at,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    ...(row.sensitivity ? { sensitivity: JSON.parse(row.sensitivity) } : {}),
  };
}

export function workingCopyToRow(c: WorkingCopy): WorkingCopiesTable {
  return {
    id: c.id,
    evidence_id: c.evidenceId,
    role: c.role,
    sha256: c.sha256,
    size: c.size,
    media_type: c.mediaType,
    created_at: c.createdAt,
    created_by: c.createdBy,
    note: c.note,
  };
}

export function rowToWorkingCopy(row: Selectable<WorkingCopiesTable>): WorkingCopy {
  return {
    id: row.id,
    evidenceId: row.evidence_id,
    role: row.role as WorkingCopy['role'],
    sha256: row.sha256,
    size: Number(row.size),
    mediaType: row.media_type,
    createdAt: row.created_at,
    createdBy: row.created_by,
    note: row.note,
  };
}

export function linkToRow(l: EvidenceLink): EvidenceLinksTable {
  return {
    id: l.id,
    evidence_id: l.evidenceId,
    incident_id: l.incidentId,
    linked_at: l.linkedAt,
    linked_by: l.linkedBy,
    pending_id: l.pendingId,
  };
}

export function rowToLink(row: Selectable<EvidenceLinksTable>): EvidenceLink {
  return {
    id: row.id,
    evidenceId: row.evidence_id,
    incidentId: row.incident_id,
    linkedAt: row.linked_at,
    linkedBy: row.linked_by,
    pendingId: row.pending_id,
  };
}

export function custodyToRow(e: CustodyEvent): Omit<CustodyEventsTable, 'position'> {
  return {
    id: e.id,
    evidence_id: e.evidenceId,
    action: e.action,
    actor: e.actor,
    at: e.at,
    reason: e.reason,
    detail: e.detail ? JSON.stringify(e.detail) : null,
  };
}

export function rowToCustody(row: Selectable<CustodyEventsTable>): CustodyEvent {
  return {
    id: row.id,
    evidenceId: row.evidence_id,
    action: row.action as CustodyEvent['action'],
    actor: row.actor,
    at: row.at,
    reason: row.reason,
    detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
  };
}

export function pendingToRow(p: PendingEvidence): PendingEvidenceTable {
  return {
    id: p.id,
    incident_id: p.incidentId,
    described: p.described,
    held_by: p.heldBy,
    recorded_at: p.recordedAt,
    evidence_id: p.evidenceId,
  };
}

export function rowToPending(row: Selectable<PendingEvidenceTable>): PendingEvidence {
  return {
    id: row.id,
    incidentId: row.incident_id,
    described: row.described,
    heldBy: row.held_by,
    recordedAt: row.recorded_at,
    evidenceId: row.evidence_id,
  };
}
