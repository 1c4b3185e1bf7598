import { expect } from 'vitest';
import type { Incident } from '../../src/domain/incident.ts';
import { TALLY_KEYS, tally } from '../../src/pipeline/resolve/tally.ts';
import type { Store } from '../../src/ports/store.ts';

const PAGE = 5000;
const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * What a user sees of a record, minus the moments things happened and the order they happened
 * in: reports, claims, incidents (membership, type, place, date, casualty ranges, grade and its
 * reason, independence), each claim's origin, contradictions, tallies by every key, and how
 * many reports were ingested and claims extracted according to the ledger. Two runs over the
 * same set of inputs must give equal snapshots whatever the order, the repeats and the
 * parallelism.
 */
export async function snapshot(store: Store) {
  const reports = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.reports.list({ limit: PAGE, offset });
    reports.push(
      ...page.map((r) => ({
        id: r.id,
        status: r.status,
        title: r.title,
        text: r.text,
        source: r.sourceName,
        published: r.published,
      })),
    );
    if (page.length < PAGE) break;
  }
  reports.sort(byId);
  const claims = [];
  const origins: Record<string, string> = {};
  for (const r of reports) {
    claims.push(...(await store.claims.forReport(r.id)));
    for (const link of await store.claimLinks.forReport(r.id)) origins[link.claimId] = link.origin.label;
  }
  const all: Incident[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.incidents.list({ limit: PAGE, offset });
    all.push(...page);
    if (page.length < PAGE) break;
  }
  const incidents = all
    .map(({ updatedAt: _u, version: _v, ...rest }) => ({ ...rest, claimIds: [...rest.claimIds].sort() }))
    .sort(byId);
  const contradictions = new Map<string, unknown>();
  for (const incident of incidents) {
    for (const c of await store.contradictions.forIncident(incident.id)) {
      contradictions.set(c.id, { ...c, sideA: [...c.sideA].sort(), sideB: [...c.sideB].sort() });
    }
  }
  const tallies = Object.fromEntries(
    [undefined, ...TALLY_KEYS].map((by) => [by ?? 'all', tally(all, { by, minGrade: 'discounted' })]),
  );
  const size = await store.ledger.size();
  const ledgerKinds: Record<string, number> = {};
  for (let from = 1; from <= size; from += PAGE) {
    for (const e of await store.ledger.range(from, from + PAGE - 1))
      ledgerKinds[e.kind] = (ledgerKinds[e.kind] ?? 0) + 1;
  }
  return {
    reports,
    claims,
    origins,
    incidents,
    contradictions: [...contradictions.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, c]) => c),
    tallies,
    ledgerKinds,
    ledgerSize: size,
  };
}

export type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/**
 * Where two lists of records keyed by id differ: ids only in one, and ids whose records differ
 * (with the first few of each, in full, to debug from). Empty when they are equal. Cheaper to
 * read than a deep-equality diff of ten thousand incidents.
 */
export function differences<T>(name: string, actual: T[], expected: T[], key: (x: T) => string): string[] {
  const a = new Map(actual.map((x) => [key(x), JSON.stringify(x)]));
  const b = new Map(expected.map((x) => [key(x), JSON.stringify(x)]));
  const onlyA = [...a.keys()].filter((k) => !b.has(k));
  const onlyB = [...b.keys()].filter((k) => !a.has(k));
  const changed = [...a.keys()].filter((k) => b.has(k) && a.get(k) !== b.get(k));
  const out: string[] = [];
  if (onlyA.length)
    out.push(
      `${onlyA.length} ${name} only in the result, e.g. ${onlyA
        .slice(0, 3)
        .map((k) => a.get(k))
        .join(' ')}`,
    );
  if (onlyB.length)
    out.push(
      `${onlyB.length} ${name} only in the reference, e.g. ${onlyB
        .slice(0, 3)
        .map((k) => b.get(k))
        .join(' ')}`,
    );
  for (const k of changed.slice(0, 3))
    out.push(`${name} ${k} differs:\n  result    ${a.get(k)}\n  reference ${b.get(k)}`);
  if (changed.length > 3) out.push(`… and ${changed.length - 3} more ${name} differ`);
  return out;
}

/**
 * Asserts that a record built by workers (or in another order) is the record one process
 * builds: the same reports and claims, the same incidents with the same members, grades,
 * casualty ranges and places, the same origins, contradictions and tallies, and each report
 * ingested once and each claim extracted once. How many times an incident was re-resolved on
 * the way is not compared: that depends on the order by nature.
 */
export function expectSameRecord(result: Snapshot, reference: Snapshot): void {
  const asList = (o: Record<string, string>) => Object.entries(o).map(([id, label]) => ({ id, label }));
  const problems = [
    ...differences('reports', result.reports, reference.reports, (r) => r.id),
    ...differences('claims', result.claims, reference.claims, (c) => c.id),
    ...differences('incidents', result.incidents, reference.incidents, (i) => i.id),
    ...differences('origins', asList(result.origins), asList(reference.origins), (o) => o.id),
    ...differences('contradictions', result.contradictions, reference.contradictions, (c) =>
      JSON.stringify(c),
    ),
    ...differences('tallies', Object.entries(result.tallies), Object.entries(reference.tallies), ([k]) => k),
  ];
  for (const kind of ['report.ingested', 'claim.extracted']) {
    if (result.ledgerKinds[kind] !== reference.ledgerKinds[kind]) {
      problems.push(
        `${kind}: ${result.ledgerKinds[kind]} ledger entries, the reference has ${reference.ledgerKinds[kind]}`,
      );
    }
  }
  expect(problems, problems.join('\n')).toEqual([]);
}
