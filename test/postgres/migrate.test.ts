import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fsBlobStore } from '../../src/adapters/fs/fs-blob-store.ts';
import { openPostgres } from '../../src/adapters/postgres/open-postgres.ts';
import { openSqlite } from '../../src/adapters/sqlite/open-sqlite.ts';
import { MemoryTree } from '../../src/ledger/memory-tree.ts';
import { rootAt } from '../../src/ledger/merkle.ts';
import type { Store } from '../../src/ports/store.ts';
import { aClaim, anIncident, anOriginal, aReport } from '../contracts/records.ts';
import { runCli, tempDir } from '../support/cli.ts';
import { describePostgres, freshDatabase } from './pg-support.ts';

/** An embedded store with a history: reports, claims, incidents, failures, and their ledger. */
async function aHistory(store: Store, blobsDir: string, reports: number): Promise<void> {
  const blobs = fsBlobStore(blobsDir);
  for (let i = 0; i < reports; i++) {
    const bytes = new TextEncoder().encode(`Bulletin ${i}: shelling hit the market in Jableh.`);
    const blob = await blobs.put(bytes);
    const original = anOriginal(`m${i}`, { sha256: blob.sha256, size: blob.size });
    const report = aReport(original, { text: `Bulletin ${i}: shelling hit the market in Jableh.` });
    await store.atomically(async (tx) => {
      await tx.reports.recordOriginal(original);
      await tx.sources.ensure('Coastal Monitor', 'monitor');
      await tx.reports.recordReport(report);
      await tx.ledger.append({
        kind: 'report.ingested',
        subject: report.id,
        actor: 'cli',
        at: original.receivedAt,
        record: report,
      });
      const claim = aClaim(report.id, 0);
      await tx.claims.replaceForReport(report.id, [claim]);
      await tx.ledger.append({
        kind: 'claim.extracted',
        subject: claim.id,
        actor: 'cli',
        at: original.receivedAt,
        record: claim,
      });
      const incident = anIncident(`inc-${claim.id}`, [claim.id]);
      await tx.incidents.replaceForClaims([claim.id], [incident]);
      await tx.ledger.append({
        kind: 'incident.resolved',
        subject: incident.id,
        actor: 'cli',
        at: original.receivedAt,
        record: incident,
      });
    });
  }
  await store.failures.record('missing.txt', 'no such file', '2025-03-10T08:00:00.000Z');
}

async function everything(store: Store) {
  const size = await store.ledger.size();
  return {
    ledger: await store.ledger.range(1, size),
    reports: await store.reports.list({ limit: 100_000 }),
    incidents: await store.incidents.list({ limit: 100_000 }),
    claims: await store.claims.count(),
    sources: await store.sources.list(),
    failures: await store.failures.list(),
  };
}

describePostgres('vigil migrate', (url) => {
  let dir: string;
  let target: Awaited<ReturnType<typeof freshDatabase>>;

  beforeEach(async () => {
    dir = tempDir('vigil-migrate-');
    target = await freshDatabase(url);
  });
  afterEach(async () => {
    await target.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves an embedded store to PostgreSQL with the same ledger entries, leaf hashes and root', async () => {
    const file = join(dir, 'vigil.db');
    const source = await openSqlite(file);
    await aHistory(source.store, join(dir, 'vigil.blobs'), 40);
    const before = await everything(source.store);
    await source.store.close();

    const moved = await runCli([
      'migrate',
      '--from',
      file,
      '--to',
      target.url,
      '--blobs-to',
      join(dir, 'team', 'blobs'),
      '--json',
    ]);
    expect(moved.code, moved.stderr).toBe(0);
    const summary = JSON.parse(moved.stdout);
    const root = rootAt(
      MemoryTree.of(before.ledger.map((e) => Buffer.from(e.leafHash, 'hex'))),
      before.ledger.length,
    );
    expect(summary.ledger).toEqual({ size: 120, root: root.toString('hex') });
    expect(summary.copied.blobs).toBe(40);

    const team = await openPostgres(target.url);
    try {
      expect(await everything(team.store)).toEqual(before);
      // The copy is a working store: search, and appends numbered after the copied entries.
      expect(await team.store.reports.list({ text: 'bulletin 7' })).toHaveLength(1);
      expect(
        (await team.store.ledger.append({ kind: 'test', subject: 'x', actor: 'a', at: 't', record: {} })).seq,
      ).toBe(121);
      await team.store.failures.record('later.txt', 'unreadable', '2025-03-11T00:00:00.000Z');
      expect(await team.store.failures.list()).toHaveLength(2);
    } finally {
      await team.store.close();
    }
    const shards = readdirSync(join(dir, 'team', 'blobs'));
    expect(shards.length).toBeGreaterThan(0);
  });

  it('verifies on the server with the same root and checkpoint as on the file', async () => {
    const file = join(dir, 'vigil.db');
    const source = await openSqlite(file);
    await aHistory(source.store, join(dir, 'vigil.blobs'), 5);
    await source.store.close();
    const signed = await runCli(['--db', file, 'ledger', 'checkpoint']);
    expect(signed.code, signed.stderr).toBe(0);
    const onFile = await runCli(['--db', file, 'verify', '--json']);
    expect(onFile.code, onFile.stdout).toBe(0);
    const moved = await runCli([
      'migrate',
      '--from',
      file,
      '--to',
      target.url,
      '--blobs-to',
      join(dir, 'team', 'blobs'),
    ]);
    expect(moved.code, moved.stderr).toBe(0);
    expect(existsSync(join(dir, 'team', 'keys'))).toBe(existsSync(join(dir, 'vigil.keys')));
    const onServer = await runCli([
      '--db',
      target.url,
      '--blobs',
      join(dir, 'team', 'blobs'),
      'verify',
      '--json',
    ]);
    const a = JSON.parse(onFile.stdout);
    const b = JSON.parse(onServer.stdout);
    expect(b.root).toBe(a.root);
    expect(b.counts).toEqual(a.counts);
    expect(b.failures).toEqual(a.failures);
    expect(b.counts.checkpoints).toBe(1);
    expect(onServer.code, onServer.stdout).toBe(0);
  });

  it('refuses to migrate into a database that already holds a record, and changes nothing', async () => {
    const file = join(dir, 'vigil.db');
    const source = await openSqlite(file);
    await aHistory(source.store, join(dir, 'vigil.blobs'), 3);
    await source.store.close();
    expect((await runCli(['migrate', '--from', file, '--to', target.url])).code).toBe(0);
    const again = await runCli(['migrate', '--from', file, '--to', target.url]);
    expect(again.code).toBe(5);
    expect(again.stderr).toMatch(/already holds rows/);
    const team = await openPostgres(target.url);
    try {
      expect(await team.store.ledger.size()).toBe(9);
    } finally {
      await team.store.close();
    }
  });

  it('says what is wrong with its arguments in one line', async () => {
    const missing = await runCli(['migrate', '--from', join(dir, 'none.db'), '--to', target.url]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--from must be an existing SQLite store file/);
    const notPg = await runCli(['migrate', '--from', join(dir, 'none.db'), '--to', join(dir, 'other.db')]);
    expect(notPg.code).toBe(2);
    expect(notPg.stderr).toMatch(/--to must be a postgres:\/\/ URL/);
  });
});
