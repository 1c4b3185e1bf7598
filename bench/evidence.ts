// Evidence vault and transparency log figures.
//  1. Adding 1 GiB of files to the vault (stream, SHA-256 + MD5, read-only copy flushed to disk,
//     type sniffing, records and ledger entries), against Node's raw streaming SHA-256 of the
//     same files in the same run (page cache warm for both; raw measured before and after).
//  2. Ledger appends per second, in transactions of 1,000 and one per transaction.
//  3. Inclusion proofs at 1,000,000 entries: time and size, in memory and from the store.
// Run: npm run bench:evidence [-- --mb 1024 --files 8 --entries 1000000 --appends 50000 --rounds 3 --only evidence]
import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import { createApp } from '../src/app.ts';
import { normalizeConfig } from '../src/config.ts';
import { hashFile } from '../src/evidence/hash-file.ts';
import { addEvidence } from '../src/evidence/vault.ts';
import { canonicalJson, leafHash } from '../src/ledger/canonical.ts';
import { proveInclusion, syncTree } from '../src/ledger/ledger-tree.ts';
import { MemoryTree } from '../src/ledger/memory-tree.ts';
import { inclusionProof, rootAt, verifyInclusion } from '../src/ledger/merkle.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MB = arg('mb', 1024);
const FILES = arg('files', 8);
const ENTRIES = arg('entries', 1_000_000);
const APPENDS = arg('appends', 50_000);
const ROUNDS = arg('rounds', 3);

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-evidence-'));
const lines: string[] = [];
const report = (label: string, value: string) => {
  lines.push(`${label.padEnd(58)} ${value}`);
  console.log(`${label.padEnd(58)} ${value}`);
};

/** Wall-clock seconds, and CPU seconds of every thread of this process (workers included). */
async function timed(work: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - t) / 1000, cpu: (used.user + used.system) / 1e6 };
}

function streamHash(files: string[], algorithm: string) {
  return timed(async () => {
    for (const f of files) {
      const h = createHash(algorithm);
      await pipeline(createReadStream(f, { highWaterMark: 1 << 20 }), h);
      h.digest('hex');
    }
  });
}
const rawSha = (files: string[]) => streamHash(files, 'sha256');

async function throughput(): Promise<void> {
  const size = Math.floor((MB * 1024 * 1024) / FILES);
  const files: string[] = [];
  const chunk = Buffer.alloc(size);
  for (let i = 0; i < FILES; i++) {
    randomFillSync(chunk);
    const f = join(dir, `in-${i}.bin`);
    writeFileSync(f, chunk);
    files.push(f);
  }
  const total = size * FILES;
  const mib = total / 1024 / 1024;
  await rawSha(files); // warm the page cache for both contenders
  // Rounds interleave the contenders (raw SHA-256, add into a fresh vault, raw MD5), so that on
  // a shared machine each sees the same background load; the best round of each is reported
  // (the least disturbed), and the share is computed from rounds measured side by side.
  type Time = { wall: number; cpu: number };
  const best = (xs: Time[]) => xs.reduce((a, b) => (b.wall < a.wall ? b : a));
  const rounds: { raw: Time; add: Time; md5: Time }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const raw = await rawSha(files);
    const vault = join(dir, `round-${r}`);
    const app = await createApp(normalizeConfig({ db: join(vault, 'vault.db'), actor: 'bench' }, {}));
    const add = await timed(async () => {
      for (const f of files) await addEvidence(app.evidence, { path: f, fileName: f, actor: 'bench' });
    });
    await app.close();
    rmSync(vault, { recursive: true, force: true });
    const md5 = await streamHash(files, 'md5');
    rounds.push({ raw, add, md5 });
  }
  const raw = best(rounds.map((x) => x.raw));
  const add = best(rounds.map((x) => x.add));
  const md5Alone = best(rounds.map((x) => x.md5));
  // The share is taken round by round (raw and add measured minutes apart, not across rounds)
  // and the median reported: a lucky raw round must not be set against an unlucky add round.
  const ratios = rounds.map((x) => x.raw.wall / x.add.wall);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const shares = ratios.map((r) => `${(r * 100).toFixed(0)}%`).join(', ');
  const md5Share = median(rounds.map((x) => x.md5.wall / x.add.wall));
  const md5Speed = median(rounds.map((x) => x.raw.wall / x.md5.wall));

  // Where the time goes: the same pass with one part left out at a time.
  const copy = join(dir, 'copy.bin');
  const part = (options: Parameters<typeof hashFile>[1]) =>
    timed(async () => {
      for (const f of files) {
        rmSync(copy, { force: true });
        await hashFile(f, { ...options, copyTo: options?.copyTo ? copy : undefined });
      }
      rmSync(copy, { force: true });
    });
  const shaMd5 = await part({ md5: true });
  const shaCopy = await part({ copyTo: copy });

  const show = (x: { wall: number; cpu: number }) =>
    `${(mib / x.wall).toFixed(0)} MiB/s (${x.wall.toFixed(2)} s; CPU ${(x.cpu / (mib / 1024)).toFixed(2)} s/GiB)`;
  report(`raw streaming SHA-256, ${FILES} files, ${mib.toFixed(0)} MiB (one core; best round)`, show(raw));
  report('vigil evidence add (SHA-256 + MD5 + fsynced read-only copy; best round)', show(add));
  report('  uses both cores: SHA-256 on the main thread, MD5 on a worker', '');
  report(
    '  add throughput as a share of raw SHA-256',
    `${(median(ratios) * 100).toFixed(0)}% (median of ${ROUNDS} rounds; round by round: ${shares})`,
  );
  report('  parts: SHA-256 + MD5 (worker), no copy', show(shaMd5));
  report('  parts: SHA-256 + fsynced copy, no MD5', show(shaCopy));
  report('raw streaming MD5 alone (one core, cannot be split; best round)', show(md5Alone));
  report(
    '  add throughput as a share of raw MD5, its ceiling',
    `${(md5Share * 100).toFixed(0)}% (median; MD5 is ${(md5Speed * 100).toFixed(0)}% as fast as SHA-256 here)`,
  );
}

async function appends(): Promise<void> {
  const app = await createApp(normalizeConfig({ db: join(dir, 'ledger.db'), actor: 'bench' }, {}));
  const record = (i: number) => ({
    id: `cus-${i}`,
    evidenceId: `evi-${i % 100}`,
    action: 'view',
    actor: 'analyst',
    at: '2025-03-10T08:00:00.000Z',
    reason: 'review',
    detail: null,
  });
  const change = (i: number) => ({
    kind: 'custody.recorded',
    subject: `cus-${i}`,
    actor: 'analyst',
    at: '2025-03-10T08:00:00.000Z',
    record: record(i),
  });
  // Wall-clock rates, and CPU-time rates beside them: on a shared machine the second says what
  // the code costs, the first what this run got.
  const rate = async (n: number, work: () => Promise<void>) => {
    const cpu = process.cpuUsage();
    const t = performance.now();
    await work();
    const used = process.cpuUsage(cpu);
    return `${(n / ((performance.now() - t) / 1000)).toFixed(0)} /s (CPU time: ${(n / ((used.user + used.system) / 1e6)).toFixed(0)} /s)`;
  };
  const batched = await rate(APPENDS, async () => {
    for (let i = 0; i < APPENDS; i += 1000) {
      await app.store.atomically(async (tx) => {
        for (let j = i; j < Math.min(APPENDS, i + 1000); j++) await tx.ledger.append(change(j));
      });
    }
  });
  const many = await rate(APPENDS, async () => {
    for (let i = 0; i < APPENDS; i += 1000) {
      const changes = Array.from({ length: Math.min(1000, APPENDS - i) }, (_, j) => change(APPENDS + i + j));
      await app.store.atomically((tx) => tx.ledger.appendMany(changes).then(() => undefined));
    }
  });
  const single = Math.min(5000, APPENDS);
  const alone = await rate(single, async () => {
    for (let i = 0; i < single; i++) await app.store.ledger.append(change(2 * APPENDS + i));
  });
  await app.close();
  report(`ledger append(), transactions of 1,000 (${APPENDS} entries)`, batched);
  report(`ledger appendMany(), batches of 1,000 (${APPENDS} entries)`, many);
  report(`ledger append(), one per transaction (${single} entries)`, alone);
}

async function proofs(): Promise<void> {
  // In memory: the tree `vigil verify` rebuilds.
  const all = Array.from({ length: ENTRIES }, (_, i) => Buffer.from(leafHash(`entry ${i}`), 'hex'));
  const leaves = all.filter((_, i) => i % 997 === 0);
  const tree = new MemoryTree(ENTRIES);
  const build = await timed(async () => {
    for (const leaf of all) tree.append(leaf);
  });
  let t = performance.now();
  const root = rootAt(tree, ENTRIES);
  const rounds = 10_000;
  let bytes = 0;
  let hashes = 0;
  t = performance.now();
  for (let k = 0; k < rounds; k++) {
    const proof = inclusionProof(tree, (k * 7919) % ENTRIES, ENTRIES);
    hashes += proof.length;
    bytes += proof.length * 32;
  }
  const perProof = (performance.now() - t) / rounds;
  const index = 997 * 5;
  if (!verifyInclusion(leaves[5]!, index, ENTRIES, inclusionProof(tree, index, ENTRIES), root)) {
    throw new Error('a proof did not verify');
  }
  report(
    `tree of ${ENTRIES} entries built in memory (O(n))`,
    `${build.wall.toFixed(2)} s (CPU ${build.cpu.toFixed(2)} s)`,
  );
  report(`inclusion proof at ${ENTRIES} entries, in memory`, `${(perProof * 1000).toFixed(1)} µs`);
  report(
    '  proof size',
    `${(hashes / rounds).toFixed(1)} hashes, ${(bytes / rounds).toFixed(0)} bytes (log2 n = ${Math.log2(ENTRIES).toFixed(1)})`,
  );

  // From the store: the path `vigil ledger prove` takes.
  const db = join(dir, 'proofs.db');
  const app = await createApp(normalizeConfig({ db, actor: 'bench' }, {}));
  await app.close();
  const raw = new Database(db);
  const insert = raw.prepare(
    'INSERT INTO ledger (kind, subject, digest, actor, at, leaf_hash) VALUES (?, ?, ?, ?, ?, ?)',
  );
  raw.transaction(() => {
    for (let i = 0; i < ENTRIES; i++) {
      const e = {
        kind: 'custody.recorded',
        subject: `cus-${i}`,
        actor: 'bench',
        at: '2025-03-10T08:00:00.000Z',
        digest: 'ab'.repeat(32),
      };
      insert.run(e.kind, e.subject, e.digest, e.actor, e.at, leafHash(canonicalJson(e)));
    }
  })();
  raw.close();
  const again = await createApp(normalizeConfig({ db, actor: 'bench' }, {}));
  const deps = { ledger: again.store.ledger, ledgerTree: again.store.ledgerTree };
  const sync = await timed(() => syncTree(deps, ENTRIES));
  const storeRounds = 1000;
  const proving = await timed(async () => {
    for (let k = 0; k < storeRounds; k++) await proveInclusion(deps, 1 + ((k * 7919) % ENTRIES));
  });
  await again.close();
  report(
    `subtree cache brought up to ${ENTRIES} entries (first time)`,
    `${sync.wall.toFixed(2)} s (CPU ${sync.cpu.toFixed(2)} s)`,
  );
  report(
    `inclusion proof at ${ENTRIES} entries, from SQLite (\`ledger prove\`)`,
    `${((proving.wall / storeRounds) * 1000).toFixed(2)} ms (CPU ${((proving.cpu / storeRounds) * 1000).toFixed(2)} ms)`,
  );
}

try {
  console.log(
    `vigil bench:evidence  (node ${process.version}, ${new Date().toISOString()}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`,
  );
  // --only evidence|ledger|proofs runs one part (while tuning); the default runs all three.
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
  if (!only || only === 'evidence') await throughput();
  if (!only || only === 'ledger') await appends();
  if (!only || only === 'proofs') await proofs();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
