import type { Kysely } from 'kysely';
import type { Contradiction, ContradictionStore, StandingStatement } from '../../ports/resolution.ts';
import type { Database, StandingStatementsTable } from './schema.ts';

function chunks<T>(list: T[], size = 400): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Contradictions with both sides, and the standing statements events are checked against. */
function toContradiction(row: Database['contradictions']): Contradiction {
  return {
    id: row.id,
    kind: row.kind as Contradiction['kind'],
    incidentId: row.incident_id,
    otherIncidentId: row.other_incident_id,
    sideA: JSON.parse(row.side_a),
    sideB: JSON.parse(row.side_b),
    summary: row.summary,
  };
}

function toStatement(row: StandingStatementsTable): StandingStatement {
  return {
    claimId: row.claim_id,
    incidentId: row.incident_id,
    kind: row.kind as StandingStatement['kind'],
    family: row.family as StandingStatement['family'],
    lat: row.lat,
    lon: row.lon,
    radiusKm: row.radius_km,
    firstDay: Number(row.first_day),
    lastDay: Number(row.last_day),
    actors: JSON.parse(row.actors),
    label: row.label,
  };
}

/** How far past its last day an "operation over" statement can concern an event (assess.ts). */
const STATEMENT_WINDOW_DAYS = 30;

export function sqlContradictionStore(db: Kysely<Database>): ContradictionStore {
  return {
    async replaceFor(incidentId, list) {
      await db.deleteFrom('contradictions').where('incident_id', '=', incidentId).execute();
      for (const part of chunks(list, 50)) {
        await db
          .insertInto('contradictions')
          .values(
            part.map((c) => ({
              id: c.id,
              kind: c.kind,
              incident_id: c.incidentId,
              other_incident_id: c.otherIncidentId,
              side_a: JSON.stringify(c.sideA),
              side_b: JSON.stringify(c.sideB),
              summary: c.summary,
            })),
          )
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      }
    },
    async forIncident(incidentId) {
      const rows = await db
        .selectFrom('contradictions')
        .selectAll()
        .where((eb) => eb.or([eb('incident_id', '=', incidentId), eb('other_incident_id', '=', incidentId)]))
        .orderBy('id')
        .execute();
      return rows.map(toContradiction);
    },
    async putStatement(s) {
      const row = {
        claim_id: s.claimId,
        incident_id: s.incidentId,
        kind: s.kind,
        family: s.family,
        lat: s.lat,
        lon: s.lon,
        radius_km: s.radiusKm,
        first_day: s.firstDay,
        last_day: s.lastDay,
        actors: JSON.stringify(s.actors),
        label: s.label,
      };
      await db
        .insertInto('standing_statements')
        .values(row)
        .onConflict((c) => c.column('claim_id').doUpdateSet(row))
        .execute();
    },
    async dropStatements(claimIds) {
      for (const part of chunks(claimIds)) {
        await db.deleteFrom('standing_statements').where('claim_id', 'in', part).execute();
      }
    },
    async statementsNear(block) {
      const rows = await db
        .selectFrom('standing_statements')
        .selectAll()
        .where('first_day', '<=', block.lastDay)
        .where('last_day', '>=', block.firstDay - STATEMENT_WINDOW_DAYS)
        .execute();
      return rows.map(toStatement).filter((s) => {
        const dLat = Math.abs(s.lat - block.lat) * 111;
        return dLat <= s.radiusKm + block.reachKm;
      });
    },
  };
}
