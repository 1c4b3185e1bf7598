/**
 * A record as the store holds it, for verification: read back exactly as the store's own
 * readers read it, so its digest can be compared with the ledger entry that recorded it.
 */
export interface AuditedRecord {
  /** The record family: the part of a ledger kind before the dot (`incident` of `incident.resolved`). */
  family: string;
  subject: string;
  /** The record, or undefined when the stored row cannot even be read (named in `problems`). */
  record: unknown;
  /**
   * Disagreements inside the store the digest alone cannot see: a query column that no longer
   * matches the record it indexes (an incident's `grade` column edited behind its body).
   */
  problems: string[];
}

/**
 * Reads every stored record of every family the ledger covers, one family at a time, in a
 * stable order and in bounded memory. Read-only; used by `vigil verify`.
 */
export interface RecordAudit {
  families(): string[];
  records(family: string): AsyncIterable<AuditedRecord>;
}
