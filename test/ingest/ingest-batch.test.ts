import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import { normalizeConfig } from '../../src/config.ts';
import type { Report } from '../../src/domain/index.ts';
import { type IngestInput, runIngestBatch } from '../../src/pipeline/ingest/run-ingest.ts';
import { tempDir } from '../support/cli.ts';

const texts: Record<string, string> = {
  a: 'Source: Harbour Monitor\nPublished: 2025-03-08\n\nShelling struck Baniyas on 8 March, the monitor said.\n',
  b: 'Source: harbour monitor\nPublished: 2025-03-09\n\nGunmen abducted two teachers in Jableh on 9 March, residents said.\n',
  boom: 'Source: Coast Relief Forum\nPublished: 2025-03-09\n\nBOOM: armed men looted shops in Latakia on 9 March.\n',
  c: 'Source: Coast Relief Forum\nPublished: 2025-03-10\n\nBakeries in Tartus closed on 10 March after flour ran out.\n',
};

describe('recording several inputs in one transaction', () => {
  let dir: string;
  let app: App;
  afterEach(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(failOn: string | null) {
    dir = tempDir('vigil-batch-');
    app = await createApp(normalizeConfig({ db: join(dir, 'v.db'), blobs: join(dir, 'blobs') }, {}));
    const deps = {
      store: app.store,
      blobs: app.blobs,
      clock: app.clock,
      load: async (input: IngestInput) => ({
        ok: true as const,
        bytes: new TextEncoder().encode(texts[input.label]!),
        url: null,
      }),
      // A later stage that fails on one report, as a bug would.
      extract: async (report: Report) => {
        if (failOn && report.text.includes(failOn)) throw new Error('extractor crashed on this report');
        return app.extract(report);
      },
      resolve: app.resolve,
    };
    const inputs = ['a', 'b', 'boom', 'c', 'a'].map((label) => ({ label, kind: 'file' as const }));
    return runIngestBatch(inputs, { actor: 'test', limits: { maxParseBytes: 1 << 20 } }, deps);
  }

  it('stores each input once, and a repeat within the batch is already held', async () => {
    const results = await start(null);
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored', 'stored', 'held']);
    expect(results[4]!.reportIds).toEqual(results[0]!.reportIds);
    expect(await app.store.reports.count()).toBe(4);
    expect(results[1]!.claims).toBeGreaterThan(0);
  });

  it('keeps the others when recording one fails, and keeps that one as unparsed with the reason', async () => {
    const results = await start('BOOM');
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored', 'unparsed', 'stored', 'held']);
    expect(results[2]!.reason).toBe('could not be recorded: extractor crashed on this report');
    const kept = await app.store.reports.get(results[2]!.reportIds[0]!);
    expect(kept?.status).toBe('unparsed');
    expect(kept?.reason).toContain('extractor crashed');
    expect(await app.store.reports.count()).toBe(4);
    // The original bytes are held for a later `vigil reprocess`.
    expect(await app.store.reports.findOriginal(kept!.originalSha256)).not.toBeNull();
  });

  it('files reports whose source names differ only in case under one source', async () => {
    await start(null);
    const sources = await app.store.sources.list();
    expect(sources.filter((s) => s.name.toLowerCase() === 'harbour monitor')).toHaveLength(1);
    // `vigil verify` reads each report's source column back: both name the one source.
    const problems: string[] = [];
    for await (const r of app.store.recordAudit.records('report')) problems.push(...r.problems);
    expect(problems).toEqual([]);
    const raw = new Database(join(dir, 'v.db'), { readonly: true });
    const ids = raw
      .prepare("SELECT DISTINCT source_id AS id FROM reports WHERE lower(source_name) = 'harbour monitor'")
      .all();
    raw.close();
    expect(ids).toEqual([{ id: sources.find((s) => s.name.toLowerCase() === 'harbour monitor')!.id }]);
  });
});
