import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetRecordsOfIncident } from '../../src/interop/dataset-records.ts';
import { exportText, openInteropStore } from './support.ts';

const SHA = 'a'.repeat(64);
const AT = '2025-03-12T09:00:00.000Z';
const claim = {
  actors: [],
  attribution: { modality: false, source: 'UCDP GED', stance: 'reported' },
  casualties: {
    abducted: null,
    displaced: null,
    injured: null,
    killed: { min: 4, max: 4, best: 4, text: 'UCDP' },
  },
  date: { start: '2025-03-08', end: '2025-03-08', precision: 1 },
  fatalitiesAcled: null,
  id: 'rep-legacy-r1.0',
  ordinal: 0,
  place: null,
  quote: 'An earlier import stored this claim.',
  repeatOf: null,
  reportId: 'rep-legacy-r1',
  salience: 0,
  span: [0, 36],
  subType: 'Attack',
  type: 'Violence against civilians',
};
const incident = {
  casualties: claim.casualties,
  claimIds: [claim.id],
  date: claim.date,
  grade: 'weak',
  gradeReason: 'weak: a single origin',
  id: 'inc-ucdp-1',
  independence: 1,
  place: null,
  published: false,
  subType: 'Attack',
  type: 'Violence against civilians',
  updatedAt: AT,
  version: 1,
};

// A store holding a row imported before 0009-imported-rows: its report and claim stored, its
// row in `import_rows` keyed by the report. Written as that version wrote it.
describe('a dataset row imported before the lighter model', () => {
  let s: Awaited<ReturnType<typeof openInteropStore>>;
  beforeAll(async () => {
    s = await openInteropStore();
    const raw = new Database(`${s.dir}/test.db`);
    try {
      raw
        .prepare(
          'INSERT INTO originals (sha256, size, media_type, origin, received_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(SHA, 20, 'text/csv', 'old.csv', AT);
      raw
        .prepare(
          'INSERT INTO imports (id, original_sha256, format, dataset, columns, rows, skipped, actor, imported_at) VALUES (?, ?, ?, ?, ?, 1, 0, ?, ?)',
        )
        .run('imp-legacy', SHA, 'ucdp', 'UCDP GED', JSON.stringify(['id', 'best']), 'tester', AT);
      raw
        .prepare(
          `INSERT INTO reports (id, original_sha256, item_key, status, text, source_name, media_type, ingested_at) VALUES (?, ?, 'ucdp:1', 'parsed', ?, 'UCDP GED', 'text/csv', ?)`,
        )
        .run('rep-legacy-r1', SHA, claim.quote, AT);
      raw
        .prepare('INSERT INTO claims (id, report_id, ordinal, type, body) VALUES (?, ?, 0, ?, ?)')
        .run(claim.id, claim.reportId, claim.type, JSON.stringify(claim));
      raw
        .prepare(
          'INSERT INTO incidents (id, type, grade, date_start, date_end, published, version, updated_at, body) VALUES (?, ?, ?, ?, ?, 0, 1, ?, ?)',
        )
        .run(incident.id, incident.type, 'weak', '2025-03-08', '2025-03-08', AT, JSON.stringify(incident));
      raw
        .prepare('INSERT INTO incident_claims (incident_id, claim_id) VALUES (?, ?)')
        .run(incident.id, claim.id);
      raw
        .prepare(
          'INSERT INTO import_rows (report_id, import_id, dataset_id, incident_id, line, byte_start, byte_end, fields) VALUES (?, ?, ?, ?, 2, 9, 20, ?)',
        )
        .run('rep-legacy-r1', 'imp-legacy', '1', incident.id, JSON.stringify(['1', '4']));
    } finally {
      raw.close();
    }
  });
  afterAll(() => s.close());

  it('is still found through its stored claim, and exported with that claim', async () => {
    const origins = await s.store.imports.origins([incident.id]);
    expect(origins.get(incident.id)).toMatchObject({ stored: true, line: 2, fields: { id: '1', best: '4' } });
    // Nothing is derived for it: its own stored records stand.
    expect(await datasetRecordsOfIncident(s.store, incident.id)).toBeNull();
    const { text } = await exportText(s.store, 'jsonl', { role: 'analyst' });
    const line = JSON.parse(text.trim());
    expect(line.claims.map((c: { id: string }) => c.id)).toEqual([claim.id]);
    expect(line.origin).toMatchObject({ importId: 'imp-legacy', line: 2, fields: { id: '1', best: '4' } });
  });

  it("withholds its stored claim's quote from a viewer though the claim carries no mark", async () => {
    const { text } = await exportText(s.store, 'jsonl', { role: 'viewer' });
    expect(JSON.parse(text.trim()).claims[0].quote).toBe('[withheld]');
    expect(text).not.toContain('An earlier import stored this claim.');
  });
});
