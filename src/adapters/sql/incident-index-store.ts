import type { Kysely } from 'kysely';
import { type IncidentIndex, type IncidentProfile, RADIUS_CLASSES_KM } from '../../ports/resolution.ts';
import { incidentToRow, rowToIncident } from './row-mapping.ts';
import type { Database } from './schema.ts';

const CHUNK = 400;
const DAY_MS = 86_400_000;
const iso = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * Resolution's side of the incident role: candidate search over the `incidents_block` index
 * (family, radius class, latitude band, then longitude and days), and recording an incident
 * with the profile clustering compares claims against.
 */
export function sqlIncidentIndex(db: Kysely<Database>): IncidentIndex {
  return {
    async findCandidates(block) {
      const out: IncidentProfile[] = [];
      const first = iso(block.firstDay);
      const last = iso(block.lastDay);
      const cos = Math.max(0.05, Math.cos((block.lat * Math.PI) / 180));
      // One narrow query per radius class beats one wide one: most incidents are precise.
      // A statement's search (`coarse`) also reaches incidents too coarse to have a radius
      // ("Syria"), which an event's never joins.
      const classes: (number | null)[] = block.coarse ? [...RADIUS_CLASSES_KM, null] : [...RADIUS_CLASSES_KM];
      for (const radius of classes) {
        const reach = block.reachKm + (radius ?? 0);
        const dLat = reach / 110.574;
        const dLon = reach / (111.32 * cos);
        let q = db.selectFrom('incidents').select('profile').where('family', '=', block.family);
        q = radius === null ? q.where('radius_km', 'is', null) : q.where('radius_km', '=', radius);
        const rows = await q
          .where('lat', '>=', block.lat - dLat)
          .where('lat', '<=', block.lat + dLat)
          .where('lon', '>=', block.lon - dLon)
          .where('lon', '<=', block.lon + dLon)
          .where('date_start', '<=', last)
          .where('date_end', '>=', first)
          .execute();
        for (const r of rows) {
          if (!r.profile) continue;
          const p = JSON.parse(r.profile) as IncidentProfile;
          if (p.mode === 'event') out.push(p);
        }
      }
      return out;
    },
    async getMany(ids) {
      const out = [];
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = await db
          .selectFrom('incidents')
          .select('body')
          .where('id', 'in', unique.slice(i, i + CHUNK))
          .execute();
        out.push(...rows.map(rowToIncident));
      }
      return out;
    },
    async profiles(ids) {
      const out: IncidentProfile[] = [];
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = await db
          .selectFrom('incidents')
          .select('profile')
          .where('id', 'in', unique.slice(i, i + CHUNK))
          .execute();
        for (const r of rows) if (r.profile) out.push(JSON.parse(r.profile));
      }
      return out;
    },
    async save(incident, profile) {
      const row = {
        ...incidentToRow(incident),
        family: profile.family,
        radius_km: profile.radiusKm,
        independence: incident.independence,
        profile: JSON.stringify(profile),
      };
      await db
        .insertInto('incidents')
        .values(row)
        .onConflict((c) => c.column('id').doUpdateSet(row))
        .execute();
      await db.deleteFrom('incident_claims').where('incident_id', '=', incident.id).execute();
      for (let i = 0; i < incident.claimIds.length; i += CHUNK) {
        await db
          .insertInto('incident_claims')
          .values(
            incident.claimIds.slice(i, i + CHUNK).map((claim_id) => ({ incident_id: incident.id, claim_id })),
          )
          .execute();
      }
    },
    async retire(id) {
      await db
        .deleteFrom('contradictions')
        .where((eb) => eb.or([eb('incident_id', '=', id), eb('other_incident_id', '=', id)]))
        .execute();
      await db.deleteFrom('incident_claims').where('incident_id', '=', id).execute();
      await db.deleteFrom('incidents').where('id', '=', id).execute();
    },
    async existing(ids) {
      const found = new Set<string>();
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = await db
          .selectFrom('incidents')
          .select('id')
          .where('id', 'in', unique.slice(i, i + CHUNK))
          .execute();
        for (const r of rows) found.add(r.id);
      }
      return found;
    },
  };
}
