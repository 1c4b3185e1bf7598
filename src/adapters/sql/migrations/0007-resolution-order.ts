import type { Kysely } from 'kysely';
import type { Claim } from '../../../domain/claim.ts';
import { type EventType, familyOf } from '../../../domain/taxonomy.ts';
import { orderKeyOf } from '../../../pipeline/resolve/derivation.ts';
import { claimOrderKey, PLACE_RADIUS_KM } from '../../../ports/resolution.ts';
import type { Database, SqlDialectName } from '../schema.ts';

const DAY_MS = 86_400_000;
const day = (iso: string) =>
  Math.floor(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS);

/**
 * Resolution in a canonical order (docs/resolution.md, "Order"): each claim link keeps the
 * claim's order key (publication date, report id, ordinal) and where and when the claim lies,
 * so that a report arriving late finds the later claims whose placement it may change; each
 * text signature keeps its skeleton size, so two texts are judged alike whichever came first.
 * Existing links are filled in from their claims and reports.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialectName): Promise<void> {
  await db.schema.alterTable('claim_links').addColumn('order_key', 'text').execute();
  await db.schema.alterTable('claim_links').addColumn('family', 'text').execute();
  await db.schema.alterTable('claim_links').addColumn('lat', 'double precision').execute();
  await db.schema.alterTable('claim_links').addColumn('lon', 'double precision').execute();
  await db.schema.alterTable('claim_links').addColumn('radius_km', 'double precision').execute();
  await db.schema.alterTable('claim_links').addColumn('first_day', 'integer').execute();
  await db.schema.alterTable('claim_links').addColumn('last_day', 'integer').execute();
  await db.schema.alterTable('text_signatures').addColumn('skeleton_size', 'integer').execute();
  await db.schema.createIndex('claim_links_order').on('claim_links').column('order_key').execute();

  const typed = db as unknown as Kysely<Database>;
  const rows = await typed
    .selectFrom('claim_links')
    .innerJoin('claims', 'claims.id', 'claim_links.claim_id')
    .innerJoin('reports', 'reports.id', 'claim_links.report_id')
    .select([
      'claim_links.claim_id as claimId',
      'claim_links.report_id as reportId',
      'claims.ordinal as ordinal',
      'claims.body as body',
      'reports.published as published',
      'reports.ingested_at as ingestedAt',
      'reports.source_name as sourceName',
    ])
    .execute();
  for (const r of rows) {
    const claim = JSON.parse(r.body) as Claim;
    const place = claim.place;
    const radius = place ? PLACE_RADIUS_KM[place.wherePrec] : undefined;
    const located = place && place.lat !== null && place.lon !== null && radius !== undefined && claim.date;
    await typed
      .updateTable('claim_links')
      .set({
        order_key: claimOrderKey(
          orderKeyOf({
            published: r.published ?? r.ingestedAt,
            reportId: r.reportId,
            sourceName: r.sourceName,
          }),
          Number(r.ordinal),
        ),
        family: located ? familyOf(claim.type as EventType, claim.subType) : null,
        lat: located ? place.lat : null,
        lon: located ? place.lon : null,
        radius_km: located ? radius : null,
        first_day: located ? day(claim.date!.start) : null,
        last_day: located ? day(claim.date!.end) : null,
      })
      .where('claim_id', '=', r.claimId)
      .execute();
  }
}
