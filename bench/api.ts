// Map queries against the HTTP API: 100,000 incidents in the embedded store; 50 concurrent
// clients for 20 s, each request a bounding box (a governorate-sized box) and a month.
// Two runs: with the server's per-query answer cache (the steady state of a dashboard whose
// users look at the same views), and with it off (every answer scanned and serialized anew).
// Run: npm run bench:api [-- --incidents N --seconds S --connections C]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { claimToRow, incidentToRow } from '../src/adapters/sql/row-mapping.ts';
import { openSqlite } from '../src/adapters/sqlite/open-sqlite.ts';
import { addUser, issueApiToken } from '../src/auth/accounts.ts';
import type { Claim, Incident } from '../src/domain/index.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const INCIDENTS = arg('incidents', 100_000);
const SECONDS = arg('seconds', 20);
const CONNECTIONS = arg('connections', 50);

const TYPES = [
  ['Violence against civilians', 'Attack'],
  ['Explosions/Remote violence', 'Shelling/artillery/missile attack'],
  ['Battles', 'Armed clash'],
  ['Strategic developments', 'Looting/property destruction'],
  ['Displacement', 'Flight'],
  ['Humanitarian condition', 'food'],
] as const;
const GRADES = ['confirmed', 'fair', 'weak', 'contested', 'discounted'] as const;

/** A deterministic pseudo-random stream, so every run measures the same data. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function populate(path: string): Promise<string> {
  const { store, db, raw } = await openSqlite(path);
  const rand = random(42);
  const day0 = Date.UTC(2023, 0, 1);
  const insertReport = raw.prepare(
    `INSERT INTO reports (id, original_sha256, item_key, status, reason, text, title, url, source_id, source_name, published, language, media_type, ingested_at)
     VALUES (?, ?, ?, 'parsed', NULL, 'bench', NULL, NULL, NULL, 'Bench Monitor', '2025-01-01', 'en', 'text/plain', '2025-01-01T00:00:00Z')`,
  );
  raw
    .prepare(
      `INSERT INTO originals (sha256, size, media_type, origin, received_at) VALUES (?, 5, 'text/plain', 'bench', '2025-01-01T00:00:00Z')`,
    )
    .run('0'.repeat(64));
  const claimCols = Object.keys(claimToRow({} as Claim)).join(', ');
  const incidentCols = Object.keys(incidentToRow({} as Incident)).join(', ');
  const insertClaim = raw.prepare(
    `INSERT INTO claims (${claimCols}) VALUES (${claimCols
      .split(', ')
      .map(() => '?')
      .join(', ')})`,
  );
  const insertIncident = raw.prepare(
    `INSERT INTO incidents (${incidentCols}) VALUES (${incidentCols
      .split(', ')
      .map(() => '?')
      .join(', ')})`,
  );
  const insertLink = raw.prepare('INSERT INTO incident_claims (incident_id, claim_id) VALUES (?, ?)');
  raw.transaction(() => {
    for (let r = 0; r < INCIDENTS / 1000; r++) insertReport.run(`rep-bench-${r}`, '0'.repeat(64), String(r));
    for (let i = 0; i < INCIDENTS; i++) {
      const [type, subType] = TYPES[Math.floor(rand() * TYPES.length)]!;
      const start = new Date(day0 + Math.floor(rand() * 3 * 365) * 86_400_000).toISOString().slice(0, 10);
      const killed = rand() < 0.6 ? Math.floor(rand() * 40) : null;
      const place = {
        name: `Place ${i % 5000}`,
        lat: 32.3 + rand() * 5,
        lon: 35.7 + rand() * 6.7,
        country: 'SY',
        admin1: `Region ${i % 14}`,
        wherePrec: 1,
        geoPrecision: 1,
        gazetteerId: null,
      };
      const claim = {
        id: `clm-bench-${i}`,
        reportId: `rep-bench-${Math.floor(i / 1000)}`,
        ordinal: i % 1000,
        span: [0, 5],
        quote: 'bench',
        type,
        subType,
        attribution: { source: 'Bench Monitor', stance: 'reported', modality: false },
        place,
        date: { start, end: start, precision: 1 },
        actors: [],
        casualties: { killed: null, injured: null, abducted: null, displaced: null },
        fatalitiesAcled: null,
        repeatOf: null,
        salience: 1,
      } as unknown as Claim;
      const incident: Incident = {
        id: `inc-bench-${i}`,
        type,
        subType,
        place,
        date: { start, end: start, precision: 1 },
        casualties: {
          killed:
            killed === null
              ? null
              : { min: killed, max: killed + Math.floor(rand() * 10), text: `${killed}` },
          injured: null,
          abducted: null,
          displaced: null,
        },
        grade: GRADES[Math.floor(rand() * GRADES.length)]!,
        gradeReason: 'bench',
        independence: 1,
        claimIds: [claim.id],
        published: rand() < 0.3,
        version: 1,
        updatedAt: '2025-01-01T00:00:00Z',
      };
      insertClaim.run(...Object.values(claimToRow(claim)));
      insertIncident.run(...Object.values(incidentToRow(incident)));
      insertLink.run(incident.id, claim.id);
    }
  })();
  await addUser(store.accounts, {
    name: 'bench',
    role: 'analyst',
    password: 'bench password 123',
    now: new Date().toISOString(),
  });
  const token = await issueApiToken(store.accounts, 'bench', 'bench', new Date().toISOString());
  void db;
  await store.close();
  return token.secret;
}

/** A governorate-sized box and a month, varied so that requests are not all the same. */
function queries(): string[] {
  const out: string[] = [];
  for (let m = 0; m < 12; m++) {
    const month = `2024-${String(m + 1).padStart(2, '0')}`;
    for (const [w, s] of [
      [35.7, 34.8],
      [36.4, 33.1],
      [37.0, 35.5],
      [38.5, 34.0],
    ] as const) {
      out.push(`/api/map?bbox=${w},${s},${w + 1.5},${s + 1.5}&from=${month}-01&to=${month}-28`);
    }
  }
  return out;
}

async function run(db: string, token: string, cache: number): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      join(import.meta.dirname, '..', 'bin', 'ts-register.js'),
      join(import.meta.dirname, 'api-server.ts'),
      db,
      String(cache),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const paths = queries();
  let n = 0;
  try {
    const sample = await fetch(`${url}${paths[0]}`, { headers: { authorization: `Bearer ${token}` } });
    const features = ((await sample.json()) as { total: number }).total;
    const result = await autocannon({
      url,
      connections: CONNECTIONS,
      duration: SECONDS,
      headers: { authorization: `Bearer ${token}` },
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[n++ % paths.length]! }) }],
    });
    const label = cache > 0 ? 'with answer cache' : 'no answer cache';
    console.log(
      `${label.padEnd(18)} ${Math.round(result.requests.average)} req/s, latency p50 ${result.latency.p50} ms, ` +
        `p99 ${result.latency.p99} ms, max ${result.latency.max} ms; ${result.requests.total} requests, ` +
        `${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts ` +
        `(${paths.length} distinct queries, ~${features} points per answer)`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

// --keep DIR keeps the generated store in DIR (and reuses it on the next run).
const keepAt = process.argv.indexOf('--keep');
const keep = keepAt > 0 ? process.argv[keepAt + 1]! : null;
const dir = keep ?? mkdtempSync(join(tmpdir(), 'vigil-bench-api-'));
mkdirSync(dir, { recursive: true });
const db = join(dir, 'bench.db');
try {
  const started = performance.now();
  const reuse = keep !== null && existsSync(join(dir, 'token'));
  const token = reuse ? readFileSync(join(dir, 'token'), 'utf8') : await populate(db);
  if (keep && !reuse) writeFileSync(join(dir, 'token'), token);
  console.log(
    `bench:api on Node ${process.version}: ${INCIDENTS} incidents ${reuse ? `reused from ${dir}` : `stored in ${((performance.now() - started) / 1000).toFixed(1)} s`}; ` +
      `${CONNECTIONS} connections for ${SECONDS} s per run, server in its own process`,
  );
  await run(db, token, 256);
  await run(db, token, 0);
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
