import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/domain/index.ts';
import type { Store } from '../../src/ports/store.ts';
import { storeFixtures } from '../support/stores.ts';
import { freshStoreEach } from './open-each.ts';
import { aClaim, anIncident, anOriginal, aReport } from './records.ts';

/** Stores a report with `n` claims and returns the claim ids. */
async function claimsOf(store: Store, seed: string, n: number): Promise<string[]> {
  const original = anOriginal(seed);
  await store.reports.recordOriginal(original);
  const report = aReport(original);
  await store.reports.recordReport(report);
  const claims = Array.from({ length: n }, (_, i) => aClaim(report.id, i));
  await store.claims.replaceForReport(report.id, claims);
  return claims.map((c) => c.id);
}

const at = (lat: number, lon: number, name = 'Somewhere'): NonNullable<Incident['place']> => ({
  name,
  lat,
  lon,
  country: 'SY',
  admin1: null,
  wherePrec: 1,
  geoPrecision: 1,
  gazetteerId: null,
});

describe.each(storeFixtures())('the incident store on $name', (fixture) => {
  const s = freshStoreEach(fixture);

  it('gives back a recorded incident exactly', async () => {
    const [c0, c1] = await claimsOf(s.store, 'one', 2);
    const incident = anIncident('inc-1', [c0!, c1!], {
      casualties: {
        killed: { min: 12, max: null, text: 'at least a dozen' },
        injured: null,
        abducted: null,
        displaced: { min: 100, max: 1000, text: 'hundreds of families', best: 400 },
      },
    });
    await s.store.incidents.replaceForClaims([c0!, c1!], [incident]);
    expect(await s.store.incidents.get('inc-1')).toEqual(incident);
    expect(await s.store.incidents.get('inc-none')).toBeNull();
    expect(await s.store.incidents.count()).toBe(1);
  });

  it('drops the incidents its claims no longer make and updates the ones they still make', async () => {
    const [c0, c1, c2] = await claimsOf(s.store, 'merge', 3);
    await s.store.incidents.replaceForClaims(
      [c0!, c1!, c2!],
      [anIncident('inc-a', [c0!]), anIncident('inc-b', [c1!]), anIncident('inc-c', [c2!])],
    );
    const merged = anIncident('inc-a', [c0!, c1!], { grade: 'fair', version: 2 });
    await s.store.incidents.replaceForClaims([c0!, c1!], [merged]);
    expect(await s.store.incidents.get('inc-a')).toEqual(merged);
    expect(await s.store.incidents.get('inc-b')).toBeNull();
    expect(await s.store.incidents.get('inc-c')).not.toBeNull();
    expect(await s.store.incidents.count()).toBe(2);
  });

  it('filters by type, grade and overlapping dates', async () => {
    const ids = await claimsOf(s.store, 'filters', 4);
    await s.store.incidents.replaceForClaims(ids, [
      anIncident('inc-1', [ids[0]!], { date: { start: '2025-03-01', end: '2025-03-03', precision: 2 } }),
      anIncident('inc-2', [ids[1]!], {
        grade: 'fair',
        date: { start: '2025-03-05', end: '2025-03-05', precision: 1 },
      }),
      anIncident('inc-3', [ids[2]!], {
        type: 'Displacement',
        subType: null,
        date: { start: '2025-03-07', end: '2025-03-14', precision: 3 },
      }),
      anIncident('inc-4', [ids[3]!], { date: null }),
    ]);
    const list = async (f: Parameters<Store['incidents']['list']>[0]) =>
      (await s.store.incidents.list(f)).map((i) => i.id);
    expect(await list({ type: 'Displacement' })).toEqual(['inc-3']);
    expect(await list({ grade: 'fair' })).toEqual(['inc-2']);
    expect(await list({ from: '2025-03-03', to: '2025-03-05' })).toEqual(['inc-1', 'inc-2']);
    expect(await list({ from: '2025-03-10' })).toEqual(['inc-3']);
    expect(await list({ to: '2025-03-01' })).toEqual(['inc-1']);
  });

  it('lists undated incidents first, then by start date and id, and pages', async () => {
    const ids = await claimsOf(s.store, 'order', 4);
    await s.store.incidents.replaceForClaims(ids, [
      anIncident('inc-d', [ids[0]!], { date: { start: '2025-03-02', end: '2025-03-02', precision: 1 } }),
      anIncident('inc-c', [ids[1]!], { date: { start: '2025-03-01', end: '2025-03-01', precision: 1 } }),
      anIncident('inc-b', [ids[2]!], { date: null }),
      anIncident('inc-a', [ids[3]!], { date: { start: '2025-03-02', end: '2025-03-04', precision: 2 } }),
    ]);
    const all = (await s.store.incidents.list()).map((i) => i.id);
    expect(all).toEqual(['inc-b', 'inc-c', 'inc-a', 'inc-d']);
    expect((await s.store.incidents.list({ limit: 2, offset: 1 })).map((i) => i.id)).toEqual([
      'inc-c',
      'inc-a',
    ]);
  });

  it('filters by a bounding box, edges included, leaving out incidents without coordinates', async () => {
    const ids = await claimsOf(s.store, 'bbox', 5);
    await s.store.incidents.replaceForClaims(ids, [
      anIncident('inc-jableh', [ids[0]!], { place: at(35.3614, 35.9256, 'Jableh') }),
      anIncident('inc-damascus', [ids[1]!], { place: at(33.5102, 36.2913, 'Damascus') }),
      anIncident('inc-edge', [ids[2]!], { place: at(35, 36, 'Edge') }),
      anIncident('inc-nowhere', [ids[3]!], { place: null }),
      anIncident('inc-named', [ids[4]!], {
        place: { ...at(0, 0, 'Unknown village'), lat: null, lon: null, wherePrec: 4, geoPrecision: 3 },
      }),
    ]);
    const inBox = async (bbox: [number, number, number, number]) =>
      (await s.store.incidents.list({ bbox })).map((i) => i.id).sort();
    expect(await inBox([35.5, 35, 36, 36])).toEqual(['inc-edge', 'inc-jableh']);
    expect(await inBox([35, 32, 37, 37])).toEqual(['inc-damascus', 'inc-edge', 'inc-jableh']);
    expect(await inBox([-10, -10, 10, 10])).toEqual([]);
    expect(await inBox([37, 32, 35, 37])).toEqual([]);
  });
});
