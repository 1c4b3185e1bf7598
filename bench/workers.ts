/**
 * `npm run bench:workers`: ingest throughput on PostgreSQL with 1, 2 and 4 `vigil worker`
 * processes over the same queued corpus (default 20,000 invented reports).
 *
 *   VIGIL_BENCH_N=20000        reports
 *   VIGIL_BENCH_WORKERS=1,2,4  worker counts to try
 *   VIGIL_BENCH_PG_URL         a server to use (default VIGIL_TEST_PG_URL, else a private one
 *                              started with .ci/start-postgres.sh and stopped at the end)
 *
 * The corpus is queued once into a template database; each run copies it (CREATE DATABASE …
 * TEMPLATE), so every worker count starts from the same queue. The corpus is queued in
 * publication order, as news mostly arrives (test/postgres/workers.test.ts covers any order).
 * Throughput is measured from the first job started (pg-boss's timestamps) to the moment no job
 * waits and the resolution lane has nothing left; while a run goes the bench samples the
 * machine's CPU and what the database sessions wait on, to show the bottleneck.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeCorpus } from '../test/postgres/corpus.ts';
import { admin, query, withDatabase } from '../test/postgres/pg-support.ts';
import { tempDir } from '../test/support/cli.ts';
import { ROOT } from '../test/support/shared.ts';

const run = promisify(execFile);
const N = Number(process.env.VIGIL_BENCH_N ?? 20_000);
const COUNTS = (process.env.VIGIL_BENCH_WORKERS ?? '1,2,4').split(',').map(Number);
const VIGIL = join(ROOT, 'bin', 'vigil.js');

function cpuTimes(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const n = line.split(/\s+/).slice(1).map(Number);
  const idle = n[3]! + n[4]!;
  const total = n.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** CPU seconds a process has used so far (user + system), or null once it is gone. */
function processCpu(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const children = new Set<number>();

function vigil(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VIGIL, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    if (child.pid) children.add(child.pid);
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => {
      if (child.pid) children.delete(child.pid);
      resolve({ code, stderr });
    });
  });
}

async function main() {
  let url = process.env.VIGIL_BENCH_PG_URL ?? process.env.VIGIL_TEST_PG_URL;
  let stopServer: (() => Promise<unknown>) | null = null;
  if (!url) {
    url = (await run(join(ROOT, '.ci', 'start-postgres.sh'), { cwd: ROOT })).stdout.trim();
    const started = url;
    stopServer = () => run(join(ROOT, '.ci', 'stop-postgres.sh'), [started], { cwd: ROOT });
  }
  const dir = tempDir('vigil-bench-workers-');
  const blobs = join(dir, 'blobs');
  const tag = Date.now().toString(36);
  const template = `bench_${tag}_queued`;
  const made: string[] = [];
  try {
    process.stdout.write(
      `bench:workers — ${N} reports, ${cpus().length} CPU cores, PostgreSQL at ${new URL(url).host}\n`,
    );
    writeCorpus(join(dir, 'corpus'), N, 20_000);
    await admin(url, `CREATE DATABASE ${template}`);
    made.push(template);
    const templateUrl = withDatabase(url, template);
    let t = performance.now();
    const enqueued = await vigil([
      '--db',
      templateUrl,
      '--blobs',
      blobs,
      'ingest',
      '--enqueue',
      join(dir, 'corpus'),
    ]);
    if (enqueued.code !== 0) throw new Error(`enqueue failed: ${enqueued.stderr}`);
    const enqueueSeconds = (performance.now() - t) / 1000;
    process.stdout.write(
      `enqueue (one process): ${(N / enqueueSeconds).toFixed(0)} reports/s (${enqueueSeconds.toFixed(1)} s)\n\n`,
    );

    const rows: string[][] = [];
    let single = 0;
    for (const k of COUNTS) {
      const name = `bench_${tag}_w${k}`;
      await admin(url, `CREATE DATABASE ${name} TEMPLATE ${template}`);
      made.push(name);
      const runUrl = withDatabase(url, name);
      const waits = new Map<string, number>();
      let samples = 0;
      let lockHeld = 0;
      // Last CPU reading of every worker process and database session of this run.
      const cpuOf = new Map<string, number>();
      const cpu0 = cpuTimes();
      t = performance.now();
      // When the last report was resolved: no job waiting and nothing left for the lane.
      let finishedAt: string | null = null;
      const sampler = setInterval(async () => {
        try {
          if (!finishedAt) {
            const [state] = await query<{ left: number; at: string }>(
              runUrl,
              `SELECT (SELECT count(*) FROM pgboss.job WHERE state IN ('created', 'retry', 'active'))::int
                 + (SELECT count(*) FROM vigil_unresolved)::int AS left, now()::text AS at`,
            );
            if (state!.left === 0) finishedAt = state!.at;
          }
          const active = await query<{ what: string; n: number }>(
            runUrl,
            `SELECT coalesce(wait_event_type || ':' || wait_event, 'running') AS what, count(*)::int AS n
             FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()
             GROUP BY 1`,
          );
          samples++;
          for (const a of active) waits.set(a.what, (waits.get(a.what) ?? 0) + a.n);
          const [held] = await query<{ n: number }>(
            runUrl,
            `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted
             AND classid = ${0x56494749} AND objid = 1 AND objsubid = 2
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          );
          lockHeld += held!.n;
          const backends = await query<{ pid: number }>(
            runUrl,
            'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
          );
          for (const b of backends) {
            const c = processCpu(b.pid);
            if (c !== null) cpuOf.set(`db:${b.pid}`, c);
          }
          for (const pid of children) {
            const c = processCpu(pid);
            if (c !== null) cpuOf.set(`worker:${pid}`, c);
          }
        } catch {
          // a sample lost is a sample lost
        }
      }, 250);
      const results = await Promise.all(
        Array.from({ length: k }, () => vigil(['--db', runUrl, '--blobs', blobs, 'worker', '--until-idle'])),
      );
      clearInterval(sampler);
      const wall = (performance.now() - t) / 1000;
      const cpu1 = cpuTimes();
      for (const r of results) if (r.code !== 0) throw new Error(`a worker failed: ${r.stderr}`);
      // From the first job started to the last report resolved (the lane works after the jobs).
      const [span] = await query<{ seconds: number }>(
        runUrl,
        `SELECT extract(epoch FROM greatest(max(completed_on), coalesce($1::timestamptz, max(completed_on))) - min(started_on))::float AS seconds
         FROM pgboss.job WHERE state = 'completed'`,
        [finishedAt],
      );
      const stages = await query<{ name: string; ms: number; n: number }>(
        runUrl,
        `SELECT name, (avg(extract(epoch FROM completed_on - started_on)) * 1000)::float AS ms, count(*)::int AS n
         FROM pgboss.job WHERE state = 'completed' GROUP BY name ORDER BY name`,
      );
      const [reports] = await query<{ n: number }>(runUrl, 'SELECT count(*)::int AS n FROM reports');
      const rate = reports!.n / span!.seconds;
      const [left] = await query<{ n: number }>(runUrl, 'SELECT count(*)::int AS n FROM vigil_unresolved');
      if (left!.n > 0) throw new Error(`${left!.n} reports were left unresolved`);
      if (k === COUNTS[0]) single = rate / k;
      const busy = (100 * (cpu1.busy - cpu0.busy)) / (cpu1.total - cpu0.total);
      const cpuSum = (prefix: string) =>
        [...cpuOf.entries()].filter(([key]) => key.startsWith(prefix)).reduce((acc, [, v]) => acc + v, 0);
      const workerMs = (1000 * cpuSum('worker:')) / reports!.n;
      const dbMs = (1000 * cpuSum('db:')) / reports!.n;
      const lockShare = lockHeld / Math.max(1, samples);
      // Each worker's closing line: "record lock: N resolutions, waited W ms and held H ms on average".
      let resolutions = 0;
      let heldMs = 0;
      let waitedMs = 0;
      for (const r of results) {
        const m = /record lock: (\d+) resolutions, waited ([\d.]+) ms and held ([\d.]+) ms/.exec(r.stderr);
        if (!m) continue;
        resolutions += Number(m[1]);
        waitedMs += Number(m[1]) * Number(m[2]);
        heldMs += Number(m[1]) * Number(m[3]);
      }
      const lockHold = resolutions
        ? `${(heldMs / resolutions).toFixed(0)} / ${(waitedMs / resolutions).toFixed(0)}`
        : '-';
      const topWaits = [...waits.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([w, n]) => `${w} ${(n / Math.max(1, samples)).toFixed(1)}`)
        .join(', ');
      rows.push([
        String(k),
        String(reports!.n),
        span!.seconds.toFixed(1),
        rate.toFixed(1),
        (rate / (single * k)).toFixed(2),
        `${busy.toFixed(0)}%`,
        `${workerMs.toFixed(0)} / ${dbMs.toFixed(0)}`,
        `${(lockShare * 100).toFixed(0)}%`,
        lockHold,
        stages.map((s) => `${s.name.replace('vigil-', '')} ${s.ms.toFixed(0)}`).join(' / '),
        topWaits,
      ]);
      process.stdout.write(
        `${k} worker(s): ${rate.toFixed(1)} reports/s (${reports!.n} reports in ${span!.seconds.toFixed(1)} s; wall ${wall.toFixed(1)} s)\n`,
      );
    }
    const headers = [
      'workers',
      'reports',
      'seconds',
      'reports/s',
      'efficiency',
      'machine CPU busy',
      'CPU ms/report (workers / db)',
      'record lock held',
      'ms a resolution holds / waits for it',
      'ms per job, fetch to done',
      'busy sessions, avg (top waits)',
    ];
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
    process.stdout.write(
      `\n${line(headers)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`,
    );
  } finally {
    for (const name of made.reverse())
      await admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    if (stopServer) await stopServer();
  }
}

await main();
