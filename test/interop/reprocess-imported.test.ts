import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import { normalizeConfig } from '../../src/config.ts';
import { datasetRecordsOfIncident } from '../../src/interop/dataset-records.ts';
import { runImport } from '../../src/interop/run-import.ts';
import { reprocessOriginals } from '../../src/pipeline/ingest/reprocess.ts';
import { tempDir } from '../support/cli.ts';
import { ucdpCsv, writeFile } from './support.ts';

describe('reprocess --all and imported datasets', () => {
  let app: App;
  let dir: string;
  beforeEach(async () => {
    dir = tempDir('vigil-interop-reprocess-');
    app = await createApp(normalizeConfig({ db: join(dir, 'vigil.db'), blobs: join(dir, 'blobs') }, {}));
    const file = writeFile(dir, 'events.csv', ucdpCsv([{}, {}, {}]));
    const result = await runImport(
      { file, format: 'ucdp', skipBad: false, actor: 'tester' },
      { store: app.store, blobs: app.blobs, clock: app.clock, read: (p) => createReadStream(p) },
    );
    expect(result.status).toBe('imported');
  });
  afterEach(() => app.close());

  it('stores no report or claim for a dataset row: they are derived from the kept row', async () => {
    expect(await app.store.reports.count()).toBe(0);
    expect(await app.store.claims.count()).toBe(0);
    const incident = await app.store.incidents.get('inc-ucdp-900001');
    expect(incident!.claimIds).toEqual([]);
    const derived = await datasetRecordsOfIncident(app.store, incident!.id);
    expect(derived!.claim).toMatchObject({ type: incident!.type, reportId: derived!.report.id });
  });

  // `reprocess --all` re-runs extraction after an engine upgrade; a dataset row's coding comes
  // from its coded columns, and re-extracting the row's text would replace it with nothing.
  it('leaves imported incidents as the dataset coded them', async () => {
    const before = await app.store.incidents.list({});
    await reprocessOriginals(
      { all: true, actor: 'tester', limits: { maxParseBytes: 1 << 20 } },
      { store: app.store, blobs: app.blobs, clock: app.clock, extract: app.extract, resolve: app.resolve },
    );
    expect(await app.store.claims.count()).toBe(0);
    expect(await app.store.incidents.list({})).toEqual(before);
  });
});
