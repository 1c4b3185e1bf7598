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
