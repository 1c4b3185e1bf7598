import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetRecordsOfIncident } from '../../src/interop/dataset-records.ts';
import type { ExportFormat } from '../../src/interop/export/exporter.ts';
import { runImport } from '../../src/interop/run-import.ts';
import { startServer, type TestServer } from '../api/api-support.ts';
import { exportText, importFile, openInteropStore, ucdpCsv, writeFile } from './support.ts';

// An invented victim's name, planted in the free-text columns of a UCDP row (its article
// excerpt and its headline), where real GED rows sometimes name the dead.
const IN_ARTICLE = 'Qadira Canaryvictim';
const IN_HEADLINE = 'Hamdo Canaryheadline';
const CANARIES = ['Canaryvictim', 'Canaryheadline'];
const found = (text: string) => CANARIES.filter((c) => text.includes(c));

const rows = ucdpCsv([
  {
    source_article: `"Example Monitor,2025-03-08,${IN_ARTICLE} was killed in the shelling"`,
    source_headline: `${IN_HEADLINE} among the dead`,
  },
  {},
]);
const FORMATS: ExportFormat[] = ['ucdp', 'acled', 'geojson', 'hxl', 'jsonl'];

describe("a dataset row's free text (which can name victims)", () => {
  let s: Awaited<ReturnType<typeof openInteropStore>>;
  beforeAll(async () => {
    s = await openInteropStore();
    const result = await importFile(s.deps, writeFile(s.dir, 'named.csv', rows), 'ucdp');
    expect(result.status).toBe('imported');
  });
  afterAll(() => s.close());

  it.each(FORMATS)('is withheld from a viewer in the %s export, the rest of the row kept', async (format) => {
    const { text, summary } = await exportText(s.store, format, { role: 'viewer' });
    expect(summary.exported + Object.values(summary.leftOut).reduce((a, b) => a + b, 0)).toBe(2);
    expect(found(text)).toEqual([]);
  });

  it('still reaches an analyst, in the UCDP export and in the full record', async () => {
    for (const format of ['ucdp', 'jsonl'] as const) {
      const { text } = await exportText(s.store, format, { role: 'analyst' });
      expect(found(text), format).toEqual(CANARIES);
    }
  });

  it('is withheld from a viewer in the claim derived from the row (the full record)', async () => {
    const { text } = await exportText(s.store, 'jsonl', { role: 'viewer' });
    expect(text).toContain('"quote":"[withheld]"');
    expect(found(text)).toEqual([]);
  });

  it("keeps a viewer's UCDP export loadable: the coded columns are there, the free text says it is withheld", async () => {
    const { text } = await exportText(s.store, 'ucdp', { role: 'viewer' });
    const [header, first] = text.split('\r\n');
    const cells = Object.fromEntries(header!.split(',').map((c, i) => [c, first!.split(',')[i]]));
    expect(cells).toMatchObject({
      id: '900001',
      source_article: '[withheld]',
      source_headline: '[withheld]',
      side_a: 'Coastal Front',
      best: expect.stringMatching(/^\d+$/),
    });
  });
});

describe("a dataset row's free text in the HTTP API", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
    const file = join(t.dir, 'named.csv');
    writeFile(t.dir, 'named.csv', rows);
    const result = await runImport(
      { file, format: 'ucdp', skipBad: false, actor: 'tester' },
      { store: t.app.store, blobs: t.app.blobs, clock: t.app.clock, read: (p) => createReadStream(p) },
    );
    expect(result.status).toBe('imported');
  });
  afterAll(() => t.close());

  it('is withheld from a viewer on the incident page and the report, shown to an analyst', async () => {
    const claim = (await datasetRecordsOfIncident(t.app.store, 'inc-ucdp-900001'))!.claim;
    for (const [role, expected] of [
      ['viewer', []],
      ['analyst', CANARIES],
    ] as const) {
      const client = await t.as(role);
      const page = await client.get('/api/incidents/inc-ucdp-900001');
      expect(page.status).toBe(200);
      const report = await client.get(`/api/reports/${claim.reportId}`);
      expect(report.status).toBe(200);
      expect(found(page.text + report.text), role).toEqual(expected);
    }
  });
});
