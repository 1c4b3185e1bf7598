import type { Kysely } from 'kysely';
import type {
  ClaimLink,
  ClaimLinkStore,
  Contradiction,
  ContradictionStore,
  Decision,
  DecisionStore,
  NearDuplicateStore,
  StandingStatement,
  TextSignature,
} from '../../ports/resolution.ts';
import type { Database, StandingStatementsTable, TextSignaturesTable } from './schema.ts';

const CHUNK = 400;

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function toLink(row: Database['claim_links']): ClaimLink {
  return {
    claimId: row.claim_id,
    reportId: row.report_id,
    incidentId: row.incident_id,
    origin: JSON.parse(row.origin),
    derivedFromClaim: row.derived_from_claim,
    reason: JSON.parse(row.reason),
    seq: Number(row.seq),
  };
}

export function sqlClaimLinkStore(db: Kysely<Database>): ClaimLinkStore {
  async function where(
    column: 'report_id' | 'incident_id' | 'claim_id' | 'origin_source_id',
    values: string[],
  ) {
    const out: ClaimLink[] = [];
    for (const part of chunks([...new Set(values)])) {
      const rows = await db
        .selectFrom('claim_links')
        .selectAll()
        .where(column, 'in', part)
        .orderBy('seq')
        .execute();
      out.push(...rows.map(toLink));
    }
    return out;
  }
  return {
    forReport: (reportId) => where('report_id', [reportId]),
    forIncidents: (ids) => where('incident_id', ids),
    forClaims: (ids) => where('claim_id', ids),
    forSources: (ids) => where('origin_source_id', ids),
    async put(links) {
      for (const part of chunks(links, 50)) {
        const rows = part.map((l) => ({
          claim_id: l.claimId,
          report_id: l.reportId,
          incident_id: l.incidentId,
          origin: JSON.stringify(l.origin),
          origin_source_id: l.origin.sourceId,
          derived_from_claim: l.derivedFromClaim,
          reason: JSON.stringify(l.reason),
          seq: l.seq,
        }));
        await db
          .insertInto('claim_links')
          .values(rows)
          .onConflict((c) =>
            c.column('claim_id').doUpdateSet((eb) => ({
              report_id: eb.ref('excluded.report_id'),
              incident_id: eb.ref('excluded.incident_id'),
              origin: eb.ref('excluded.origin'),
              origin_source_id: eb.ref('excluded.origin_source_id'),
              derived_from_claim: eb.ref('excluded.derived_from_claim'),
              reason: eb.ref('excluded.reason'),
              seq: eb.ref('excluded.seq'),
            })),
          )
          .execute();
      }
    },
    async drop(claimIds) {
      for (const part of chunks(claimIds))
        await db.deleteFrom('claim_links').where('claim_id', 'in', part).execute();
    },
    async lastSeq() {
      const row = await db
        .selectFrom('claim_links')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst();
      return Number(row?.seq ?? 0);
    },
  };
}

const hex = (sig: number[]) => sig.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
const unhex = (s: string) => {
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 8) out.push(Number.parseInt(s.slice(i, i + 8), 16));
  return out;
};

function toSignature(row: TextSignaturesTable, bands: string[] = []): TextSignature {
  return {
    reportId: row.report_id,
    sourceName: row.source_name,
    published: row.published,
    ingestedAt: row.ingested_at,
    words: unhex(row.words),
    skeleton: unhex(row.skeleton),
    bands,
    derivedFrom: row.derived_from,
    similarity: row.similarity,
  };
}

export function sqlNearDuplicateStore(db: Kysely<Database>): NearDuplicateStore {
  return {
    async similar(bandKeys, exceptReportId) {
      const ids = new Set<string>();
      for (const part of chunks([...new Set(bandKeys)])) {
        const rows = await db
          .selectFrom('signature_bands')
          .select('report_id')
          .where('band', 'in', part)
          .where('report_id', '!=', exceptReportId)
          .execute();
        for (const r of rows) ids.add(r.report_id);
      }
      const out: TextSignature[] = [];
      for (const part of chunks([...ids])) {
        const rows = await db
          .selectFrom('text_signatures')
          .selectAll()
          .where('report_id', 'in', part)
          .execute();
        out.push(...rows.map((r) => toSignature(r)));
      }
      return out.sort((a, b) => (a.reportId < b.reportId ? -1 : 1));
    },
    async get(reportId) {
      const row = await db
        .selectFrom('text_signatures')
        .selectAll()
        .where('report_id', '=', reportId)
        .executeTakeFirst();
      return row ? toSignature(row) : null;
    },
    async put(sig) {
      const row = {
        report_id: sig.reportId,
        source_name: sig.sourceName,
        published: sig.published,
        ingested_at: sig.ingestedAt,
        words: hex(sig.words),
        skeleton: hex(sig.skeleton),
        derived_from: sig.derivedFrom,
        similarity: sig.similarity,
      };
      await db
        .insertInto('text_signatures')
        .values(row)
        .onConflict((c) => c.column('report_id').doUpdateSet(row))
        .execute();
      // A signature read back for re-rooting carries no bands: keep the ones recorded.
      if (sig.bands.length) {
        await db.deleteFrom('signature_bands').where('report_id', '=', sig.reportId).execute();
        for (const part of chunks([...new Set(sig.bands)], 200)) {
          await db
            .insertInto('signature_bands')
            .values(part.map((band) => ({ band, report_id: sig.reportId })))
            .execute();
        }
      }
    },
    async derivedFrom(reportId) {
      const rows = await db
        .selectFrom('text_signatures')
        .selectAll()
        .where('derived_from', '=', reportId)
        .execute();
      return rows.map((r) => toSignature(r));
    },
  };
}

function toDecision(row: Database['decisions']): Decision {
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
