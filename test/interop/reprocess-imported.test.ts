import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import { normalizeConfig } from '../../src/config.ts';
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

  it('knows which reports were made from a dataset row', async () => {
    const reports = await app.store.reports.list({ status: 'parsed', limit: 10 });
    expect(reports).toHaveLength(3);
    const imported = await app.store.imports.importedReports([...reports.map((r) => r.id), 'rep-own']);
    expect([...imported].sort()).toEqual(reports.map((r) => r.id).sort());
  });

  // `reprocess --all` re-runs extraction after an engine upgrade; a dataset row's claims come from
  // its coded columns, and re-extracting the row's text would replace them with nothing.
  it('leaves the claims of imported rows as the dataset coded them', async () => {
    const before = await app.store.claims.count();
    await reprocessOriginals(
      { all: true, actor: 'tester', limits: { maxParseBytes: 1 << 20 } },
      { store: app.store, blobs: app.blobs, clock: app.clock, extract: app.extract, resolve: app.resolve },
    );
    expect(await app.store.claims.count()).toBe(before);
  });
});
