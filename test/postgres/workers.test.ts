import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgres } from '../../src/adapters/postgres/open-postgres.ts';
import { openSqlite } from '../../src/adapters/sqlite/open-sqlite.ts';
import { runCli, tempDir } from '../support/cli.ts';
import { shuffled } from '../support/seeded.ts';
import { writeCorpus } from './corpus.ts';
import { describePostgres, freshDatabase, query } from './pg-support.ts';
import { expectSameRecord, type Snapshot, snapshot } from './snapshot.ts';

/**
 * Reports in the concurrency test. The issue asks for 10,000 (it passes: 11 to 25 minutes on a shared
 * two-core machine, docs/scaling.md); the default is 500 to keep CI short. 2,000 passes too (about
 * 5 minutes). Set VIGIL_TEST_WORKERS_N to run it larger.
 */
const N = Number(process.env.VIGIL_TEST_WORKERS_N ?? 500);
/** Generous: on a loaded two-core machine 10,000 reports take many minutes in each engine. */
const TIMEOUT = Math.max(600_000, N * 300);

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const log = (line: string) => process.stderr.write(`workers test (${N} reports): ${line}\n`);

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describePostgres('four workers on PostgreSQL', (url) => {
  let dir: string;
  let files: string[];
  let reference: Snapshot;

  beforeAll(async () => {
    dir = tempDir('vigil-workers-');
    files = writeCorpus(join(dir, 'corpus'), N);
    // The reference: one process on SQLite, every report once, in canonical (file name) order.
    const t = performance.now();
    const db = join(dir, 'reference.db');
    const ingest = await runCli(['--db', db, 'ingest', join(dir, 'corpus')]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const { store } = await openSqlite(db);
    reference = await snapshot(store);
    await store.close();
    log(`one process on SQLite: ${seconds(t)}`);
  }, TIMEOUT);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'build the record one process builds on SQLite, from the same reports reordered, repeated and queued at once',
    async () => {
      // The corpus exercises what must come out the same: incidents told by several outlets,
      // wire copies, contradictions of every common kind, every grade but the analysts' own.
      expect(reference.reports.length).toBeGreaterThan(N * 0.99);
      expect(reference.incidents.length).toBeGreaterThan(N / 10);
      expect(reference.incidents.some((i) => i.claimIds.length > 2)).toBe(true);
      const grades = new Set(reference.incidents.map((i) => i.grade));
      for (const grade of ['weak', 'fair', 'contested']) expect(grades, grade).toContain(grade);
      const kinds = new Set(reference.contradictions.map((c) => (c as { kind: string }).kind));
      for (const kind of ['denial', 'casualties']) expect(kinds, kind).toContain(kind);
      expect(Object.values(reference.origins).some((label) => label.includes('Monitor'))).toBe(true);

      const team = await freshDatabase(url);
      try {
        const args = ['--db', team.url, '--blobs', join(dir, 'team-blobs')];
        // Another order, and one report in ten queued a second time by a third process at the
        // same moment: the same bytes reach different workers at nearly the same time.
        const order = shuffled(files, 29);
        const again = shuffled(files, 31).slice(0, Math.ceil(N / 10));
        const batches = [order.slice(0, N / 2), order.slice(N / 2), again];
        const t = performance.now();
        const enqueued = Promise.all(
          batches.map((batch) => runCli([...args, 'ingest', '--enqueue', ...batch])),
        );
        // The workers start while the inputs are still being queued.
        await until(
          async () =>
            (await query<{ n: number }>(team.url, 'SELECT count(*)::int AS n FROM pgboss.job'))[0]!.n > 0,
          120_000,
        );
        const workers = Promise.all(
          [1, 2, 3, 4].map(() => runCli([...args, 'worker', '--until-idle', '--concurrency', '2'])),
        );
        for (const e of await enqueued) expect(e.code, e.stderr).toBe(0);
        log(`queued ${N + again.length} inputs in three processes: ${seconds(t)}`);
        for (const w of await workers) expect(w.code, w.stderr).toBe(0);
        log(`four workers done: ${seconds(t)}`);

        const { store } = await openPostgres(team.url);
        try {
          const result = await snapshot(store);
          // Not N: at 10,000 the corpus holds a few byte-identical files, one report each.
          expect(result.reports).toHaveLength(reference.reports.length);
          expectSameRecord(result, reference);
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
    },
    TIMEOUT,
  );
});
