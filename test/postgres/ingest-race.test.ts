import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgres } from '../../src/adapters/postgres/open-postgres.ts';
import { createApp } from '../../src/app.ts';
import { normalizeConfig } from '../../src/config.ts';
import { runCli, tempDir } from '../support/cli.ts';
import { writeCorpus } from './corpus.ts';
import { describePostgres, freshDatabase, query } from './pg-support.ts';

/**
 * In-place ingest (no queue) of the same bytes by two runs at the same moment on one
 * PostgreSQL store: one records the report, the other says "already held" — neither fails,
 * nothing is recorded twice.
 */
describePostgres('two ingest runs of the same bytes on PostgreSQL', (url) => {
  let dir: string;
  let files: string[];

  beforeAll(() => {
    dir = tempDir('vigil-ingest-race-');
    files = writeCorpus(join(dir, 'corpus'), 12, 3);
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('store each input once and answer "already held" to the run that comes second', async () => {
    const team = await freshDatabase(url);
    const config = normalizeConfig({ db: team.url, blobs: join(dir, 'blobs-a') }, {});
    // Two apps, as two processes would have: both look for the original before either has
    // committed it, so the second must find it held inside its own transaction.
    const [a, b] = [await createApp(config), await createApp(config)];
    try {
      await Promise.all([a.gazetteer.index(), b.gazetteer.index()]);
      for (const file of files) {
        const [ra, rb] = await Promise.all([a.ingest([file], {}), b.ingest([file], {})]);
        const statuses = [ra[0]!.status, rb[0]!.status].sort();
        expect(statuses, JSON.stringify([ra, rb])).toEqual(['held', 'stored']);
        const held = [ra[0]!, rb[0]!].find((r) => r.status === 'held')!;
        const stored = [ra[0]!, rb[0]!].find((r) => r.status === 'stored')!;
        expect(held.reason).toBe('already held');
        expect(held.reportIds).toEqual(stored.reportIds);
      }
      expect(await a.store.reports.count()).toBe(files.length);
      const [seqs] = await query<{ n: number; max: number; ingested: number }>(
        team.url,
        "SELECT count(*)::int AS n, max(seq)::int AS max, count(*) FILTER (WHERE kind = 'report.ingested')::int AS ingested FROM ledger",
      );
      expect(seqs!.ingested).toBe(files.length);
      expect(seqs!.max).toBe(seqs!.n);
    } finally {
      await a.close();
      await b.close();
      await team.drop();
    }
  }, 300_000);

  it('let two `vigil ingest` processes given the same files both succeed, each file stored once', async () => {
    const team = await freshDatabase(url);
    try {
      const args = ['--db', team.url, '--blobs', join(dir, 'blobs-b'), 'ingest', ...files];
      const runs = await Promise.all([runCli(args), runCli(args)]);
      for (const r of runs) {
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).not.toMatch(/error/i);
      }
      const out = runs.map((r) => r.stdout).join('');
      expect(out.match(/^stored /gm)).toHaveLength(files.length);
      expect(out.match(/^held .*already held/gm)).toHaveLength(files.length);
      const { store } = await openPostgres(team.url);
      try {
        expect(await store.reports.count()).toBe(files.length);
      } finally {
        await store.close();
      }
    } finally {
      await team.drop();
    }
  }, 300_000);
});
