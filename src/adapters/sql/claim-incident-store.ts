import { type Kysely, sql } from 'kysely';
import type { IncidentIndex } from '../../ports/resolution.ts';
import type { ClaimStore, IncidentStore } from '../../ports/store.ts';
import { claimToRow, incidentToRow, rowToClaim, rowToIncident } from './row-mapping.ts';
import type { Database } from './schema.ts';
import type { SpatialMode } from './sql-store.ts';

const CHUNK = 400;

export function sqlClaimStore(db: Kysely<Database>): ClaimStore {
  return {
    async replaceForReport(reportId, claims) {
      const before = await db.selectFrom('claims').select('id').where('report_id', '=', reportId).execute();
      await db.deleteFrom('claims').where('report_id', '=', reportId).execute();
      for (let i = 0; i < claims.length; i += CHUNK / 8) {
        const rows = claims.slice(i, i + CHUNK / 8).map(claimToRow);
        if (rows.length) await db.insertInto('claims').values(rows).execute();
      }
      const kept = new Set(claims.map((c) => c.id));
      return before.map((r) => r.id).filter((id) => !kept.has(id));
    },
    async forReport(reportId) {
      const rows = await db
        .selectFrom('claims')
        .select('body')
        .where('report_id', '=', reportId)
        .orderBy('ordinal')
        .execute();
      return rows.map(rowToClaim);
    },
    async get(ids) {
      const out = [];
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await db
          .selectFrom('claims')
          .select('body')
          .where('id', 'in', ids.slice(i, i + CHUNK))
          .execute();
        out.push(...rows.map(rowToClaim));
      }
      return out;
    },
    async count() {
      const row = await db
        .selectFrom('claims')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

/** The incident role without resolution's part (incident-index-store.ts adds that). */
export function sqlIncidentStore(
  db: Kysely<Database>,
  spatial: SpatialMode = 'plain',
): Omit<IncidentStore, keyof IncidentIndex> {
  return {
    async replaceForClaims(claimIds, incidents) {
      const stale = new Set<string>();
      for (let i = 0; i < claimIds.length; i += CHUNK) {
        const rows = await db
          .selectFrom('incident_claims')
          .select('incident_id')
          .where('claim_id', 'in', claimIds.slice(i, i + CHUNK))
          .execute();
        for (const r of rows) stale.add(r.incident_id);
      }
      const keep = new Set(incidents.map((i) => i.id));
      const gone = [...stale].filter((id) => !keep.has(id));
      for (let i = 0; i < gone.length; i += CHUNK) {
        await db
          .deleteFrom('incidents')
          .where('id', 'in', gone.slice(i, i + CHUNK))
          .execute();
      }
      for (const incident of incidents) {
        const row = incidentToRow(incident);
        await db
          .insertInto('incidents')
          .values(row)
          .onConflict((c) => c.column('id').doUpdateSet(row))
          .execute();
        await db.deleteFrom('incident_claims').where('incident_id', '=', incident.id).execute();
        // An incident imported from a dataset row lists no stored claims.
        if (incident.claimIds.length === 0) continue;
        await db
          .insertInto('incident_claims')
          .values(incident.claimIds.map((claim_id) => ({ incident_id: incident.id, claim_id })))
          .execute();
      }
      return gone;
    },
    async get(id) {
      const row = await db.selectFrom('incidents').select('body').where('id', '=', id).executeTakeFirst();
      return row ? rowToIncident(row) : null;
    },
    async list(filter = {}) {
      let q = db.selectFrom('incidents').select('body');
      if (filter.type) q = q.where('type', '=', filter.type);
      if (filter.grade) q = q.where('grade', '=', filter.grade);
      if (filter.from) q = q.where('date_end', '>=', filter.from);
      if (filter.to) q = q.where('date_start', '<=', filter.to);
      if (filter.bbox) {
        const [west, south, east, north] = filter.bbox;
        // The GiST index answers the same inclusive box; an inverted box matches nothing either way.
        if (spatial === 'postgis' && west <= east && south <= north)
          q = q.where(
            sql<boolean>`ST_SetSRID(ST_MakePoint(lon, lat), 4326) && ST_MakeEnvelope(${west}, ${south}, ${east}, ${north}, 4326)`,
          );
        q = q
          .where('lat', '>=', south)
          .where('lat', '<=', north)
          .where('lon', '>=', west)
          .where('lon', '<=', east);
      }
      const rows = await q
        // NULLS FIRST is SQLite's default; PostgreSQL's is the opposite, so say it.
        .orderBy('date_start', (ob) => ob.asc().nullsFirst())
        .orderBy('id')
        .limit(filter.limit ?? 10_000)
        .offset(filter.offset ?? 0)
        .execute();
      return rows.map(rowToIncident);
    },
    async count() {
      const row = await db
        .selectFrom('incidents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
