import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import { DEMO_DIR } from '../../src/cli/commands/demo.ts';
import { normalizeConfig } from '../../src/config.ts';
import { ACLED_EVENT_TYPES } from '../../src/domain/index.ts';
import { ACLED_COLUMNS, ACLED_DISORDER_TYPES } from '../../src/interop/acled.ts';
import { tempDir } from '../support/cli.ts';
import { csvObjects, exportText } from './support.ts';

describe('an ACLED export of the demo corpus', () => {
  let dir: string;
  let app: App;
  let text: string;

  beforeAll(async () => {
    dir = tempDir('vigil-acled-demo-');
    app = await createApp(normalizeConfig({ db: join(dir, 'vigil.db') }, {}));
    // Load the gazetteer before ingesting: its first load reads the store, which must not
    // wait behind an ingest transaction on SQLite's one connection.
    await app.gazetteer.index();
    await app.ingest([DEMO_DIR], {});
    text = (await exportText(app.store, 'acled', { role: 'viewer' })).text;
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("has ACLED's columns in ACLED's order", () => {
    expect(text.split('\r\n')[0]).toBe(ACLED_COLUMNS.join(','));
  });

  it("uses only codes from ACLED's codebook", async () => {
    const rows = csvObjects(text);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const where = `${row.event_id_cnty}`;
      const type = row.event_type as keyof typeof ACLED_EVENT_TYPES;
      expect(Object.keys(ACLED_EVENT_TYPES), where).toContain(type);
      expect(ACLED_EVENT_TYPES[type] as readonly string[], where).toContain(row.sub_event_type);
      expect(ACLED_DISORDER_TYPES as readonly string[], where).toContain(row.disorder_type);
      expect(['1', '2', '3'], where).toContain(row.time_precision);
      expect(['1', '2', '3'], where).toContain(row.geo_precision);
      expect(['', 'Civilian targeting'], where).toContain(row.civilian_targeting);
      expect(row.event_date, where).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(row.year, where).toBe(row.event_date!.slice(0, 4));
      expect(row.fatalities, where).toMatch(/^\d+$/);
      // ACLED names countries; Vigil's geocoder keeps ISO codes, which the export spells out.
      expect(row.country, where).not.toMatch(/^[A-Z]{2}$/);
      expect(Math.abs(Number(row.latitude)), where).toBeLessThanOrEqual(90);
      expect(Math.abs(Number(row.longitude)), where).toBeLessThanOrEqual(180);
    }
  });

  it('gives each incident its conservative figure: the lowest of its range', async () => {
    const incidents = await app.store.incidents.list();
    for (const row of csvObjects(text)) {
      const incident = incidents.find((i) => i.id === row.event_id_cnty)!;
      expect(Number(row.fatalities), incident.id).toBe(incident.casualties.killed?.min ?? 0);
    }
  });
});
