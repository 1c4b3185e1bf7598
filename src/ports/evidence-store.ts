import type {
  CustodyEvent,
  EvidenceItem,
  EvidenceLink,
  PendingEvidence,
  WorkingCopy,
} from '../domain/index.ts';

export type EvidenceFileSummary = Pick<EvidenceItem, 'id' | 'fileName' | 'sha256' | 'md5' | 'size'>;

/** One perceptual hash of an item: a still image has frame 0; a video one per key frame. */
export interface Fingerprint {
  evidenceId: string;
  /** `dhash` (difference hash) or `phash` (DCT hash), both 64 bits as 16 hex digits. */
  kind: 'dhash' | 'phash';
  frame: number;
  hash: string;
}

/**
 * Evidence items, their working copies, perceptual hashes and incident links. Items are
 * immutable once recorded (the vault never changes an evidentiary copy), so there is no update.
 */
export interface EvidenceStore {
  /** Records a new item with its perceptual hashes; the sha256 must not be held yet. */
  record(item: EvidenceItem, fingerprints: Fingerprint[]): Promise<void>;
  get(id: string): Promise<EvidenceItem | null>;
  findBySha256(sha256: string): Promise<EvidenceItem | null>;
  list(options?: { limit?: number; offset?: number }): Promise<EvidenceItem[]>;
  /**
   * What the vault holds for each item (id, file name, hashes, size), without reading its
   * metadata: for checks that must keep going when a record itself is damaged.
   */
  files(options?: { limit?: number; offset?: number }): Promise<EvidenceFileSummary[]>;
  count(): Promise<number>;
  /** Every perceptual hash held, for near-duplicate search. */
  fingerprints(): Promise<Fingerprint[]>;
  recordWorkingCopy(copy: WorkingCopy): Promise<void>;
  workingCopies(evidenceId: string): Promise<WorkingCopy[]>;
  /** Records a link; returns false (and changes nothing) when the pair is already linked. */
  link(link: EvidenceLink): Promise<boolean>;
  linksOf(evidenceId: string): Promise<EvidenceLink[]>;
  forIncident(incidentId: string): Promise<EvidenceItem[]>;
}

/** The append-only chain of custody of every item. */
export interface CustodyStore {
  record(event: CustodyEvent): Promise<void>;
  /** The events of one item, oldest first (in the order they were recorded). */
  chain(evidenceId: string): Promise<CustodyEvent[]>;
}

/** Evidence a source says exists but the vault does not hold yet. */
export interface PendingEvidenceStore {
  record(pending: PendingEvidence): Promise<void>;
  get(id: string): Promise<PendingEvidence | null>;
  /** Pending evidence of an incident, open ones only unless `includeFulfilled`. */
  forIncident(incidentId: string, options?: { includeFulfilled?: boolean }): Promise<PendingEvidence[]>;
  /** Marks it collected by `evidenceId`; returns the updated record, null when unknown. */
  fulfil(id: string, evidenceId: string): Promise<PendingEvidence | null>;
}
