import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ColumnMapping, parseMapping } from '../../src/interop/mapping.ts';
import { exportText, FIXTURES, importFile, openInteropStore, writeFile } from './support.ts';

type Opened = Awaited<ReturnType<typeof openInteropStore>>;

const LOG = join(FIXTURES, 'monitor-log.csv');

function mapping(changes: (m: Record<string, unknown>) => void = () => {}): ColumnMapping {
  const json = JSON.parse(readFileSync(join(FIXTURES, 'monitor-log.mapping.json'), 'utf8'));
  changes(json);
  const parsed = parseMapping(json);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe('importing any CSV through a column-mapping file', () => {
  let s: Opened;
  beforeEach(async () => {
    s = await openInteropStore();
  });
  afterEach(() => s.close());

  it('maps columns, translates values and reads the date layout the mapping names', async () => {
    const result = await importFile(s.deps, LOG, 'csv', { mapping: mapping() });
    expect(result).toMatchObject({
      status: 'imported',
      summary: { rows: 3, dataset: 'Example Monitor log' },
    });
    expect(await s.store.incidents.get('inc-example-monitor-log-ML-1')).toMatchObject({
      type: 'Violence against civilians',
      subType: 'Attack',
      // Two days without a precision column: UCDP's "two to six days".
      date: { start: '2025-03-08', end: '2025-03-09', precision: 2 },
      place: { name: 'Snobar', admin1: 'Latakia', lat: 35.4389, lon: 35.9306, wherePrec: 2, geoPrecision: 2 },
      casualties: { killed: { min: 7, max: 9, text: '7-9' }, injured: { min: 2, max: 2, text: '2' } },
    });
    expect(await s.store.incidents.get('inc-example-monitor-log-ML-3')).toMatchObject({
      type: 'Displacement',
      subType: 'Flight',
      date: { start: '2025-03-10', end: '2025-03-10', precision: 1 },
      place: { name: 'Jableh', lat: null, lon: null },
      casualties: { killed: null },
    });
    const sources = await s.store.sources.list();
    expect(sources.find((x) => x.name === 'Example Monitor log')).toMatchObject({ kind: 'dataset' });
  });

  it('withholds the columns the mapping marks sensitive from every role without permission', async () => {
    await importFile(s.deps, LOG, 'csv', { mapping: mapping() });
    const analyst = (await exportText(s.store, 'jsonl', { role: 'analyst' })).text;
    expect(analyst).toContain('Rami Haddad');
    for (const format of ['jsonl', 'ucdp', 'acled', 'hxl', 'geojson'] as const) {
      const viewer = (await exportText(s.store, format, { role: 'viewer' })).text;
      expect(viewer, format).not.toContain('Rami Haddad');
    }
    const line = JSON.parse((await exportText(s.store, 'jsonl', { role: 'viewer' })).text.split('\n')[1]!);
    expect(line.origin.fields.Witness).toBe('███████████');
    // The row's free text (the mapping's `text` columns) is withheld whole, in the row and the claim.
    expect(line.claims[0].quote).toBe('[withheld]');
    expect(line.origin.fields.Summary).toBe('[withheld]');
  });

  it('names the row and the value when a type has no translation', async () => {
    const text = readFileSync(LOG, 'utf8').replace(';looting;', ';arson;');
    const result = await importFile(s.deps, writeFile(s.dir, 'arson.csv', text), 'csv', {
      mapping: mapping(),
    });
    expect(result).toMatchObject({
      status: 'rejected',
      bad: [{ line: 3, reason: 'Kind: "arson" is not an event type (map it in values.type)' }],
    });
  });

  it('rejects on line 1 a file that lacks a column the mapping names', async () => {
    const text = readFileSync(LOG, 'utf8').replace('Governorate', 'Province');
    const result = await importFile(s.deps, writeFile(s.dir, 'renamed.csv', text), 'csv', {
      mapping: mapping(),
    });
    expect(result).toMatchObject({
      status: 'rejected',
      reason: 'line 1: the mapping names column the header lacks: Governorate',
    });
  });

  it('says which field of a mapping file is wrong', () => {
    const check = (change: (m: Record<string, unknown>) => void) => {
      const json = JSON.parse(readFileSync(join(FIXTURES, 'monitor-log.mapping.json'), 'utf8'));
      change(json);
      const parsed = parseMapping(json);
      return parsed.ok ? 'ok' : parsed.error;
    };
    expect(check(() => {})).toBe('ok');
    expect(check((m) => delete (m.columns as Record<string, unknown>).date)).toMatch(/^columns\.date: /);
    expect(check((m) => delete (m.columns as Record<string, unknown>).type)).toBe(
      'columns.type: give columns.type or defaults.type (every incident needs an event type)',
    );
    expect(check((m) => ((m.columns as Record<string, unknown>).when = 'Date'))).toMatch(/when/);
    expect(check((m) => (m.dateFormat = 'DD.MM.YY'))).toMatch(/^dateFormat: /);
  });
});
