import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../schema.ts';

/**
 * Bulk imports log one ledger entry per batch of rows (`import.batch`) instead of three per
 * row; the entry digests the batch's listing, kept here, which names every record the batch
 * wrote with that record's own digest, so `vigil verify` still checks each record (see
 * src/interop/import-ledger.ts). Also: which columns of a mapped CSV hold free text.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialectName): Promise<void> {
  await db.schema
    .createTable('import_batches')
    // The ledger subject of the batch's entry: `<import id>/<batch number>`.
    .addColumn('subject', 'text', (c) => c.primaryKey())
    .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id'))
    // Canonical JSON of the listing: its SHA-256 is the digest in the ledger entry.
    .addColumn('listing', 'text', (c) => c.notNull())
    .execute();
  // A mapped CSV's free-text columns (JSON array), withheld from roles without permission like
  // UCDP's and ACLED's (src/domain/redaction.ts); null for UCDP and ACLED, whose are fixed.
  await db.schema.alterTable('imports').addColumn('text_columns', 'text').execute();
}
