import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/adapters/postgres/open-postgres.ts';
import { openSqlite } from '../../src/adapters/sqlite/open-sqlite.ts';
import { runCli, tempDir } from '../support/cli.ts';
import { shuffled } from '../support/seeded.ts';
import { ROOT, requireComponent } from '../support/shared.ts';
import { writeCorpus } from './corpus.ts';
import { postgresInstalled, privateServer, query } from './pg-support.ts';
import { expectSameRecord, type Snapshot, snapshot } from './snapshot.ts';
import { tcpProxy } from './tcp-proxy.ts';

const N = 60;
/** Short expiry and maintenance so that a job lost with its worker comes back within seconds. */
const FAST_RETRY = {
  VIGIL_JOB_EXPIRE_SECONDS: '4',
  VIGIL_QUEUE_MAINTENANCE_SECONDS: '1',
  VIGIL_JOB_RETRY_DELAY_SECONDS: '1',
};

function worker(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { child: ChildProcess; done: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'vigil.js'), ...args, 'worker', '--until-idle', '--concurrency', '2'],
    {
      cwd: ROOT,
      env: { ...process.env, ...FAST_RETRY, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stderr })),
  );
  return { child, done };
}

async function until(check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const reportCount = async (url: string) =>
  (await query<{ n: number }>(url, 'SELECT count(*)::int AS n FROM reports'))[0]!.n;

const mode = requireComponent('PostgreSQL 15 server binaries', postgresInstalled);

(mode === 'run' ? describe : describe.skip)('workers under faults', () => {
  let dir: string;
  let files: string[];
  let reference: Snapshot;

  beforeAll(async () => {
    dir = tempDir('vigil-faults-');
    files = writeCorpus(join(dir, 'corpus'), N, 11);
    const db = join(dir, 'reference.db');
    const ingest = await runCli(['--db', db, 'ingest', join(dir, 'corpus')]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const { store } = await openSqlite(db);
    reference = await snapshot(store);
    await store.close();
  }, 600_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function expectSameAsReference(url: string) {
    const { store } = await openPostgres(url);
    try {
      const result = await snapshot(store);
      expect(result.reports).toHaveLength(N);
      expectSameRecord(result, reference);
      const [seqs] = await query<{ n: number; max: number }>(
        url,
        'SELECT count(*)::int AS n, max(seq)::int AS max FROM ledger',
      );
      expect(seqs!.max).toBe(seqs!.n);
    } finally {
      await store.close();
    }
  }

  async function enqueueAll(args: string[]) {
    // Another order than the reference's.
    const e = await runCli([...args, 'ingest', '--enqueue', ...shuffled(files, 5)], {
      env: FAST_RETRY,
    });
    expect(e.code, e.stderr).toBe(0);
  }

  it('retries the job of a worker killed mid-job and finishes it once', async () => {
    const server = await privateServer();
    try {
      const args = ['--db', server.url, '--blobs', join(dir, 'blobs-kill')];
      await enqueueAll(args);
      const activeJobs = async () =>
        (await query<{ id: string }>(server.url, "SELECT id FROM pgboss.job WHERE state = 'active'")).map(
          (r) => r.id,
        );
      // Kill a worker while it holds a job. It may finish that job between our look and the
      // kill: then the jobs still active once it is dead are the lost ones; try again if none.
      let lost: string[] = [];
      for (let attempt = 0; attempt < 5 && lost.length === 0; attempt++) {
        const doomed = worker(args);
        if (attempt === 0) await until(async () => (await reportCount(server.url)) >= N / 3);
        await until(async () => (await activeJobs()).length > 0);
        doomed.child.kill('SIGKILL');
        expect((await doomed.done).code).toBe(null);
        lost = await activeJobs();
      }
      expect(lost.length).toBeGreaterThan(0);

      const second = worker(args);
      const { code, stderr } = await second.done;
      expect(code, stderr).toBe(0);
      await expectSameAsReference(server.url);
      const retried = await query<{ state: string; retry_count: number }>(
        server.url,
        'SELECT state::text, retry_count FROM pgboss.job WHERE id = ANY($1::uuid[])',
        [lost],
      );
      expect(retried.length).toBe(lost.length);
      for (const job of retried) {
        expect(job.state).toBe('completed');
        expect(job.retry_count).toBeGreaterThanOrEqual(1);
      }
    } finally {
      await server.stop();
    }
  }, 300_000);

  it('reconnects and finishes when PostgreSQL restarts during ingest', async () => {
    const server = await privateServer();
    try {
      const args = ['--db', server.url, '--blobs', join(dir, 'blobs-restart')];
      await enqueueAll(args);
      const workers = [worker(args), worker(args)];
      await until(async () => (await reportCount(server.url)) >= N / 3);
      await server.restart();
      for (const w of workers) {
        const { code, stderr } = await w.done;
        expect(code, stderr).toBe(0);
      }
      await expectSameAsReference(server.url);
    } finally {
      await server.stop();
    }
  }, 300_000);

  it('neither crashes nor duplicates when a worker loses its connection for 30 seconds', async () => {
    const server = await privateServer();
    const proxy = await tcpProxy(Number(new URL(server.url).port));
    try {
      const direct = ['--db', server.url, '--blobs', join(dir, 'blobs-outage')];
      await enqueueAll(direct);
      const viaProxy = new URL(server.url);
      viaProxy.port = String(proxy.port);
      const w = worker(['--db', viaProxy.toString(), '--blobs', join(dir, 'blobs-outage')]);
      await until(async () => (await reportCount(server.url)) >= N / 3);
      const pending = async () =>
        (
          await query<{ n: number }>(
            server.url,
            "SELECT count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active')",
          )
        )[0]!.n;
      expect(await pending()).toBeGreaterThan(0);
      await proxy.cut(30_000);
      // Thirty seconds without its database: still running, work still waiting for it.
      expect(w.child.exitCode).toBe(null);
      expect(await pending()).toBeGreaterThan(0);
      const { code, stderr } = await w.done;
      expect(code, stderr).toBe(0);
      await expectSameAsReference(server.url);
    } finally {
      await proxy.close();
      await server.stop();
    }
  }, 300_000);
});
