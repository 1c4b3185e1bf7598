import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACLED_COLUMNS } from '../../src/interop/acled.ts';
import { datasetRecordsOfIncident } from '../../src/interop/dataset-records.ts';
import { csvObjects, exportText, FIXTURES, importFile, openInteropStore, writeFile } from './support.ts';

type Opened = Awaited<ReturnType<typeof openInteropStore>>;

describe('ACLED import and export', () => {
  let s: Opened;
  beforeEach(async () => {
    s = await openInteropStore();
  });
  afterEach(() => s.close());

  it('reads event and sub-event types, actors, admin areas and precision codes', async () => {
    const result = await importFile(s.deps, join(FIXTURES, 'acled-sample.csv'), 'acled');
    expect(result).toMatchObject({ status: 'imported', summary: { rows: 3, dataset: 'ACLED' } });
    const baniyas = await s.store.incidents.get('inc-acled-EXA1001');
    expect(baniyas).toMatchObject({
      type: 'Violence against civilians',
      subType: 'Attack',
      place: {
        name: 'Baniyas',
        admin1: 'Tartus',
        country: 'Syria',
        lat: 35.182,
        lon: 35.9403,
        geoPrecision: 1,
        wherePrec: 1,
      },
      date: { start: '2025-03-07', end: '2025-03-07', precision: 1 },
      grade: 'weak',
    });
    // The row's claim (the dataset's coding) is derived from the kept row, not stored.
    expect(baniyas!.claimIds).toEqual([]);
    expect(await s.store.reports.count()).toBe(0);
    const claim = (await datasetRecordsOfIncident(s.store, baniyas!.id))?.claim;
    expect(claim!.actors).toEqual([
      { name: 'Coastal Front', role: 'perpetrator', text: 'Coastal Front' },
      { name: 'Civilians (Syria)', role: 'target', text: 'Civilians (Syria)' },
    ]);
    expect(claim!.attribution).toMatchObject({
      source: 'ACLED',
      stance: 'reported',
      text: 'Example Monitor',
    });
    expect(claim!.quote).toMatch(/^On 7 March 2025, gunmen of the Coastal Front shot dead 12 civilians/);

    // A week's precision and "near a town"; a month's precision and a larger region.
    expect(await s.store.incidents.get('inc-acled-EXA1002')).toMatchObject({
      date: { precision: 3 },
      place: { geoPrecision: 2, wherePrec: 2 },
    });
    expect(await s.store.incidents.get('inc-acled-EXA1003')).toMatchObject({
      date: { precision: 4 },
      place: { geoPrecision: 3, wherePrec: 4 },
    });
  });

  it("turns ACLED's single fatality figure into an open range from it, keeping the figure", async () => {
    await importFile(s.deps, join(FIXTURES, 'acled-sample.csv'), 'acled');
    const incident = await s.store.incidents.get('inc-acled-EXA1001');
    expect(incident!.casualties.killed).toEqual({
      min: 12,
      max: null,
      text: "ACLED fatalities: 12 (ACLED's conservative figure: at least 12)",
    });
    const claim = (await datasetRecordsOfIncident(s.store, incident!.id))?.claim;
    expect(claim!.fatalitiesAcled).toBe(12);
    expect((await s.store.incidents.get('inc-acled-EXA1002'))!.casualties.killed).toMatchObject({
      min: 0,
      max: null,
    });
  });

  it('exports what it imported in ACLED columns and order, with the same codes, dates, places and figures', async () => {
    const file = join(FIXTURES, 'acled-sample.csv');
    await importFile(s.deps, file, 'acled');
    const { text, summary } = await exportText(s.store, 'acled');
    expect(summary).toMatchObject({ exported: 3, leftOut: {} });
    expect(text.split('\r\n')[0]).toBe(ACLED_COLUMNS.join(','));
    const original = csvObjects(readFileSync(file));
    const out = csvObjects(text);
    expect(out.map((r) => r.event_id_cnty)).toEqual(original.map((r) => r.event_id_cnty));
    out.forEach((row, i) => {
      const { latitude, longitude, ...rest } = original[i]!;
      expect(Number(row.latitude)).toBe(Number(latitude));
      expect(Number(row.longitude)).toBe(Number(longitude));
      expect({ ...row, latitude: undefined, longitude: undefined }).toEqual({
        ...rest,
        latitude: undefined,
        longitude: undefined,
      });
    });
  });

  it("reads ACLED's spreadsheet exports: written-out dates and older columns", async () => {
    const result = await importFile(s.deps, join(FIXTURES, 'acled-spreadsheet.csv'), 'acled');
    expect(result.status).toBe('imported');
    expect(await s.store.incidents.get('inc-acled-EXA2001')).toMatchObject({
      subType: 'Abduction/forced disappearance',
      date: { start: '2025-03-09', precision: 1 },
    });
    const out = csvObjects((await exportText(s.store, 'acled')).text);
    expect(out[0]).toMatchObject({ event_id_cnty: 'EXA2001', event_date: '2025-03-09', time_precision: '1' });
  });

  it('names the row whose event type is not in the codebook, and one whose sub-event type belongs elsewhere', async () => {
    const lines = readFileSync(join(FIXTURES, 'acled-sample.csv'), 'utf8').split('\n');
    lines[1] = lines[1]!.replace('Violence against civilians,Attack', 'Massacre,Attack');
    lines[2] = lines[2]!.replace('Shelling/artillery/missile attack', 'Armed clash');
    const result = await importFile(s.deps, writeFile(s.dir, 'codes.csv', lines.join('\n')), 'acled');
    expect(result).toMatchObject({
      status: 'rejected',
      bad: [
        { line: 2, reason: `event_type "Massacre" is not in ACLED's codebook` },
        {
          line: 3,
          reason: 'sub_event_type "Armed clash" is not a sub-event type of "Explosions/Remote violence"',
        },
      ],
    });
  });
});
