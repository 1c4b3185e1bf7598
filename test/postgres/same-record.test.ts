import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgres } from '../../src/adapters/postgres/open-postgres.ts';
import { openSqlite } from '../../src/adapters/sqlite/open-sqlite.ts';
import { runCli, tempDir } from '../support/cli.ts';
import { ROOT } from '../support/shared.ts';
import { describePostgres, freshDatabase } from './pg-support.ts';
import { type Snapshot, snapshot } from './snapshot.ts';

/**
 * The whole pipeline — every parser, extraction, the gazetteer, resolution with its origins,
 * near-duplicates and contradictions — run by one process on each engine over the demo corpus
 * (text, HTML, Markdown, PDF, RSS, JSON Lines), in the same order: the records must be equal.
 * This reaches the roles that have no contract suite of their own through the code that uses them.
 */
describePostgres('one process on PostgreSQL and on SQLite', (url) => {
  let dir: string;
  let team: Awaited<ReturnType<typeof freshDatabase>>;
  let embedded: Snapshot;
  let server: Snapshot;

  beforeAll(async () => {
    dir = tempDir('vigil-same-');
    team = await freshDatabase(url);
    const demo = join(ROOT, 'examples', 'demo');
    const a = await runCli(['--db', join(dir, 'v.db'), 'ingest', demo]);
    expect(a.code, a.stderr).toBe(0);
    const b = await runCli(['--db', team.url, '--blobs', join(dir, 'blobs'), 'ingest', demo]);
    expect(b.code, b.stderr).toBe(0);
    const sqlite = await openSqlite(join(dir, 'v.db'));
    embedded = await snapshot(sqlite.store);
    await sqlite.store.close();
    const pg = await openPostgres(team.url);
    server = await snapshot(pg.store);
    await pg.store.close();
  }, 600_000);

  afterAll(async () => {
    await team?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('build the same reports and claims', () => {
    expect(server.reports.length).toBeGreaterThan(20);
    expect(server.reports).toEqual(embedded.reports);
    expect(server.claims).toEqual(embedded.claims);
  });

  it('build the same incidents, grades and tallies, with the same ledger', () => {
    expect(server.incidents.length).toBeGreaterThan(0);
    expect(server.incidents).toEqual(embedded.incidents);
    expect(server.tallies).toEqual(embedded.tallies);
    expect(server.ledgerKinds).toEqual(embedded.ledgerKinds);
  });

  it('answer the same searches and filters', async () => {
    const sqlite = await openSqlite(join(dir, 'v.db'));
    const pg = await openPostgres(team.url);
    try {
      for (const q of [
        { text: 'Jableh' },
        { text: 'killed families' },
        { grade: 'fair' },
        { bbox: [35.5, 34.5, 36.5, 36] as [number, number, number, number] },
        { from: '2025-03-08', to: '2025-03-09' },
      ]) {
        const [a, b] = await Promise.all([sqlite.store.search.find(q), pg.store.search.find(q)]);
        // Ids and totals: the two runs happened at different moments (updatedAt differs).
        expect(b.total, JSON.stringify(q)).toBe(a.total);
        expect(b.incidents.map((i) => i.id)).toEqual(a.incidents.map((i) => i.id));
        expect(await pg.store.search.days(q)).toEqual(await sqlite.store.search.days(q));
      }
      const ids = async (store: typeof pg.store) =>
        (await store.reports.list({ text: 'Baniyas' })).map((r) => r.id);
      expect(await ids(pg.store)).toEqual(await ids(sqlite.store));
    } finally {
      await sqlite.store.close();
      await pg.store.close();
    }
  });
});
