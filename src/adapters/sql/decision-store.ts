import type { Kysely } from 'kysely';
import type { Decision, DecisionStore } from '../../ports/resolution.ts';
import type { Database } from './schema.ts';

const CHUNK = 400;

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Analysts' decisions, the claims and incidents they name, and the fields they set. */
export function toDecision(row: Database['decisions']): Decision {
  return {
    id: row.id,
    kind: row.kind as Decision['kind'],
    actor: row.actor,
    at: row.at,
    reason: row.reason,
    incidentIds: JSON.parse(row.incident_ids),
    groups: JSON.parse(row.groups),
    ...(row.field !== null ? { field: row.field } : {}),
    ...(row.value !== null ? { value: JSON.parse(row.value) } : {}),
  };
}

export function sqlDecisionStore(db: Kysely<Database>): DecisionStore {
  async function byIds(ids: string[]): Promise<Decision[]> {
    const out: Decision[] = [];
    for (const part of chunks([...new Set(ids)])) {
      const rows = await db.selectFrom('decisions').selectAll().where('id', 'in', part).execute();
      out.push(...rows.map(toDecision));
    }
    return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
  }
  return {
    async record(d) {
      await db
        .insertInto('decisions')
        .values({
          id: d.id,
          kind: d.kind,
          actor: d.actor,
          at: d.at,
          reason: d.reason,
          incident_ids: JSON.stringify(d.incidentIds),
          groups: JSON.stringify(d.groups),
          field: d.field ?? null,
          value: d.value === undefined ? null : JSON.stringify(d.value),
        })
        .execute();
      const claims = [...new Set(d.groups.flatMap((g) => g.claimIds))];
      for (const part of chunks(claims, 200)) {
        await db
          .insertInto('decision_claims')
          .values(part.map((claim_id) => ({ decision_id: d.id, claim_id })))
          .execute();
      }
      const incidents = [...new Set([...d.incidentIds, ...d.groups.map((g) => g.incidentId)])];
      await db
        .insertInto('decision_incidents')
        .values(incidents.map((incident_id) => ({ decision_id: d.id, incident_id })))
        .execute();
    },
    async forClaims(claimIds) {
      const ids = new Set<string>();
      for (const part of chunks([...new Set(claimIds)])) {
        const rows = await db
          .selectFrom('decision_claims')
          .select('decision_id')
          .where('claim_id', 'in', part)
          .execute();
        for (const r of rows) ids.add(r.decision_id);
      }
      return byIds([...ids]);
    },
    async forIncident(incidentId) {
      const rows = await db
        .selectFrom('decision_incidents')
        .select('decision_id')
        .where('incident_id', '=', incidentId)
        .execute();
      return byIds(rows.map((r) => r.decision_id));
    },
    async overrides(incidentId) {
      const rows = await db
        .selectFrom('incident_overrides as o')
        .innerJoin('decisions as d', 'd.id', 'o.decision_id')
        .select(['o.field', 'o.value', 'o.decision_id', 'd.actor', 'd.at', 'd.reason'])
        .where('o.incident_id', '=', incidentId)
        .execute();
      return Object.fromEntries(
        rows.map((r) => [
          r.field,
          {
            value: JSON.parse(r.value),
            decisionId: r.decision_id,
            actor: r.actor,
            at: r.at,
            reason: r.reason,
          },
        ]),
      );
    },
    async setOverride(incidentId, field, value, decisionId) {
      const row = { incident_id: incidentId, field, value: JSON.stringify(value), decision_id: decisionId };
      await db
        .insertInto('incident_overrides')
        .values(row)
        .onConflict((c) =>
          c.columns(['incident_id', 'field']).doUpdateSet({ value: row.value, decision_id: decisionId }),
        )
        .execute();
    },
    async moveOverrides(from, to) {
      const kept = await db
        .selectFrom('incident_overrides')
        .select('field')
        .where('incident_id', '=', to)
        .execute();
      const taken = kept.map((r) => r.field);
      let q = db.updateTable('incident_overrides').set({ incident_id: to }).where('incident_id', '=', from);
      if (taken.length) q = q.where('field', 'not in', taken);
      await q.execute();
      await db.deleteFrom('incident_overrides').where('incident_id', '=', from).execute();
    },
  };
}
