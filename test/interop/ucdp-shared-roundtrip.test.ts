import { readdirSync, readFileSync } from 'node:fs';
import { getIssues } from '@placemarkio/check-geojson';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Claim, Incident, Report } from '../../src/domain/index.ts';
import { expandImportBatches } from '../../src/interop/import-ledger.ts';
import { recordDigest } from '../../src/ledger/canonical.ts';
import { describeShared, sharedPath } from '../support/shared.ts';
import { csvObjects, exportText, importFile, openInteropStore } from './support.ts';

type Opened = Awaited<ReturnType<typeof openInteropStore>>;

const day = (v: string) => v.slice(0, 10);
const blank = (v: string | undefined) => v === undefined || v === '' || v === 'NA';

describeShared('UCDP GED: every shared file imported and exported again', 'data/ucdp', () => {
  const files = () =>
    readdirSync(sharedPath('data', 'ucdp'))
      .filter((f) => f.endsWith('.csv'))
      .sort();
  let s: Opened;
  let exported: Map<string, Record<string, string>>;

  beforeAll(async () => {
    s = await openInteropStore();
    for (const file of files()) {
      const result = await importFile(s.deps, sharedPath('data', 'ucdp', file), 'ucdp');
      expect(result.status, `${file}: ${'reason' in result ? result.reason : ''}`).toBe('imported');
    }
    const { text } = await exportText(s.store, 'ucdp');
    exported = new Map(csvObjects(text).map((r) => [r.id!, r]));
  });
  afterAll(() => s?.close());

  it('gives back, for every row of every file, its dates, coordinates, precision codes and deaths', () => {
    let rows = 0;
    for (const file of files()) {
      for (const row of csvObjects(readFileSync(sharedPath('data', 'ucdp', file)))) {
        rows++;
        const out = exported.get(row.id!);
        expect(out, `${file}: id ${row.id} was not exported`).toBeDefined();
        const where = `${file} id ${row.id}`;
        expect([day(out!.date_start!), day(out!.date_end!)], where).toEqual([
          day(row.date_start!),
          day(row.date_end!),
        ]);
        expect(Number(out!.latitude), where).toBe(Number(row.latitude));
        expect(Number(out!.longitude), where).toBe(Number(row.longitude));
        expect([out!.where_prec, out!.date_prec], where).toEqual([row.where_prec, row.date_prec]);
        expect([out!.low, out!.best, out!.high], where).toEqual([row.low, row.best, row.high]);
        for (const c of ['deaths_a', 'deaths_b', 'deaths_civilians', 'deaths_unknown'] as const) {
          expect(out![c], `${where} ${c}`).toBe(row[c]);
        }
      }
    }
    expect(rows).toBeGreaterThan(3000);
  });

  it('exports them all as GeoJSON that a validator accepts, longitude first', async () => {
    const { text, summary } = await exportText(s.store, 'geojson');
    expect(getIssues(text)).toEqual([]);
    const features = (JSON.parse(text) as GeoJSON.FeatureCollection).features;
    expect(features.length).toBe(summary.exported);
    expect(features.length).toBe(exported.size);
    for (const f of features.slice(0, 500)) {
      const row = exported.get(String(f.id).replace('inc-ucdp-', ''))!;
      expect((f.geometry as GeoJSON.Point).coordinates).toEqual([
        Number(row.longitude),
        Number(row.latitude),
      ]);
    }
  });

  it('keeps the figures in the incident itself, not only in the kept row', async () => {
    for (const row of csvObjects(readFileSync(sharedPath('data', 'ucdp', 'ged-sample-syria.csv')))) {
      const incident = await s.store.incidents.get(`inc-ucdp-${row.id}`);
      expect(incident, row.id).not.toBeNull();
      const { place, date, casualties } = incident!;
      expect([date!.start, date!.end, date!.precision]).toEqual([
        day(row.date_start!),
        day(row.date_end!),
        Number(row.date_prec),
      ]);
      expect([place!.lat, place!.lon, place!.wherePrec]).toEqual([
        Number(row.latitude),
        Number(row.longitude),
        Number(row.where_prec),
      ]);
      const [low, best, high] = [Number(row.low), Number(row.best), Number(row.high)];
      expect(casualties.killed).toMatchObject({
        best,
        min: Math.min(low, best, high),
        max: Math.max(low, best, high),
      });
      expect(place!.name).toBe(blank(row.where_coordinates) ? expect.any(String) : row.where_coordinates);
    }
  });

  it('records each row as a valid report, claim and incident, each in the ledger with its digest (through its batch)', async () => {
    const incidents = await s.store.incidents.list({ limit: 200 });
    expect(incidents.length).toBe(200);
    const claims = await s.store.claims.get(incidents.flatMap((i) => i.claimIds));
    const reports = await Promise.all(claims.map((c) => s.store.reports.get(c.reportId)));
    for (const i of incidents) expect(Incident.safeParse(i).success, i.id).toBe(true);
    for (const c of claims) expect(Claim.safeParse(c).success, c.id).toBe(true);
    for (const r of reports) expect(Report.safeParse(r).success, r?.id).toBe(true);
    expect(reports.every((r) => r!.sourceName === 'UCDP GED')).toBe(true);
    const sources = await s.store.sources.list();
    expect(sources.find((x) => x.name === 'UCDP GED')).toMatchObject({
      kind: 'dataset',
      originGroup: 'UCDP GED',
    });

    // The log as verify reads it: every entry, then what each import batch's entry lists.
    const latest = new Map<string, { seq: number; kind: string; digest: string }>();
    const size = await s.store.ledger.size();
    for (let from = 1; from <= size; from += 5000) {
      for (const e of await s.store.ledger.range(from, from + 4999))
        latest.set(`${e.kind.split('.')[0]}\u0000${e.subject}`, e);
    }
    // Each batch's listing is what its ledger entry digests.
    for await (const { subject, listing } of s.store.imports.batchListings()) {
      expect(latest.get(`import\u0000${subject}`)?.digest).toBe(recordDigest(JSON.parse(listing)));
    }
    expect(await expandImportBatches(s.store, latest)).toBeGreaterThan(3 * 1848);
    const digest = (family: string, id: string) => latest.get(`${family}\u0000${id}`)?.digest;
    for (const i of incidents) expect(digest('incident', i.id), i.id).toBe(recordDigest(i));
    for (const c of claims) expect(digest('claim', c.id), c.id).toBe(recordDigest(c));
    for (const r of reports) expect(digest('report', r!.id), r!.id).toBe(recordDigest(r));
  });

  it('keeps every original row with its incident, and where its bytes are in the kept file', async () => {
    const file = sharedPath('data', 'ucdp', 'ged-23.1-central-african-republic.csv');
    const { sha256 } = await s.deps.blobs.putFile(file);
    const imported = await s.store.imports.find(sha256);
    expect(imported).toMatchObject({ format: 'ucdp', dataset: 'UCDP GED', rows: 1848, skipped: 0 });
    const kept = Buffer.from(await s.deps.blobs.get(sha256));
    const header = imported!.columns.join(',');
    let checked = 0;
    let after: string | null = null;
    for (;;) {
      const page = await s.store.imports.page({}, after, 1000);
      if (page.length === 0) break;
      after = page[page.length - 1]!.incident.id;
      for (const { incident, origin } of page) {
        if (origin?.importId !== imported!.id) continue;
        const row = kept.subarray(origin.byteStart, origin.byteEnd).toString('utf8');
        expect(csvObjects(`${header}\n${row}`)[0], incident.id).toEqual(origin.fields);
        expect(`inc-ucdp-${origin.fields.id}`).toBe(incident.id);
        checked++;
      }
    }
    // A row whose id a later file repeats (the global sample overlaps) now points at that file.
    const later = new Set(
      files()
        .filter((f) => f > 'ged-23.1-central-african-republic.csv')
        .flatMap((f) => csvObjects(readFileSync(sharedPath('data', 'ucdp', f))).map((r) => r.id)),
    );
    const own = csvObjects(kept).filter((r) => !later.has(r.id));
    expect(checked).toBe(own.length);
    expect(own.length).toBeGreaterThan(1800);
  });
});
