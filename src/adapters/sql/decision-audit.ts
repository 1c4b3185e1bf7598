import type { Kysely } from 'kysely';
import { canonicalJson } from '../../ledger/canonical.ts';
import type { AuditedRecord } from '../../ports/record-audit.ts';
import { toDecision } from './decision-store.ts';
import type { Database } from './schema.ts';

const PAGE = 500;

function grouped(rows: { key: string; value: string }[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = out.get(r.key) ?? new Set<string>();
    set.add(r.value);
    out.set(r.key, set);
  }
  return out;
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

const listed = (s: Set<string>) => [...s].sort().join(', ') || 'none';

/**
 * Analysts' decisions for `vigil verify`. The ledger digests each decision, but resolution
 * finds the decisions that bind a claim or an incident through the index tables and applies
 * set fields from `incident_overrides`; a row added to or taken from those behind the
 * decision's back would silently undo an analyst's split or change a field, so each must
 * agree with the decision it names. Decisions are few (one per analyst action), so the index
 * rows are read whole.
 */
export async function* decisionAuditRecords(db: Kysely<Database>): AsyncIterable<AuditedRecord> {
  const claimRows = await db
    .selectFrom('decision_claims')
    .select(['decision_id as key', 'claim_id as value'])
    .execute();
  const incidentRows = await db
    .selectFrom('decision_incidents')
    .select(['decision_id as key', 'incident_id as value'])
    .execute();
  const claimsOf = grouped(claimRows);
  const incidentsOf = grouped(incidentRows);
  const overrides = await db.selectFrom('incident_overrides').selectAll().execute();
  const seen = new Set<string>();
  let after: string | null = null;
  for (;;) {
    let q = db.selectFrom('decisions').selectAll();
    if (after !== null) q = q.where('id', '>', after);
    const rows = await q.orderBy('id').limit(PAGE).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      seen.add(row.id);
      const problems: string[] = [];
      let record: ReturnType<typeof toDecision> | undefined;
      try {
        record = toDecision(row);
      } catch (error) {
        problems.push(`the stored row cannot be read: ${(error as Error).message}`);
      }
      if (record) {
        const claims = new Set(record.groups.flatMap((g) => g.claimIds));
        const indexedClaims = claimsOf.get(row.id) ?? new Set<string>();
        if (!sameSet(claims, indexedClaims)) {
          problems.push(
            `its claim index (decision_claims) lists ${listed(indexedClaims)}, but the decision names ${listed(claims)}`,
          );
        }
        const incidents = new Set([...record.incidentIds, ...record.groups.map((g) => g.incidentId)]);
        const indexedIncidents = incidentsOf.get(row.id) ?? new Set<string>();
        if (!sameSet(incidents, indexedIncidents)) {
          problems.push(
            `its incident index (decision_incidents) lists ${listed(indexedIncidents)}, but the decision names ${listed(incidents)}`,
          );
        }
        for (const o of overrides.filter((x) => x.decision_id === row.id)) {
          const agrees =
            record.kind === 'set' &&
            record.incidentIds.includes(o.incident_id) &&
            record.field === o.field &&
            canonicalJson(JSON.parse(o.value)) === canonicalJson(record.value);
          if (!agrees) {
            problems.push(
              `incident ${o.incident_id} has ${o.field} = ${o.value} in incident_overrides, which this decision did not set`,
            );
          }
        }
      }
      yield { family: 'decision', subject: row.id, record, problems };
    }
    after = rows[rows.length - 1]!.id;
  }
  for (const o of overrides) {
    if (seen.has(o.decision_id)) continue;
    yield {
      family: 'decision',
      subject: o.decision_id,
      record: undefined,
      problems: [
        `incident ${o.incident_id} has ${o.field} = ${o.value} in incident_overrides, set by this decision, which is not stored`,
      ],
    };
  }
}
