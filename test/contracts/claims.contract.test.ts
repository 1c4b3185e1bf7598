import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.ts';
import { storeFixtures } from '../support/stores.ts';
import { freshStoreEach } from './open-each.ts';
import { aClaim, anOriginal, aReport } from './records.ts';

async function aStoredReport(store: Store, seed: string): Promise<string> {
  const original = anOriginal(seed);
  await store.reports.recordOriginal(original);
  const report = aReport(original);
  await store.reports.recordReport(report);
  return report.id;
}

describe.each(storeFixtures())('the claim store on $name', (fixture) => {
  const s = freshStoreEach(fixture);

  it('gives back a report’s claims exactly, in ordinal order', async () => {
    const reportId = await aStoredReport(s.store, 'r1');
    const claims = [2, 0, 1].map((i) =>
      aClaim(reportId, i, i === 1 ? { place: null, date: null, subType: null } : {}),
    );
    await s.store.claims.replaceForReport(reportId, claims);
    expect(await s.store.claims.forReport(reportId)).toEqual([claims[1], claims[2], claims[0]]);
  });

  it('replaces every claim of a report when it is extracted again', async () => {
    const reportId = await aStoredReport(s.store, 'r2');
    await s.store.claims.replaceForReport(reportId, [
      aClaim(reportId, 0),
      aClaim(reportId, 1),
      aClaim(reportId, 2),
    ]);
    const again = [aClaim(reportId, 0, { quote: 'Shelling resumed in Jableh.' })];
    await s.store.claims.replaceForReport(reportId, again);
    expect(await s.store.claims.forReport(reportId)).toEqual(again);
    expect(await s.store.claims.count()).toBe(1);
  });

  it('leaves other reports’ claims alone', async () => {
    const a = await aStoredReport(s.store, 'ra');
    const b = await aStoredReport(s.store, 'rb');
    await s.store.claims.replaceForReport(a, [aClaim(a, 0)]);
    await s.store.claims.replaceForReport(b, [aClaim(b, 0), aClaim(b, 1)]);
    await s.store.claims.replaceForReport(a, []);
    expect(await s.store.claims.forReport(a)).toEqual([]);
    expect(await s.store.claims.forReport(b)).toHaveLength(2);
    expect(await s.store.claims.count()).toBe(2);
  });

  it('fetches claims by id, many at once, ignoring unknown ids', async () => {
    const reportId = await aStoredReport(s.store, 'many');
    const claims = Array.from({ length: 950 }, (_, i) => aClaim(reportId, i));
    await s.store.atomically((tx) => tx.claims.replaceForReport(reportId, claims));
    const got = await s.store.claims.get([...claims.map((c) => c.id), 'missing.0']);
    expect(got.map((c) => c.id).sort()).toEqual(claims.map((c) => c.id).sort());
    expect(await s.store.claims.count()).toBe(950);
    expect(await s.store.claims.get([])).toEqual([]);
  });

  it('refuses claims of a report it does not hold', async () => {
    await expect(s.store.claims.replaceForReport('rep-none', [aClaim('rep-none', 0)])).rejects.toThrow();
    expect(await s.store.claims.count()).toBe(0);
  });
});
