import { createHash } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_HOLD_LIMIT, fsBlobStore } from '../../src/adapters/fs/fs-blob-store.ts';
import { openSqlite } from '../../src/adapters/sqlite/open-sqlite.ts';
import { type App, createApp } from '../../src/app.ts';
import { normalizeConfig } from '../../src/config.ts';
import { EXIT } from '../../src/errors.ts';
import { runIngestBatch } from '../../src/pipeline/ingest/run-ingest.ts';
import { systemClock } from '../../src/ports/clock.ts';
import { describePostgres, freshDatabase, query } from '../postgres/pg-support.ts';
import { runCli, tempDir } from '../support/cli.ts';

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const text = 'Armed men looted shops in Jableh on 7 March, residents said.\n';

let app: App | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function appIn(dir: string): Promise<App> {
  app = await createApp(normalizeConfig({ db: join(dir, 'v.db'), blobs: join(dir, 'blobs') }, {}));
  return app;
}

/** Every file under the blobs folder (the temporary folder aside). */
function blobFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.parentPath.endsWith('tmp'))
    .map((e) => e.name);
}

describe('ingest holds small originals in the store, with their reports', () => {
  it('keeps a small original in the database, in the report’s transaction, and creates no file for it', async () => {
    const dir = tempDir();
    const file = join(dir, 'report.txt');
    writeFileSync(file, text);
    const a = await appIn(dir);
    const [result] = await a.ingest([file], {});
    expect(result!.status).toBe('stored');
    expect(blobFiles(join(dir, 'blobs'))).toEqual([]);
    expect(await a.store.heldBytes.has(sha(text))).toBe(true);
    expect(Buffer.from(await a.blobs.get(sha(text))).toString()).toBe(text);
    const [again] = await a.ingest([file], {});
    expect(again).toMatchObject({ status: 'held', reason: 'already held', reportIds: result!.reportIds });
  });

  it('keeps an original over the hold limit as a file', async () => {
    const dir = tempDir();
    const file = join(dir, 'long.txt');
    const long = `${text}${'More detail follows from the field. '.repeat(Math.ceil(DEFAULT_HOLD_LIMIT / 30))}`;
    writeFileSync(file, long);
    const a = await appIn(dir);
    const [result] = await a.ingest([file], {});
    expect(result!.status).toBe('stored');
    expect(blobFiles(join(dir, 'blobs'))).toEqual([sha(long)]);
    expect(await a.store.heldBytes.has(sha(long))).toBe(false);
    const verified = await runCli(['--db', join(dir, 'v.db'), '--blobs', join(dir, 'blobs'), 'verify']);
    expect(verified.code, verified.stdout + verified.stderr).toBe(EXIT.ok);
  });

  it('reads, reprocesses and verifies a store whose small originals were kept as files', async () => {
    const dir = tempDir();
    const db = join(dir, 'v.db');
    const blobs = join(dir, 'blobs');
    const bytes = new TextEncoder().encode(`${text}${'More detail follows. '.repeat(20)}`);
    // As ingest kept every original before holding began: a file, here left unparsed.
    const { store } = await openSqlite(db);
    const [old] = await runIngestBatch(
      [{ label: 'old.txt', kind: 'file' }],
      { actor: 'test', limits: { maxParseBytes: 100 } },
      {
        store,
        blobs: fsBlobStore(blobs),
        clock: systemClock,
        load: async () => ({ ok: true, bytes, url: null }),
        extract: async () => [],
        resolve: async () => [],
      },
    );
    await store.close();
    expect(old!.status).toBe('unparsed');
    expect(blobFiles(blobs)).toEqual([sha(bytes)]);

    const verified = await runCli(['--db', db, '--blobs', blobs, 'verify']);
    expect(verified.code, verified.stdout + verified.stderr).toBe(EXIT.ok);
    const again = await runCli(['--db', db, '--blobs', blobs, 'reprocess']);
    expect(again.code, again.stderr).toBe(EXIT.ok);
    expect(again.stdout).toMatch(/parsed {3}rep-\w+ -> rep-\w+/);
    const a = await appIn(dir);
    expect(Buffer.compare(await a.blobs.get(sha(bytes)), bytes)).toBe(0);
    expect(await a.store.heldBytes.has(sha(bytes))).toBe(false);
  });

  it('names an original whose held bytes were altered when verifying', async () => {
    const dir = tempDir();
    const file = join(dir, 'report.txt');
    writeFileSync(file, text);
    const a = await appIn(dir);
    await a.ingest([file], {});
    await a.close();
    app = null;
    const { raw } = await openSqlite(join(dir, 'v.db'));
    raw
      .prepare('UPDATE held_originals SET bytes = ? WHERE sha256 = ?')
      .run(Buffer.from('altered'), sha(text));
    raw.close();
    const altered = await runCli(['--db', join(dir, 'v.db'), '--blobs', join(dir, 'blobs'), 'verify']);
    expect(altered.code).not.toBe(EXIT.ok);
    expect(altered.stdout + altered.stderr).toContain(sha(text));
    expect(altered.stdout + altered.stderr).toMatch(/altered/);
  });
});

describePostgres('held originals on a team store', (url) => {
  it('are copied by `vigil migrate` and verify on the server, and a server ingest holds them too', async () => {
    const dir = tempDir();
    const file = join(dir, 'report.txt');
    writeFileSync(file, text);
    const db = join(dir, 'v.db');
    expect((await runCli(['--db', db, 'ingest', file])).code).toBe(EXIT.ok);
    const team = await freshDatabase(url);
    try {
      const moved = await runCli([
        'migrate',
        '--from',
        db,
        '--to',
        team.url,
        '--blobs-to',
        join(dir, 'team'),
      ]);
      expect(moved.code, moved.stderr).toBe(EXIT.ok);
      const verified = await runCli(['--db', team.url, '--blobs', join(dir, 'team'), 'verify']);
      expect(verified.code, verified.stdout + verified.stderr).toBe(EXIT.ok);
      const other = join(dir, 'other.txt');
      writeFileSync(other, `${text}Shelling struck the outskirts of Baniyas overnight.\n`);
      const ingested = await runCli(['--db', team.url, '--blobs', join(dir, 'team'), 'ingest', other]);
      expect(ingested.code, ingested.stderr).toBe(EXIT.ok);
      const held = await query<{ sha256: string }>(
        team.url,
        'SELECT sha256 FROM held_originals ORDER BY sha256',
      );
      expect(held.map((r) => r.sha256)).toEqual(
        [sha(text), sha(`${text}Shelling struck the outskirts of Baniyas overnight.\n`)].sort(),
      );
      expect(blobFiles(join(dir, 'team'))).toEqual([]);
    } finally {
      await team.drop();
    }
  });
});
