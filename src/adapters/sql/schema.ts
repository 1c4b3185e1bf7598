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
}

export interface IncidentClaimsTable {
  incident_id: string;
  claim_id: string;
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

export interface Database {
  originals: OriginalsTable;
  reports: ReportsTable;
  sources: SourcesTable;
  claims: ClaimsTable;
  incidents: IncidentsTable;
  incident_claims: IncidentClaimsTable;
  ledger: LedgerTable;
  failures: FailuresTable;
}

export type SqlDialectName = 'sqlite' | 'postgres';
