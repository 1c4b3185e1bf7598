import { describe, expect, it } from 'vitest';
import { storeFixtures } from '../support/stores.ts';
import { freshStoreEach } from './open-each.ts';
import { aClaim, anIncident, anOriginal, aReport } from './records.ts';

describe.each(storeFixtures())('a unit of work on $name', (fixture) => {
  const s = freshStoreEach(fixture);

  it('keeps everything a unit of work wrote once it returns', async () => {
    const original = anOriginal('kept');
    const report = aReport(original);
    const value = await s.store.atomically(async (tx) => {
      await tx.reports.recordOriginal(original);
      await tx.sources.ensure('Coastal Monitor', 'monitor');
      await tx.reports.recordReport(report);
      await tx.claims.replaceForReport(report.id, [aClaim(report.id, 0)]);
      await tx.incidents.replaceForClaims([`${report.id}.0`], [anIncident('inc-1', [`${report.id}.0`])]);
      await tx.ledger.append({
        kind: 'report.ingested',
        subject: report.id,
        actor: 'a',
        at: 't',
        record: report,
      });
      return 'done';
    });
    expect(value).toBe('done');
    expect(await s.store.reports.get(report.id)).toEqual(report);
    expect(await s.store.claims.count()).toBe(1);
    expect(await s.store.incidents.count()).toBe(1);
    expect(await s.store.ledger.size()).toBe(1);
  });

  it('leaves nothing behind when a unit of work fails half way', async () => {
    const original = anOriginal('lost');
    const report = aReport(original);
    await expect(
      s.store.atomically(async (tx) => {
        await tx.reports.recordOriginal(original);
        await tx.sources.ensure('Coastal Monitor', 'monitor');
        await tx.reports.recordReport(report);
        await tx.claims.replaceForReport(report.id, [aClaim(report.id, 0)]);
        await tx.ledger.append({
          kind: 'report.ingested',
          subject: report.id,
          actor: 'a',
          at: 't',
          record: report,
        });
        throw new Error('parser crashed');
      }),
    ).rejects.toThrow('parser crashed');
    expect(await s.store.reports.findOriginal(original.sha256)).toBeNull();
    expect(await s.store.reports.get(report.id)).toBeNull();
    expect(await s.store.sources.list()).toEqual([]);
    expect(await s.store.claims.count()).toBe(0);
    expect(await s.store.ledger.size()).toBe(0);
  });

  it('joins a nested unit of work to the one it runs in', async () => {
    await expect(
      s.store.atomically(async (tx) => {
        await tx.atomically(async (inner) => {
          await inner.failures.record('inner.txt', 'unreadable', 't');
        });
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await s.store.failures.list()).toEqual([]);
  });

  it('commits independent units of work running at the same time', async () => {
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        s.store.atomically(async (tx) => {
          const original = anOriginal(`parallel-${i}`);
          await tx.reports.recordOriginal(original);
          await tx.reports.recordReport(aReport(original));
        }),
      ),
    );
    expect(await s.store.reports.count()).toBe(5);
  });
});
