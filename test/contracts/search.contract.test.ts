import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/domain/index.ts';
import type { Store } from '../../src/ports/store.ts';
import { storeFixtures } from '../support/stores.ts';
import { freshStoreEach } from './open-each.ts';
import { aClaim, anIncident, anOriginal, aReport } from './records.ts';

/** A report by `source` with one claim, and the incident made of it. */
async function anIncidentFrom(
  store: Store,
  seed: string,
  source: string,
  text: string,
  incident: Partial<Incident> = {},
): Promise<string> {
  const original = anOriginal(seed);
  const report = aReport(original, { sourceName: source, text, title: null });
  const claim = aClaim(report.id, 0);
  await store.atomically(async (tx) => {
    await tx.reports.recordOriginal(original);
    await tx.sources.ensure(source);
    await tx.reports.recordReport(report);
    await tx.claims.replaceForReport(report.id, [claim]);
    await tx.incidents.replaceForClaims([claim.id], [anIncident(`inc-${seed}`, [claim.id], incident)]);
  });
  return `inc-${seed}`;
}

const killed = (min: number, max: number | null) => ({
  killed: { min, max, text: `${min} killed` },
  injured: null,
  abducted: null,
  displaced: null,
});

describe.each(storeFixtures())('incident search on $name', (fixture) => {
  const s = freshStoreEach(fixture);

  async function aSmallRecord() {
    await anIncidentFrom(s.store, 'a', 'Coastal Monitor', 'Shelling hit the market in Jableh.', {
      date: { start: '2025-03-02', end: '2025-03-02', precision: 1 },
      casualties: killed(3, 5),
      published: true,
    });
    await anIncidentFrom(s.store, 'b', 'Harbour Daily', 'Families fled Baniyas.', {
      type: 'Displacement',
      subType: null,
      grade: 'fair',
      date: { start: '2025-03-02', end: '2025-03-04', precision: 2 },
    });
    await anIncidentFrom(s.store, 'c', 'North Wire', 'Gunmen killed shepherds near Tartus.', {
      grade: 'contested',
      date: null,
      casualties: killed(2, null),
      place: null,
    });
    await anIncidentFrom(s.store, 'd', 'Coastal Monitor', 'Market traders in Jableh reported looting.', {
      date: { start: '2025-03-01', end: '2025-03-01', precision: 1 },
      casualties: killed(1, 1),
    });
  }

  it('finds incidents by the words of their reports, their source and their origin group, with a total', async () => {
    await aSmallRecord();
    const ids = async (q: Parameters<Store['search']['find']>[0]) =>
      (await s.store.search.find(q)).incidents.map((i) => i.id);
    expect(await ids({ text: 'jableh market' })).toEqual(['inc-d', 'inc-a']);
    expect(await ids({ text: 'MARKET' })).toEqual(['inc-d', 'inc-a']);
    expect(await ids({ source: 'Coastal Monitor' })).toEqual(['inc-d', 'inc-a']);
    const wire = (await s.store.sources.list()).find((x) => x.name === 'North Wire')!;
    await s.store.sources.setOriginGroup(wire.id, 'Coastal Monitor');
    expect(await ids({ origin: 'Coastal Monitor' })).toEqual(['inc-c', 'inc-d', 'inc-a']);
    expect(await ids({ publishedOnly: true })).toEqual(['inc-a']);
    const page = await s.store.search.find({ limit: 2, offset: 1 });
    expect(page.total).toBe(4);
    expect(page.incidents.map((i) => i.id)).toEqual(['inc-d', 'inc-a']);
  });

  it('lists undated incidents first, as the incident list does', async () => {
    await aSmallRecord();
    const found = (await s.store.search.find({})).incidents.map((i) => i.id);
    expect(found).toEqual((await s.store.incidents.list()).map((i) => i.id));
    expect(found[0]).toBe('inc-c');
  });

  it('gives map points only for located incidents, with their casualty range', async () => {
    await aSmallRecord();
    const points = (await s.store.search.points({})).sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(points.map((p) => p.id)).toEqual(['inc-a', 'inc-b', 'inc-d']);
    expect(points[0]).toMatchObject({
      id: 'inc-a',
      lat: 35.3614,
      lon: 35.9256,
      grade: 'weak',
      date: '2025-03-02',
      killedMin: 3,
      killedMax: 5,
      published: true,
      hiding: false,
    });
    expect(points[1]).toMatchObject({ killedMin: null, killedMax: null, published: false });
  });

  it('caps map points at the limit, the same ones on every store', async () => {
    await aSmallRecord();
    expect((await s.store.search.points({ limit: 2 })).map((p) => p.id)).toEqual(['inc-a', 'inc-b']);
  });

  it('counts incidents and the killed per day and grade, in day then grade order', async () => {
    await aSmallRecord();
    await anIncidentFrom(s.store, 'e', 'Valley Voice', 'Shelling in Jableh again.', {
      grade: 'fair',
      date: { start: '2025-03-02', end: '2025-03-02', precision: 1 },
      casualties: killed(4, 4),
    });
    expect(await s.store.search.days({})).toEqual([
      { day: '2025-03-01', grade: 'weak', incidents: 1, killedMin: 1 },
      { day: '2025-03-02', grade: 'fair', incidents: 2, killedMin: 4 },
      { day: '2025-03-02', grade: 'weak', incidents: 1, killedMin: 3 },
    ]);
  });
});
