import type { Claim, Incident, Report, Source, SourceKind } from '../domain/index.ts';
import type { AccountStore, IntakeStore } from './accounts.ts';
import type { HeldBytes } from './blob-store.ts';
import type { CustodyStore, EvidenceStore, PendingEvidenceStore } from './evidence-store.ts';
import type { ImportStore } from './import-store.ts';
import type { IncidentSearch } from './incident-search.ts';
import type { LedgerTreeStore } from './ledger-tree-store.ts';
import type { RecordAudit } from './record-audit.ts';
import type {
  ClaimLinkStore,
  ContradictionStore,
  DecisionStore,
  IncidentIndex,
  NearDuplicateStore,
} from './resolution.ts';

/** The original bytes a user handed over, as recorded (the bytes live in the BlobStore). */
export interface OriginalRecord {
  sha256: string;
  size: number;
  /** Media type sniffed from the bytes, not taken from the name. */
  mediaType: string;
  /** The file name or URL it arrived as (the first time). */
  origin: string;
  receivedAt: string;
}

export interface ReportFilter {
  status?: 'parsed' | 'unparsed';
  text?: string;
  limit?: number;
  offset?: number;
}

/** Reports and the originals they come from. Reports are immutable once parsed. */
export interface ReportStore {
  findOriginal(sha256: string): Promise<OriginalRecord | null>;
  /**
   * Records an original; false when it was already held (by an earlier run, or by a concurrent
   * writer that committed first — the insert waits for it), so the caller can say "already held".
   */
  recordOriginal(original: OriginalRecord): Promise<boolean>;
  /**
   * Records a report; an existing `unparsed` report with the same id is replaced (reprocess).
   * `sourceId` is the id `sources.ensure` gave for the report's source name (looked up by name
   * when absent).
   */
  recordReport(report: Report, sourceId?: string | null): Promise<void>;
  /** Removes the `unparsed` placeholder reports of an original, once a parser has read it. */
  dropUnparsed(sha256: string): Promise<number>;
  get(id: string): Promise<Report | null>;
  forOriginal(sha256: string): Promise<Report[]>;
  list(filter?: ReportFilter): Promise<Report[]>;
  count(filter?: Pick<ReportFilter, 'status'>): Promise<number>;
  originals(): AsyncIterable<OriginalRecord>;
}

export interface SourceStore {
  /** Returns the source with this name, creating it (with the given kind) when new. */
  ensure(name: string, kind?: SourceKind, site?: string | null): Promise<Source>;
  list(): Promise<Source[]>;
  setOriginGroup(id: string, originGroup: string): Promise<Source>;
}

export interface ClaimStore {
  /**
   * Replaces every claim of a report (extraction is a pure function of the report). Returns the
   * ids of its claims that are gone: log each with `claim.removed` (src/ledger/record-shapes.ts).
   */
  replaceForReport(reportId: string, claims: Claim[]): Promise<string[]>;
  forReport(reportId: string): Promise<Claim[]>;
  get(ids: string[]): Promise<Claim[]>;
  count(): Promise<number>;
}

export interface IncidentFilter {
  type?: string;
  grade?: string;
  from?: string;
  to?: string;
  bbox?: [number, number, number, number];
  limit?: number;
  offset?: number;
}

/** Incidents; resolution's candidate search and recording come from `IncidentIndex`. */
export interface IncidentStore extends IncidentIndex {
  /**
   * Records incidents built from claims; replaces the incidents these claims belonged to.
   * Returns the ids of the incidents deleted: log each with `incident.removed`.
   */
  replaceForClaims(claimIds: string[], incidents: Incident[]): Promise<string[]>;
  get(id: string): Promise<Incident | null>;
  list(filter?: IncidentFilter): Promise<Incident[]>;
  count(): Promise<number>;
}

/** One change to the record, by whom: what a ledger entry is made from. */
export interface LedgerChange {
  /** What happened: `report.ingested`, `claim.extracted`, `incident.resolved`, … */
  kind: string;
  /** The id of the record changed. */
  subject: string;
  actor: string;
  at: string;
  /** The record after the change; the entry keeps the SHA-256 of its canonical JSON. */
  record: unknown;
  /**
   * That SHA-256, when the caller already has it (a bulk import serialises records in canonical
   * key order and hashes the bytes it stores). `appendMany` uses it instead of hashing again;
   * it must equal `recordDigest(record)`.
   */
  digest?: string;
}

export interface LedgerEntry {
  seq: number;
  kind: string;
  subject: string;
  /** SHA-256 of the canonical JSON of the record after the change. */
  digest: string;
  actor: string;
  at: string;
  /** RFC 6962 leaf hash of the entry's canonical JSON (without seq and leafHash). */
  leafHash: string;
}

/** The append-only list of changes the transparency log is built over. */
export interface LedgerStore {
  append(change: LedgerChange): Promise<LedgerEntry>;
  /**
   * Appends many changes in order, as `append` would one by one, in fewer round trips (a
   * dataset import). Run it inside a transaction so the entries land together or not at all.
   */
  appendMany(changes: LedgerChange[]): Promise<number>;
  size(): Promise<number>;
  range(fromSeq: number, toSeq: number): Promise<LedgerEntry[]>;
}

/** Inputs that could not even be read or fetched (no bytes to keep): kept as a record. */
export interface FailureStore {
  record(target: string, reason: string, at: string): Promise<void>;
  list(limit?: number): Promise<{ target: string; reason: string; at: string }[]>;
}

/**
 * The record. Each role is a small interface; `atomically` runs a unit of work in one
 * transaction so that a crash leaves either all of it or none.
 */
export interface Store {
  reports: ReportStore;
  /** The bytes of small originals, held with their records (src/ports/blob-store.ts). */
  heldBytes: HeldBytes;
  sources: SourceStore;
  claims: ClaimStore;
  incidents: IncidentStore;
  ledger: LedgerStore;
  failures: FailureStore;
  /** Accounts, sessions, API tokens and server settings (src/ports/accounts.ts). */
  accounts: AccountStore;
  /** Field submissions with their sensitive section. */
  intakes: IntakeStore;
  /** Read-only incident queries for the map, the timeline and the API. */
  search: IncidentSearch;
  /** Dataset imports (UCDP, ACLED, mapped CSV) and the reads exports need. */
  imports: ImportStore;
  /** Evidence items, working copies, perceptual hashes, incident links (src/ports/evidence-store.ts). */
  evidence: EvidenceStore;
  /** Every item's chain of custody, append-only. */
  custody: CustodyStore;
  /** Evidence a source says exists but that is not held yet. */
  pendingEvidence: PendingEvidenceStore;
  /** The transparency log's subtree cache and signed checkpoints. */
  ledgerTree: LedgerTreeStore;
  /** Reads every ledgered record back for verification. */
  recordAudit: RecordAudit;
  /** Which incident each claim is in, with its origin and why (src/ports/resolution.ts). */
  claimLinks: ClaimLinkStore;
  /** Near-duplicate text signatures and which report derives from which. */
  nearDuplicates: NearDuplicateStore;
  /** Analysts' merge, split, detach and set decisions, and the fields they set. */
  decisions: DecisionStore;
  /** Contradictions between claims, and standing denials and announcements. */
  contradictions: ContradictionStore;
  atomically<T>(work: (store: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
