import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { datasetRecordsOfIncident } from '../../src/interop/dataset-records.ts';
import { recordDigest } from '../../src/ledger/canonical.ts';
import type { LedgerChange } from '../../src/ports/store.ts';
import { storeFixtures } from '../support/stores.ts';
import { csvObjects, exportText, importFile, openInteropStore, ucdpCsv, writeFile } from './support.ts';

type Opened = Awaited<ReturnType<typeof openInteropStore>>;

describe.each(storeFixtures())('dataset imports on $name', (fixture) => {
  let s: Opened;
  let closeStore: () => Promise<void>;
  beforeEach(async () => {
    const opened = await fixture.open();
    closeStore = opened.close;
    s = await openInteropStore(opened.store);
  });
  afterEach(async () => {
    await s.close();
    await closeStore();
  });

  it('appends many ledger entries exactly as appending them one by one would', async () => {
    const change = (n: number): LedgerChange => ({
      kind: 'report.imported',
      subject: `rep-${n}`,
      actor: 'tester',
      at: '2025-03-12T09:00:00.000Z',
      record: { n, z: 'last', a: 'first' },
    });
    await s.store.ledger.append(change(1));
    await s.store.atomically((tx) =>
      tx.ledger.appendMany([change(2), change(3), { ...change(4), digest: recordDigest(change(4).record) }]),
    );
    await s.store.ledger.append(change(5));
    const entries = await s.store.ledger.range(1, 5);
    expect(entries.map((e) => [e.seq, e.subject])).toEqual([1, 2, 3, 4, 5].map((n) => [n, `rep-${n}`]));
    expect(entries.map((e) => e.digest)).toEqual([1, 2, 3, 4, 5].map((n) => recordDigest(change(n).record)));
  });

  it('imports rows and exports them again with their dates, places, precision and deaths', async () => {
    const file = writeFile(
      s.dir,
      'ged.csv',
      ucdpCsv([
        {},
        {
          date_start: '2025-03-01',
          date_end: '2025-03-31',
          date_prec: '4',
          where_prec: '4',
          low: '7',
          best: '7',
          high: '6',
        },
      ]),
    );
    expect(await importFile(s.deps, file, 'ucdp')).toMatchObject({
      status: 'imported',
      summary: { rows: 2 },
    });
    const rows = csvObjects((await exportText(s.store, 'ucdp')).text);
    expect(
      rows.map((r) => [
        r.id,
        r.date_start,
        r.date_end,
        r.date_prec,
        r.where_prec,
        r.latitude,
        r.longitude,
        r.low,
        r.best,
        r.high,
      ]),
    ).toEqual([
      ['900001', '2025-03-08', '2025-03-08', '1', '2', '35.182', '35.9403', '3', '4', '6'],
      ['900002', '2025-03-01', '2025-03-31', '4', '4', '35.182', '35.9403', '7', '7', '6'],
    ]);
    // One entry for the batch of rows (listing their four records: each row's incident and the
    // kept row itself), one for the import itself. No report or claim is stored for a row.
    expect((await s.store.ledger.range(1, 10)).map((e) => e.kind)).toEqual([
      'import.batch',
      'import.recorded',
    ]);
    const listings = [];
    for await (const b of s.store.imports.batchListings()) listings.push(JSON.parse(b.listing));
    expect(listings).toHaveLength(1);
    expect(listings[0].records.map((r: string[]) => `${r[0]} ${r[1]}`)).toEqual(
      expect.arrayContaining([
        'incident inc-ucdp-900001',
        'incident inc-ucdp-900002',
        expect.stringMatching(/^import imp-[0-9a-f]{16}\/l2$/),
        expect.stringMatching(/^import imp-[0-9a-f]{16}\/l3$/),
      ]),
    );
    expect(listings[0].records).toHaveLength(4);
    expect(await s.store.reports.count()).toBe(0);
  });

  it('rolls a rejected import back whole', async () => {
    const file = writeFile(s.dir, 'bad.csv', ucdpCsv([{}, {}, { best: 'many' }]));
    expect(await importFile(s.deps, file, 'ucdp')).toMatchObject({
      status: 'rejected',
      bad: [{ line: 4, reason: 'best: "many" is not a whole number' }],
    });
    expect(await s.store.incidents.count()).toBe(0);
    expect(await s.store.reports.count()).toBe(0);
    expect(await s.store.ledger.size()).toBe(0);
    expect(await s.store.imports.find((await s.deps.blobs.putFile(file)).sha256)).toBeNull();
  });

  it('holds a file imported before, and lets a newer release of the same events replace them', async () => {
    const first = writeFile(s.dir, 'v1.csv', ucdpCsv([{}, {}]));
    expect((await importFile(s.deps, first, 'ucdp')).status).toBe('imported');
    expect(await importFile(s.deps, first, 'ucdp')).toMatchObject({ status: 'held', summary: { rows: 2 } });

    const second = writeFile(s.dir, 'v2.csv', ucdpCsv([{ best: '5', high: '7' }]));
    expect((await importFile(s.deps, second, 'ucdp')).status).toBe('imported');
    const incident = await s.store.incidents.get('inc-ucdp-900001');
    expect(incident).toMatchObject({ version: 2, casualties: { killed: { min: 3, max: 7, best: 5 } } });
    // Its report and claim, derived from the newer release's row.
    const { report, claim } = (await datasetRecordsOfIncident(s.store, incident!.id))!;
    expect(claim.casualties.killed).toMatchObject({ min: 3, max: 7, best: 5 });
    expect(report.originalSha256).toBe((await s.deps.blobs.putFile(second)).sha256);
    expect(await s.store.incidents.count()).toBe(2);
    const [row] = await s.store.imports.page({}, null, 1);
    expect(row!.origin).toMatchObject({ line: 2, fields: { best: '5', high: '7' } });
  });

  it('finds the events a release shares with an earlier one among new events on either side of them', async () => {
    const first = writeFile(s.dir, 'v1.csv', ucdpCsv([{}, {}]));
    expect((await importFile(s.deps, first, 'ucdp')).status).toBe('imported');
    // 900000 and 900009 are new and sort before and after 900002, which was imported before.
    const release = writeFile(
      s.dir,
      'v2.csv',
      ucdpCsv([{ id: '900000' }, { id: '900002', best: '5', high: '7' }, { id: '900009' }]),
    );
    expect((await importFile(s.deps, release, 'ucdp')).status).toBe('imported');
    const versions = await Promise.all(
      ['900000', '900001', '900002', '900009'].map(
        async (id) => (await s.store.incidents.get(`inc-ucdp-${id}`))?.version,
      ),
    );
    expect(versions).toEqual([1, 1, 2, 1]);
    expect(await s.store.incidents.get('inc-ucdp-900002')).toMatchObject({
      casualties: { killed: { best: 5, max: 7 } },
    });
  });
});
