import { expect } from 'vitest';
import type { Store } from '../../src/ports/store.ts';

/**
 * What a user sees of a record, minus the moments things happened: reports, claims,
 * incidents (with grades), tallies by type and grade, and how many ledger entries of each kind.
 * Two runs over the same inputs must give equal snapshots whatever the order and parallelism.
 */
export async function snapshot(store: Store) {
  const reports = (await store.reports.list({ limit: 1_000_000 }))
    .map((r) => ({ id: r.id, status: r.status, title: r.title, text: r.text, source: r.sourceName }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const claims: unknown[] = [];
  for (const r of reports) claims.push(...(await store.claims.forReport(r.id)));
  const incidents = (await store.incidents.list({ limit: 1_000_000 }))
    .map(({ updatedAt: _u, version: _v, ...rest }) => ({ ...rest, claimIds: [...rest.claimIds].sort() }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const tally = (key: (i: (typeof incidents)[number]) => string) => {
    const out: Record<string, number> = {};
    for (const i of incidents) out[key(i)] = (out[key(i)] ?? 0) + 1;
    return out;
  };
  const size = await store.ledger.size();
  const ledgerKinds: Record<string, number> = {};
  for (let from = 1; from <= size; from += 5000) {
    for (const e of await store.ledger.range(from, from + 4999))
      ledgerKinds[e.kind] = (ledgerKinds[e.kind] ?? 0) + 1;
  }
  return {
    reports,
    claims,
    incidents,
    tallies: { byType: tally((i) => i.type), byGrade: tally((i) => i.grade) },
    ledgerKinds,
    ledgerSize: size,
  };
}

export type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/**
 * Asserts that a record built by workers is the record one process builds. What the queue
 * itself guarantees is always checked: the same reports and claims, each report ingested once
 * and each claim extracted once, every claim in exactly one incident. Incidents, grades and
 * tallies are compared too when resolution does not depend on the order reports arrive in
 * (`orderFree`: two single-process runs in different orders agree); when it does, workers
 * cannot match one particular order, and a warning says so.
 */
export function expectSameRecord(result: Snapshot, reference: Snapshot, orderFree: boolean): void {
  expect(result.reports).toEqual(reference.reports);
  expect(result.claims).toEqual(reference.claims);
  for (const kind of ['report.ingested', 'claim.extracted']) {
    expect(result.ledgerKinds[kind], kind).toBe(reference.ledgerKinds[kind]);
  }
  const covered = (s: Snapshot) => s.incidents.flatMap((i) => i.claimIds).sort();
  const inResult = covered(result);
  expect(new Set(inResult).size, 'a claim is in two incidents').toBe(inResult.length);
  expect(inResult).toEqual(covered(reference));
  if (orderFree) {
    expect(result.tallies).toEqual(reference.tallies);
    expect(result.incidents).toEqual(reference.incidents);
    expect(result.ledgerKinds).toEqual(reference.ledgerKinds);
  } else {
    console.warn(
      'resolution depends on the order reports arrive in (two single-process SQLite runs in different orders differ): ' +
        'incidents, grades and tallies of a parallel run cannot equal one particular order, and were not compared',
    );
  }
}

/** Whether two snapshots agree on incidents and tallies (the resolver is order-free on this corpus). */
export function sameIncidents(a: Snapshot, b: Snapshot): boolean {
  return JSON.stringify([a.incidents, a.tallies]) === JSON.stringify([b.incidents, b.tallies]);
}
