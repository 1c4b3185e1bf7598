import type { Generated } from 'kysely';

/**
 * Row shapes of the SQL store, shared by the SQLite and PostgreSQL adapters. Structured
 * values (places, dates, casualties) are stored as JSON text beside the columns queries
 * filter on, so both engines read them the same way.
 */
export interface OriginalsTable {
  sha256: string;
  size: number;
  media_type: string;
  origin: string;
  received_at: string;
}

export interface ReportsTable {
  id: string;
  original_sha256: string;
  item_key: string;
  status: string;
  reason: string | null;
  text: string;
  title: string | null;
  url: string | null;
  source_id: string | null;
  source_name: string | null;
  published: string | null;
  language: string | null;
  media_type: string;
  ingested_at: string;
  /** JSON of the report's Sensitivity (0005-accounts), null when it has none. */
  sensitivity?: string | null;
  intake_id?: string | null;
}

export interface SourcesTable {
  id: string;
  name: string;
  kind: string;
  origin_group: string;
  site: string | null;
}

export interface ClaimsTable {
  id: string;
  report_id: string;
  ordinal: number;
  type: string;
  date_start: string | null;
  date_end: string | null;
  lat: number | null;
  lon: number | null;
  body: string;
}

export interface IncidentsTable {
  id: string;
  type: string;
  grade: string;
  date_start: string | null;
  date_end: string | null;
  lat: number | null;
  lon: number | null;
  published: number;
  version: number;
  updated_at: string;
  body: string;
  /** Resolution's candidate-search columns (migration 0003); absent on rows it never wrote. */
  family?: string | null;
  radius_km?: number | null;
  independence?: number | null;
  profile?: string | null;
}

export interface IncidentClaimsTable {
  incident_id: string;
  claim_id: string;
}

/** A place a user added or imported (migration 0002). */
export interface GazetteerEntriesTable {
  id: string;
  name: string;
  lat: number;
  lon: number;
  country: string | null;
  admin1: string | null;
  feature_code: string;
  population: number;
  /** JSON array of names. */
  alternate_names: string;
  origin: string;
}

export interface GazetteerAliasesTable {
  alias: string;
  entry_id: string;
}

export interface LedgerTable {
  seq: Generated<number>;
  kind: string;
  subject: string;
  digest: string;
  actor: string;
  at: string;
  leaf_hash: string;
}

export interface FailuresTable {
  id: Generated<number>;
  target: string;
  reason: string;
  at: string;
}

/** Accounts (0005-accounts). */
export interface UsersTable {
  id: string;
  name: string;
  role: string;
  password_hash: string;
  disabled: number;
  created_at: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  token_hash: string;
  id: string;
  user_id: string;
  label: string;
  created_at: string;
  revoked: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface IntakeSubmissionsTable {
  id: string;
  received_at: string;
  report_id: string | null;
  body: string;
}

/** One imported dataset file (migration 0006-imports). `columns` is its header as JSON. */
export interface ImportsTable {
  id: string;
  original_sha256: string;
  format: string;
  dataset: string;
  columns: string;
  rows: number;
  skipped: number;
  actor: string;
  imported_at: string;
  /** A mapped CSV's free-text columns, JSON (0008-import-speed); null otherwise. */
  text_columns?: string | null;
  /** A mapped CSV's column mapping, JSON (0009-imported-rows); null otherwise. */
  mapping?: string | null;
}

/**
 * One imported dataset row (0009-imported-rows): the incident it became and its fields as a
 * JSON array in the header's order. Its report and claim are derived from it when read.
 */
export interface DatasetRowsTable {
  incident_id: string;
  import_id: string;
  line: number;
  byte_start: number;
  byte_end: number;
  /** The row's text as the file has it (its fields are read with the import's header). */
  text: string;
}

/** The original row of an imported report: its fields as a JSON array in the header's order. */
export interface ImportRowsTable {
  report_id: string;
  import_id: string;
  dataset_id: string | null;
  incident_id: string;
  line: number;
  byte_start: number;
  byte_end: number;
  fields: string;
}

/** The listing of one bulk-import batch's ledger entry (0008-import-speed). */
export interface ImportBatchesTable {
  subject: string;
  import_id: string;
  listing: string;
}

/** Evidence vault (0004-evidence): items, their perceptual hashes, working copies, links. */
export interface EvidenceTable {
  id: string;
  sha256: string;
  md5: string;
  size: number;
  media_type: string;
  file_name: string;
  added_at: string;
  /** JSON of the item's metadata. */
  metadata: string;
  /** JSON of the item's Sensitivity, null when it has none. */
  sensitivity: string | null;
}

export interface EvidenceFingerprintsTable {
  evidence_id: string;
  kind: string;
  frame: number;
  hash: string;
}

export interface WorkingCopiesTable {
  id: string;
  evidence_id: string;
  role: string;
  sha256: string;
  size: number;
  media_type: string;
  created_at: string;
  created_by: string;
  note: string | null;
}

export interface EvidenceLinksTable {
  id: string;
  evidence_id: string;
  incident_id: string;
  linked_at: string;
  linked_by: string;
  pending_id: string | null;
}

export interface CustodyEventsTable {
  position: Generated<number>;
  id: string;
  evidence_id: string;
  action: string;
  actor: string;
  at: string;
  reason: string | null;
  /** JSON of the event's detail, null when it has none. */
  detail: string | null;
}

export interface PendingEvidenceTable {
  id: string;
  incident_id: string;
  described: string;
  held_by: string;
  recorded_at: string;
  evidence_id: string | null;
}

/** The transparency log's cache of perfect-subtree hashes (0004-evidence). */
export interface LedgerNodesTable {
  level: number;
  idx: number;
  hash: string;
}

export interface LedgerCheckpointsTable {
  id: Generated<number>;
  format: string;
  origin: string;
  size: number;
  root: string;
  time: string;
  key_id: string;
  public_key: string;
  signature: string;
}

/** Resolution (migration 0003): where each claim sits, and why. */
export interface ClaimLinksTable {
  claim_id: string;
  report_id: string;
  incident_id: string;
  origin: string;
  origin_source_id: string | null;
  derived_from_claim: string | null;
  reason: string;
  seq: number;
  /** Added by 0007-resolution-order. */
  order_key: string | null;
  family: string | null;
  lat: number | null;
  lon: number | null;
  radius_km: number | null;
  first_day: number | null;
  last_day: number | null;
}

export interface TextSignaturesTable {
  report_id: string;
  source_name: string | null;
  published: string;
  ingested_at: string;
  words: string;
  skeleton: string;
  derived_from: string | null;
  similarity: number | null;
  /** Added by 0007-resolution-order. */
  skeleton_size: number | null;
}

export interface SignatureBandsTable {
  band: string;
  report_id: string;
}

export interface DecisionsTable {
  id: string;
  kind: string;
  actor: string;
  at: string;
  reason: string;
  incident_ids: string;
  groups: string;
  field: string | null;
  value: string | null;
}

export interface DecisionClaimsTable {
  decision_id: string;
  claim_id: string;
}

export interface DecisionIncidentsTable {
  decision_id: string;
  incident_id: string;
}

export interface IncidentOverridesTable {
  incident_id: string;
  field: string;
  value: string;
  decision_id: string;
}

export interface ContradictionsTable {
  id: string;
  kind: string;
  incident_id: string;
  other_incident_id: string | null;
  side_a: string;
  side_b: string;
  summary: string;
}

export interface StandingStatementsTable {
  claim_id: string;
  incident_id: string;
  kind: string;
  family: string;
  lat: number;
  lon: number;
  radius_km: number;
  first_day: number;
  last_day: number;
  actors: string;
  label: string;
}

/** The bytes of a small original, held with its record (0011-held-originals). */
export interface HeldOriginalsTable {
  sha256: string;
  size: number;
  bytes: Uint8Array;
}

export interface Database {
  originals: OriginalsTable;
  held_originals: HeldOriginalsTable;
  reports: ReportsTable;
  sources: SourcesTable;
  claims: ClaimsTable;
  incidents: IncidentsTable;
  incident_claims: IncidentClaimsTable;
  claim_links: ClaimLinksTable;
  text_signatures: TextSignaturesTable;
  signature_bands: SignatureBandsTable;
  decisions: DecisionsTable;
  decision_claims: DecisionClaimsTable;
  decision_incidents: DecisionIncidentsTable;
  incident_overrides: IncidentOverridesTable;
  contradictions: ContradictionsTable;
  standing_statements: StandingStatementsTable;
  ledger: LedgerTable;
  failures: FailuresTable;
  gazetteer_entries: GazetteerEntriesTable;
  gazetteer_aliases: GazetteerAliasesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  settings: SettingsTable;
  intake_submissions: IntakeSubmissionsTable;
  imports: ImportsTable;
  import_rows: ImportRowsTable;
  dataset_rows: DatasetRowsTable;
  import_batches: ImportBatchesTable;
  evidence: EvidenceTable;
  evidence_fingerprints: EvidenceFingerprintsTable;
  working_copies: WorkingCopiesTable;
  evidence_links: EvidenceLinksTable;
  custody_events: CustodyEventsTable;
  pending_evidence: PendingEvidenceTable;
  ledger_nodes: LedgerNodesTable;
  ledger_checkpoints: LedgerCheckpointsTable;
}

export type SqlDialectName = 'sqlite' | 'postgres';
