import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/adapters/sql/migrations/index.ts';
import { openSqlite } from '../../src/adapters/sqlite/open-sqlite.ts';
import { tempDir } from '../support/cli.ts';

describe('embedded store migrations', () => {
  it('applies every migration once, in order, and re-opening applies none again', async () => {
    const db = join(tempDir(), 'm.db');
    const first = await openSqlite(db);
    await first.store.close();
    const second = await openSqlite(db);
    await second.store.close();
    const raw = new Database(db, { readonly: true });
    const applied = raw.prepare('SELECT name FROM vigil_migrations ORDER BY rowid').all() as {
      name: string;
    }[];
    expect(applied.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    const fts = raw.prepare("SELECT name FROM sqlite_master WHERE name = 'reports_fts'").get();
    expect(fts).toBeTruthy();
    raw.close();
  });

  it('turns foreign keys on, so a report cannot point at an original that is not held', async () => {
    const { raw, store } = await openSqlite(join(tempDir(), 'fk.db'));
    expect(() =>
      raw
        .prepare(
          "INSERT INTO reports (id, original_sha256, item_key, status, text, media_type, ingested_at) VALUES ('r', 'nope', '0', 'parsed', '', 'text/plain', 'now')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    await store.close();
  });

  it('names the path when the database cannot be opened', async () => {
    const dir = tempDir();
    const notAFolder = join(dir, 'file');
    writeFileSync(notAFolder, 'x');
    await expect(openSqlite(join(notAFolder, 'v.db'))).rejects.toThrow(
      `cannot open database ${join(notAFolder, 'v.db')}`,
    );
  });
});
