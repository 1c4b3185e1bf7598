import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { SqlDialectName } from '../schema.ts';

/**
 * The evidence vault's records (items, working copies, perceptual hashes, incident links,
 * custody events, pending evidence) and the transparency log's subtree cache and checkpoints.
 * Records are kept as plain columns (structured parts as JSON text) so that the record read
 * back is exactly the one the ledger entry digested.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  const serialKey = (c: ColumnDefinitionBuilder) =>
    dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement();

  await db.schema
    .createTable('evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('md5', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('sensitivity', 'text')
    .execute();

  await db.schema
    .createTable('evidence_fingerprints')
    .addColumn('evidence_id', 'text', (c) => c.notNull().references('evidence.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('frame', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('evidence_fingerprints_pk', ['evidence_id', 'kind', 'frame'])
    .execute();

  await db.schema
    .createTable('working_copies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('evidence_id', 'text', (c) => c.notNull().references('evidence.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('working_copies_evidence').on('working_copies').column('evidence_id').execute();

  // No foreign key to incidents: resolution may replace an incident, and the link (like its
  // custody event) must outlive that as a matter of record.
  await db.schema
    .createTable('evidence_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('evidence_id', 'text', (c) => c.notNull().references('evidence.id'))
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .addColumn('linked_by', 'text', (c) => c.notNull())
    .addColumn('pending_id', 'text')
    .addUniqueConstraint('evidence_links_pair', ['evidence_id', 'incident_id'])
    .execute();
  await db.schema.createIndex('evidence_links_incident').on('evidence_links').column('incident_id').execute();

  await db.schema
    .createTable('custody_events')
    .addColumn('position', serial, serialKey)
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('evidence_id', 'text', (c) => c.notNull().references('evidence.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema
    .createIndex('custody_events_evidence')
    .on('custody_events')
    .columns(['evidence_id', 'position'])
    .execute();

  await db.schema
    .createTable('pending_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('described', 'text', (c) => c.notNull())
    .addColumn('held_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('evidence_id', 'text', (c) => c.references('evidence.id'))
    .execute();
  await db.schema
    .createIndex('pending_evidence_incident')
    .on('pending_evidence')
    .column('incident_id')
    .execute();

  // Finding the latest entry about a record (for a bag's proofs) without scanning the log.
  await db.schema.createIndex('ledger_subject').on('ledger').columns(['subject', 'seq']).execute();

  await db.schema
    .createTable('ledger_nodes')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_nodes_pk', ['level', 'idx'])
    .execute();

  await db.schema
    .createTable('ledger_checkpoints')
    .addColumn('id', serial, serialKey)
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('root', 'text', (c) => c.notNull())
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();
}
