import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, getIssues } from '@placemarkio/check-geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Claim, Incident } from '../../src/domain/index.ts';
import { HXL_COLUMNS } from '../../src/interop/export/hxl-export.ts';
import { parseMapping } from '../../src/interop/mapping.ts';
import {
  csvObjects,
  exportText,
  FIXTURES,
  importFile,
  openInteropStore,
  ucdpCsv,
  writeFile,
} from './support.ts';

type Opened = Awaited<ReturnType<typeof openInteropStore>>;

describe('exports of a store holding ACLED, UCDP and mapped-CSV incidents', () => {
  let s: Opened;
  let all: Incident[];

  beforeAll(async () => {
    s = await openInteropStore();
    const mapping = parseMapping(
      JSON.parse(readFileSync(join(FIXTURES, 'monitor-log.mapping.json'), 'utf8')),
    );
    if (!mapping.ok) throw new Error(mapping.error);
    const ucdp = writeFile(
      s.dir,
      'ucdp.csv',
      ucdpCsv([
        {},
        {
          type_of_violence: '1',
          latitude: '-0.0000001',
          longitude: '179.99',
          where_prec: '6',
          date_prec: '4',
        },
      ]),
    );
    for (const [file, format] of [
      [join(FIXTURES, 'acled-sample.csv'), 'acled'],
      [join(FIXTURES, 'monitor-log.csv'), 'csv'],
      [ucdp, 'ucdp'],
    ] as const) {
      const result = await importFile(s.deps, file, format, { mapping: mapping.value });
      expect(result.status).toBe('imported');
    }
    all = await s.store.incidents.list();
    expect(all.length).toBe(8);
  });
  afterAll(() => s?.close());

  it('writes GeoJSON that a validator accepts: longitude first, one Feature per incident', async () => {
    const { text } = await exportText(s.store, 'geojson');
    expect(getIssues(text)).toEqual([]);
    const collection = check(text) as GeoJSON.FeatureCollection;
    expect(collection.features.length).toBe(all.length);
    for (const incident of all) {
      const feature = collection.features.find((f) => f.id === incident.id)!;
      if (incident.place?.lat === null || incident.place?.lat === undefined) {
        expect(feature.geometry, incident.id).toBeNull();
      } else {
        expect(feature.geometry).toEqual({
          type: 'Point',
          coordinates: [incident.place.lon, incident.place.lat],
        });
      }
      expect(feature.properties).toMatchObject({ type: incident.type, grade: incident.grade });
    }
  });

  it('writes HXL: a header row, a row of hashtags, then one row per incident with the conservative figure', async () => {
    const { text } = await exportText(s.store, 'hxl');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]!.split(',')).toEqual(HXL_COLUMNS.map(([h]) => h));
    const tags = lines[1]!.split(',');
    expect(tags).toEqual(HXL_COLUMNS.map(([, t]) => t));
    for (const tag of ['#event+id', '#date+start', '#loc+name', '#adm1+name', '#affected+killed']) {
      expect(tags).toContain(tag);
    }
    const rows = csvObjects(lines.filter((_, i) => i !== 1).join('\r\n'));
    expect(rows.length).toBe(all.length);
    const snobar = rows.find((r) => r['Incident ID'] === 'inc-example-monitor-log-ML-1')!;
    expect(snobar).toMatchObject({ 'Killed (at least)': '7', 'Killed (at most)': '9', 'Admin 1': 'Latakia' });
  });

  it('writes JSON Lines of the full record: incident, claims and the dataset row', async () => {
    const { text } = await exportText(s.store, 'jsonl');
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(all.length);
    for (const line of lines) {
      expect(Incident.safeParse(line.incident).success).toBe(true);
      // An imported incident's one claim is derived from its row, not stored.
      expect(line.claims.length).toBe(line.incident.claimIds.length || 1);
      for (const c of line.claims) expect(Claim.safeParse(c).success).toBe(true);
      expect(line.origin.fields).toBeTypeOf('object');
    }
  });

  it('leaves out of an ACLED export what ACLED does not code, and says so', async () => {
    const { text, summary } = await exportText(s.store, 'acled');
    expect(summary.leftOut).toEqual({ "type Displacement is not in ACLED's codebook": 1 });
    expect(csvObjects(text).length).toBe(all.length - 1);
  });

  it('exports only what the filters select, as `vigil incidents` reads them', async () => {
    const byType = csvObjects((await exportText(s.store, 'ucdp', { filter: { type: 'Battles' } })).text);
    expect(byType.map((r) => r.id)).toEqual(['900002']);
    const byDate = JSON.parse(
      `[${(await exportText(s.store, 'jsonl', { filter: { from: '2025-03-09', to: '2025-03-09' } })).text.trimEnd().split('\n').join(',')}]`,
    );
    expect(byDate.map((l: { incident: Incident }) => l.incident.id).sort()).toEqual([
      'inc-acled-EXA1003',
      'inc-example-monitor-log-ML-1',
      'inc-example-monitor-log-ML-2',
    ]);
    const inBox = (await exportText(s.store, 'geojson', { filter: { bbox: [35.8, 35.1, 36.0, 35.2] } })).text;
    expect((check(inBox) as GeoJSON.FeatureCollection).features.map((f) => f.id).sort()).toEqual([
      'inc-acled-EXA1001',
      'inc-example-monitor-log-ML-2',
      'inc-ucdp-900001',
    ]);
  });

  it('gives the public only published incidents', async () => {
    const before = await exportText(s.store, 'geojson', { role: 'public' });
    expect(before.summary).toMatchObject({ exported: 0, hidden: all.length });
    const incident = all.find((i) => i.id === 'inc-acled-EXA1001')!;
    await s.store.incidents.replaceForClaims([], [{ ...incident, published: true, version: 2 }]);
    const after = await exportText(s.store, 'geojson', { role: 'public' });
    expect(after.summary).toMatchObject({ exported: 1, hidden: all.length - 1 });
    expect((check(after.text) as GeoJSON.FeatureCollection).features[0]!.id).toBe('inc-acled-EXA1001');
  });
});
