import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import { normalizeConfig } from '../../src/config.ts';
import { runImport } from '../../src/interop/run-import.ts';
import { mergeIncidents, setIncidentField, splitIncident } from '../../src/pipeline/resolve/review.ts';
import { ucdpCsv, writeFile } from '../interop/support.ts';
import { tempDir } from '../support/cli.ts';

// Review edits re-resolve an incident from the claims linked to it; an imported incident has
// none, and re-resolving it used to retire it: `review set <id> published true` deleted it.
describe('review of an incident imported from a dataset', () => {
  let app: App;
  const id = 'inc-ucdp-900001';
  beforeEach(async () => {
    const dir = tempDir('vigil-review-imported-');
    app = await createApp(normalizeConfig({ db: join(dir, 'vigil.db'), blobs: join(dir, 'blobs') }, {}));
    const file = writeFile(dir, 'events.csv', ucdpCsv([{}, {}]));
    const result = await runImport(
      { file, format: 'ucdp', skipBad: false, actor: 'tester' },
      { store: app.store, blobs: app.blobs, clock: app.clock, read: (p) => createReadStream(p) },
    );
    expect(result.status).toBe('imported');
  });
  afterEach(() => app.close());

  it('refuses a field edit with a reason and keeps the incident as imported', async () => {
    const before = await app.store.incidents.get(id);
    expect(before).not.toBeNull();
    await expect(
      setIncidentField(app.store, {
        id,
        field: 'published',
        value: true,
        actor: 'analyst-a',
        reason: 'checked',
      }),
    ).rejects.toThrow(/imported from a dataset row.*import the file again/);
    expect(await app.store.incidents.get(id)).toEqual(before);
    expect(await app.store.decisions.forIncident(id)).toEqual([]);
  });

  it('refuses a merge or split that names one, and writes nothing', async () => {
    const all = await app.store.incidents.list({});
    expect(all.length).toBe(2);
    const ledgerBefore = await app.store.ledgerTree.lastSeq();
    await expect(
      mergeIncidents(app.store, { ids: all.map((i) => i.id), actor: 'analyst-a', reason: 'same event' }),
    ).rejects.toThrow(/imported from a dataset row/);
    await expect(
      splitIncident(app.store, { id, claimGroups: [[]], actor: 'analyst-a', reason: 'two events' }),
    ).rejects.toThrow(/imported from a dataset row/);
    expect(await app.store.incidents.list({})).toEqual(all);
    expect(await app.store.ledgerTree.lastSeq()).toBe(ledgerBefore);
  });
});
