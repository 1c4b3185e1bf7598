import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgres } from '../../src/adapters/postgres/open-postgres.ts';
import { openSqlite } from '../../src/adapters/sqlite/open-sqlite.ts';
import { runCli, tempDir } from '../support/cli.ts';
import { shuffled, writeCorpus } from './corpus.ts';
import { describePostgres, freshDatabase, query } from './pg-support.ts';
import { expectSameRecord, type Snapshot, sameIncidents, snapshot } from './snapshot.ts';

/** Reports in the concurrency test; the 10,000 run with VIGIL_TEST_WORKERS_N=10000. */
const N = Number(process.env.VIGIL_TEST_WORKERS_N ?? 400);

describePostgres('four workers on PostgreSQL', (url) => {
  let dir: string;
  let files: string[];
  let reference: Snapshot;
  let orderFree: boolean;

  beforeAll(async () => {
    dir = tempDir('vigil-workers-');
    files = writeCorpus(join(dir, 'corpus'), N);
    const db = join(dir, 'reference.db');
    const ingest = await runCli(['--db', db, 'ingest', '--published', '2025-03-10', join(dir, 'corpus')]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const { store } = await openSqlite(db);
    reference = await snapshot(store);
    await store.close();
    // The same reports in another order, in one process: does resolution depend on order?
    const other = join(dir, 'reordered.db');
    const again = await runCli([
      '--db',
      other,
      'ingest',
      '--published',
      '2025-03-10',
      ...shuffled(files, 17),
    ]);
    expect(again.code, again.stderr).toBe(0);
    const reordered = await openSqlite(other);
    orderFree = sameIncidents(reference, await snapshot(reordered.store));
    await reordered.store.close();
  }, 900_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('build the record one process builds on SQLite, with inputs repeated and reordered', async () => {
    const team = await freshDatabase(url);
    try {
      const args = ['--db', team.url, '--blobs', join(dir, 'team-blobs')];
      // Every report once in order, half of them again backwards, a quarter again shuffled:
      // the same bytes reach different workers at nearly the same moment.
      const batches = [files, files.slice(0, N / 2).reverse(), shuffled(files, 3).slice(0, N / 4)];
      const enqueued = await Promise.all(
        batches.map((batch) =>
          runCli([...args, 'ingest', '--enqueue', '--published', '2025-03-10', ...batch]),
        ),
      );
      for (const e of enqueued) expect(e.code, e.stderr).toBe(0);
      const workers = await Promise.all(
        [1, 2, 3, 4].map(() => runCli([...args, 'worker', '--until-idle', '--concurrency', '2'])),
      );
      for (const w of workers) expect(w.code, w.stderr).toBe(0);

      const { store } = await openPostgres(team.url);
      try {
        const result = await snapshot(store);
        expect(result.reports).toHaveLength(N);
        expectSameRecord(result, reference, orderFree);
      } finally {
        await store.close();
      }
      // The ledger is numbered 1..n without a gap although four processes appended to it.
      const [seqs] = await query<{ n: number; max: number }>(
        team.url,
        'SELECT count(*)::int AS n, max(seq)::int AS max FROM ledger',
      );
      expect(seqs!.max).toBe(seqs!.n);
      // Every job finished: none failed for good, none waits.
      const states = await query<{ state: string; n: number }>(
        team.url,
        "SELECT state::text, count(*)::int AS n FROM pgboss.job WHERE state <> 'completed' GROUP BY state",
      );
      expect(states).toEqual([]);
    } finally {
      await team.drop();
    }
  }, 900_000);
});
