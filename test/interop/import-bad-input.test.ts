import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvLine } from '../../src/interop/export/exporter.ts';
import { UCDP_COLUMNS } from '../../src/interop/ucdp.ts';
import { importFile, openInteropStore, ucdpCsv, writeFile } from './support.ts';

type Opened = Awaited<ReturnType<typeof openInteropStore>>;

describe('importing bad input', () => {
  let s: Opened;
  beforeEach(async () => {
    s = await openInteropStore();
  });
  afterEach(() => s.close());

  /** Nothing of the file is in the store: no original, report, claim, incident or ledger entry. */
  async function expectNothingImported() {
    expect(await s.store.incidents.count()).toBe(0);
    expect(await s.store.claims.count()).toBe(0);
    expect(await s.store.reports.count()).toBe(0);
    expect(await s.store.ledger.size()).toBe(0);
    const originals = [];
    for await (const o of s.store.reports.originals()) originals.push(o);
    expect(originals).toEqual([]);
  }

  it('names line 1 and the missing column when a required column is absent', async () => {
    const file = writeFile(
      s.dir,
      'no-best.csv',
      ucdpCsv(
        [{}],
        UCDP_COLUMNS.filter((c) => c !== 'best'),
      ),
    );
    const result = await importFile(s.deps, file, 'ucdp', { skipBad: true });
    expect(result).toMatchObject({
      status: 'rejected',
      reason: 'line 1: missing required UCDP column: best',
    });
    await expectNothingImported();
  });

  it('names the delimiter when the file is separated by semicolons', async () => {
    const text = ucdpCsv([{}, {}]).replace(/,/g, ';');
    const result = await importFile(s.deps, writeFile(s.dir, 'semicolons.csv', text), 'ucdp');
    expect(result).toMatchObject({
      status: 'rejected',
      reason: 'line 1: wrong delimiter: the header is separated by ";", not ","',
    });
    await expectNothingImported();
  });

  it('gives the line of a row with broken quoting, and imports nothing without --skip-bad', async () => {
    const rows = ucdpCsv([{}, {}, {}, {}]).split('\r\n');
    // Line 3 (the second data row): text after a closing quote.
    rows[2] = rows[2]!.replace(
      '"Example Monitor,2025-03-08,Shelling hits Baniyas countryside"',
      '"Example Monitor" said,x',
    );
    const file = writeFile(s.dir, 'quotes.csv', rows.join('\r\n'));
    const result = await importFile(s.deps, file, 'ucdp');
    expect(result.status).toBe('rejected');
    if (result.status !== 'rejected') return;
    expect(result.bad[0]).toMatchObject({ line: 3, reason: expect.stringMatching(/^broken quoting/) });
    expect(result.reason).toMatch(/nothing imported \(give --skip-bad to import the good rows\)/);
    await expectNothingImported();
  });

  it('gives the line of a quote that is never closed', async () => {
    const text = `${ucdpCsv([{}, {}])}${csvLine(UCDP_COLUMNS.map(() => '1')).replace(/^1/, '"1')}`;
    const result = await importFile(s.deps, writeFile(s.dir, 'unclosed.csv', text), 'ucdp');
    expect(result).toMatchObject({
      status: 'rejected',
      bad: [{ line: 4, reason: 'broken quoting: a quoted field that opens on line 4 is never closed' }],
    });
    await expectNothingImported();
  });

  it('names the line and the cell of a non-date in a date column, and of coordinates out of range', async () => {
    const file = writeFile(
      s.dir,
      'cells.csv',
      ucdpCsv([{}, { date_start: 'last Tuesday' }, {}, { latitude: '135.2' }, { longitude: '-181' }, {}]),
    );
    const result = await importFile(s.deps, file, 'ucdp');
    expect(result.status).toBe('rejected');
    expect(result.status === 'rejected' && result.bad).toEqual([
      { line: 3, reason: 'date_start: "last Tuesday" is not a date (expected YYYY-MM-DD)' },
      { line: 5, reason: 'latitude 135.2 is out of range (-90..90)' },
      { line: 6, reason: 'longitude -181 is out of range (-180..180)' },
    ]);
    await expectNothingImported();
  });

  it('keeps the good rows and skips the bad ones with --skip-bad, saying which were skipped', async () => {
    const file = writeFile(
      s.dir,
      'mixed.csv',
      ucdpCsv([{}, { date_end: '2025-02-30' }, {}, { id: '900001' }, { where_prec: '9' }, {}]),
    );
    const result = await importFile(s.deps, file, 'ucdp', { skipBad: true });
    expect(result.status).toBe('imported');
    if (result.status !== 'imported') return;
    expect(result.summary).toMatchObject({ rows: 3, skipped: 3 });
    expect(result.bad).toEqual([
      { line: 3, reason: 'date_end: "2025-02-30" is not a calendar date' },
      { line: 5, reason: 'id 900001 repeats the row on line 2' },
      { line: 6, reason: 'where_prec: 9 is outside 1..7' },
    ]);
    expect((await s.store.incidents.list()).map((i) => i.id)).toEqual([
      'inc-ucdp-900001',
      'inc-ucdp-900003',
      'inc-ucdp-900006',
    ]);
    const failures = await s.store.failures.list();
    expect(failures.map((f) => f.target)).toEqual(
      expect.arrayContaining([`${file}:3`, `${file}:5`, `${file}:6`]),
    );
  });

  it('tells ids apart by their text: "0900001" is not "900001", but "900001" twice repeats', async () => {
    const file = writeFile(
      s.dir,
      'ids.csv',
      ucdpCsv([{ id: '900001' }, { id: '0900001' }, { id: '900001.0' }, { id: '900001' }]),
    );
    const result = await importFile(s.deps, file, 'ucdp', { skipBad: true });
    expect(result).toMatchObject({
      status: 'imported',
      summary: { rows: 3, skipped: 1 },
      bad: [{ line: 5, reason: 'id 900001 repeats the row on line 2' }],
    });
  });

  it('rejects a file that is empty', async () => {
    const result = await importFile(s.deps, writeFile(s.dir, 'empty.csv', ''), 'ucdp');
    expect(result).toMatchObject({ status: 'rejected', reason: 'line 1: the file is empty (no header)' });
    await expectNothingImported();
  });
});
