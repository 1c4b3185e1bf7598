import { describe, expect, it } from 'vitest';
import { conservativeFigure } from '../../src/domain/index.ts';
import { acledFatalities } from '../../src/interop/acled.ts';
import { fastRecordDigest, inCanonicalOrder } from '../../src/interop/canonical-digest.ts';
import { parseCount, parseDay, parseDegrees } from '../../src/interop/cells.ts';
import { csvLine, num } from '../../src/interop/export/exporter.ts';
import { datasetReportAndClaim, toImportedRow } from '../../src/interop/imported-event.ts';
import { mappedMapper, parseMapping } from '../../src/interop/mapping.ts';
import { ucdpDeaths, ucdpFiguresFor } from '../../src/interop/ucdp.ts';
import { canonicalJson, recordDigest } from '../../src/ledger/canonical.ts';

describe('the rules imports and exports follow', () => {
  it('reads the dates datasets write, and refuses what is not a calendar day', () => {
    expect(parseDay('2009-02-20T00:00:00')).toEqual({ ok: true, value: '2009-02-20' });
    expect(parseDay('2013-01-03')).toEqual({ ok: true, value: '2013-01-03' });
    expect(parseDay('9 March 2025', 'D Month YYYY')).toEqual({ ok: true, value: '2025-03-09' });
    expect(parseDay('09-Mar-2025', 'D Month YYYY')).toEqual({ ok: true, value: '2025-03-09' });
    expect(parseDay('08/03/2025', 'DD/MM/YYYY')).toEqual({ ok: true, value: '2025-03-08' });
    expect(parseDay('03/08/2025', 'MM/DD/YYYY')).toEqual({ ok: true, value: '2025-03-08' });
    expect(parseDay('2025-02-29')).toEqual({ ok: false, error: '"2025-02-29" is not a calendar date' });
    expect(parseDay('08/03/2025')).toMatchObject({ ok: false });
    expect(parseDay('yesterday')).toEqual({
      ok: false,
      error: '"yesterday" is not a date (expected YYYY-MM-DD)',
    });
  });

  it('reads plain ISO days and UCDP timestamps alike, leap days only in leap years', () => {
    expect(parseDay('2013-01-03 00:00:00.000')).toEqual({ ok: true, value: '2013-01-03' });
    expect(parseDay('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseDay('2000-02-29')).toEqual({ ok: true, value: '2000-02-29' });
    expect(parseDay('1900-02-29')).toEqual({ ok: false, error: '"1900-02-29" is not a calendar date' });
    expect(parseDay('2025-04-31')).toEqual({ ok: false, error: '"2025-04-31" is not a calendar date' });
    expect(parseDay('2025-13-01')).toEqual({ ok: false, error: '"2025-13-01" is not a calendar date' });
    expect(parseDay('0000-01-01')).toEqual({ ok: false, error: '"0000-01-01" is not a calendar date' });
    expect(parseDay('2025-3-9')).toEqual({ ok: true, value: '2025-03-09' });
    expect(parseDay('2025-03-09 12:00:00')).toMatchObject({ ok: false });
    expect(parseDay('2025-03-09', 'DD/MM/YYYY')).toEqual({ ok: true, value: '2025-03-09' });
  });

  it('reads coordinates in range only', () => {
    expect(parseDegrees('-90', 'latitude')).toEqual({ ok: true, value: -90 });
    expect(parseDegrees('180.0', 'longitude')).toEqual({ ok: true, value: 180 });
    expect(parseDegrees('90.0001', 'latitude')).toEqual({
      ok: false,
      error: 'latitude 90.0001 is out of range (-90..90)',
    });
    expect(parseDegrees('35,18', 'latitude')).toEqual({
      ok: false,
      error: 'latitude "35,18" is not a number',
    });
  });

  it('reads casualty cells as ranges that keep their words', () => {
    expect(parseCount('12')).toEqual({ ok: true, value: { min: 12, max: 12, text: '12' } });
    expect(parseCount('7-9')).toEqual({ ok: true, value: { min: 7, max: 9, text: '7-9' } });
    expect(parseCount('at least 745')).toEqual({
      ok: true,
      value: { min: 745, max: null, text: 'at least 745' },
    });
    expect(parseCount('more than 20')).toEqual({
      ok: true,
      value: { min: 21, max: null, text: 'more than 20' },
    });
    expect(parseCount('30+')).toEqual({ ok: true, value: { min: 30, max: null, text: '30+' } });
    expect(parseCount('9-7')).toMatchObject({ ok: false });
    expect(parseCount('dozens')).toMatchObject({ ok: false });
  });

  it("exports ACLED's figure back unchanged: the conservative end of the range it became", () => {
    for (const n of [0, 1, 12, 745]) expect(conservativeFigure(acledFatalities(n))).toBe(n);
  });

  it('gives UCDP its own low, best and high back, even where its coding is inconsistent', () => {
    for (const [low, best, high] of [
      [3, 4, 6],
      [7, 7, 6],
      [5, 4, 5],
      [8, 8, 4],
    ] as const) {
      const killed = ucdpDeaths(low, best, high);
      expect(killed.min).toBeLessThanOrEqual(killed.max!);
      const row = { low: String(low), best: String(best), high: String(high) };
      expect(ucdpFiguresFor(killed, row)).toEqual({ low, best, high });
    }
    // Once an analyst changes the range, the range speaks.
    expect(
      ucdpFiguresFor({ min: 10, max: 14, text: '10 to 14' }, { low: '3', best: '4', high: '6' }),
    ).toEqual({
      low: 10,
      best: 10,
      high: 14,
    });
    expect(ucdpFiguresFor({ min: 745, max: null, text: 'at least 745' }, null)).toEqual({
      low: 745,
      best: 745,
      high: 745,
    });
    expect(ucdpFiguresFor(null, null)).toBeNull();
  });

  it('writes numbers in CSV without exponents and quotes only what needs quoting', () => {
    expect(num(36.558974)).toBe('36.558974');
    expect(num(-0.0000001)).toBe('-0.0000001');
    expect(num(2e-7)).toBe('0.0000002');
    expect(csvLine(['a', 'b,c', 'say "no"', null, 3.5, 'two\nlines'])).toBe(
      'a,"b,c","say ""no""",,3.5,"two\nlines"\r\n',
    );
  });

  it('digests imported records by the fast road, to the same digest as the ledger computes', () => {
    const mapping = parseMapping({
      dataset: 'Example log',
      columns: {
        date: 'Date',
        type: 'Type',
        killed: 'Dead',
        place: 'Place',
        lat: 'Lat',
        lon: 'Lon',
        text: 'Text',
      },
      sensitive: ['Who'],
    });
    if (!mapping.ok) throw new Error(mapping.error);
    const mapper = mappedMapper(mapping.value, [
      'Date',
      'Type',
      'Dead',
      'Place',
      'Lat',
      'Lon',
      'Text',
      'Who',
    ]);
    if (!mapper.ok) throw new Error(mapper.error);
    const event = mapper.value.map([
      '2025-03-08',
      'Violence against civilians',
      '3-5',
      'Baniyas',
      '35.18',
      '35.94',
      'Three to five killed.',
      'A. Witness',
    ]);
    if (!event.ok) throw new Error(event.error);
    const row = toImportedRow(event.value, {
      format: 'csv',
      dataset: 'Example log',
      originalSha256: 'f'.repeat(64),
      ordinal: 1,
      line: 2,
      byteStart: 40,
      byteEnd: 120,
      text: '',
      at: '2025-03-12T09:00:00.000Z',
      version: 1,
    });
    const { report, claim } = datasetReportAndClaim(event.value, {
      format: 'csv',
      dataset: 'Example log',
      originalSha256: 'f'.repeat(64),
      incidentId: row.incident.id,
      line: 2,
      at: '2025-03-12T09:00:00.000Z',
    });
    for (const record of [report, claim, row.incident]) {
      expect(inCanonicalOrder(record)).toBe(true);
      expect(JSON.stringify(record)).toBe(canonicalJson(record));
    }
    expect(fastRecordDigest(row.incident)).toBe(recordDigest(row.incident));
    // Out of order, the sure road gives the same digest as the ledger's.
    const shuffled = { b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } };
    expect(inCanonicalOrder(shuffled)).toBe(false);
    expect(fastRecordDigest(shuffled)).toBe(recordDigest(shuffled));
  });
});
