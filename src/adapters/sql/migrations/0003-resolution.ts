import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../schema.ts';

/**
 * Resolution: where each claim sits and why, near-duplicate signatures and their LSH bands,
 * analysts' decisions and the fields they set, contradictions, standing statements, and the
 * incident columns candidate search filters on.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialectName): Promise<void> {
  await db.schema.alterTable('incidents').addColumn('family', 'text').execute();
  await db.schema.alterTable('incidents').addColumn('radius_km', 'double precision').execute();
  await db.schema.alterTable('incidents').addColumn('independence', 'integer').execute();
  await db.schema.alterTable('incidents').addColumn('profile', 'text').execute();
  // Candidate search: one event family, one radius class, a latitude band, then longitude and days.
  await db.schema
    .createIndex('incidents_block')
    .on('incidents')
    .columns(['family', 'radius_km', 'lat', 'lon', 'date_start', 'date_end'])
    .execute();

  // No foreign key to claims on purpose: re-extraction replaces a report's claims (same ids)
  // and resolution must still know where they were.
  await db.schema
    .createTable('claim_links')
    .addColumn('claim_id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('origin_source_id', 'text')
    .addColumn('derived_from_claim', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('claim_links_report').on('claim_links').column('report_id').execute();
  await db.schema.createIndex('claim_links_incident').on('claim_links').column('incident_id').execute();
  await db.schema.createIndex('claim_links_origin').on('claim_links').column('origin_source_id').execute();

  await db.schema
    .createTable('text_signatures')
    .addColumn('report_id', 'text', (c) => c.primaryKey())
    .addColumn('source_name', 'text')
    .addColumn('published', 'text', (c) => c.notNull())
    .addColumn('ingested_at', 'text', (c) => c.notNull())
    .addColumn('words', 'text', (c) => c.notNull())
    .addColumn('skeleton', 'text', (c) => c.notNull())
    .addColumn('derived_from', 'text')
    .addColumn('similarity', 'double precision')
    .execute();
  await db.schema
    .createIndex('text_signatures_derived')
    .on('text_signatures')
    .column('derived_from')
    .execute();
  await db.schema
    .createTable('signature_bands')
    .addColumn('band', 'text', (c) => c.notNull())
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('signature_bands_pk', ['band', 'report_id'])
    .execute();
  await db.schema.createIndex('signature_bands_report').on('signature_bands').column('report_id').execute();

  await db.schema
    .createTable('decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('incident_ids', 'text', (c) => c.notNull())
    .addColumn('groups', 'text', (c) => c.notNull())
    .addColumn('field', 'text')
    .addColumn('value', 'text')
    .execute();
  await db.schema
    .createTable('decision_claims')
    .addColumn('decision_id', 'text', (c) => c.notNull().references('decisions.id'))
    .addColumn('claim_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('decision_claims_pk', ['decision_id', 'claim_id'])
    .execute();
  await db.schema.createIndex('decision_claims_claim').on('decision_claims').column('claim_id').execute();
  await db.schema
    .createTable('decision_incidents')
    .addColumn('decision_id', 'text', (c) => c.notNull().references('decisions.id'))
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('decision_incidents_pk', ['decision_id', 'incident_id'])
    .execute();
  await db.schema
    .createIndex('decision_incidents_incident')
    .on('decision_incidents')
    .column('incident_id')
    .execute();
  await db.schema
    .createTable('incident_overrides')
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'text', (c) => c.notNull().references('decisions.id'))
    .addPrimaryKeyConstraint('incident_overrides_pk', ['incident_id', 'field'])
    .execute();

  await db.schema
    .createTable('contradictions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('other_incident_id', 'text')
    .addColumn('side_a', 'text', (c) => c.notNull())
    .addColumn('side_b', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contradictions_incident').on('contradictions').column('incident_id').execute();
  await db.schema
    .createIndex('contradictions_other')
    .on('contradictions')
    .column('other_incident_id')
    .execute();

  await db.schema
    .createTable('standing_statements')
    .addColumn('claim_id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('family', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('radius_km', 'double precision', (c) => c.notNull())
    .addColumn('first_day', 'integer', (c) => c.notNull())
    .addColumn('last_day', 'integer', (c) => c.notNull())
    .addColumn('actors', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('standing_statements_days')
    .on('standing_statements')
    .columns(['first_day', 'last_day'])
    .execute();
}
