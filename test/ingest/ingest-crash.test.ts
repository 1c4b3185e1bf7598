import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.ts';
import { runCli, tempDir } from '../support/cli.ts';
import { ROOT } from '../support/shared.ts';

const FILES = 1000;
const PLACES = ['Baniyas', 'Jableh', 'Latakia', 'Tartus', 'Homs'];

function writeCorpus(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < FILES; i++) {
    const place = PLACES[i % PLACES.length];
    writeFileSync(
      join(dir, `report-${String(i).padStart(4, '0')}.txt`),
      `Source: Test Monitor ${i % 7}\nPublished: 2025-03-${String((i % 9) + 1).padStart(2, '0')}\n\n` +
        `Illustrative report ${i}. Armed men looted shops in ${place}, residents said. ` +
        `Shelling struck the outskirts of ${place} overnight, the monitor reported.\n`,
    );
  }
}

describe('a killed ingest leaves a consistent store that a re-run completes', () => {
  it('finishes all 1,000 files after SIGKILL halfway, with no duplicate and no corrupt row', async () => {
    const dir = tempDir();
    const corpus = join(dir, 'corpus');
    writeCorpus(corpus);
    const db = join(dir, 'vigil.db');

    const child = spawn(process.execPath, [join(ROOT, 'bin', 'vigil.js'), '--db', db, 'ingest', corpus], {
      cwd: ROOT,
    });
    let stored = 0;
    let errors = '';
    child.stderr.on('data', (d) => {
      errors += d;
    });
    const killed = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stored += chunk
          .toString()
          .split('\n')
          .filter((l) => l.startsWith('stored')).length;
        if (stored >= FILES / 2 && !child.killed) child.kill('SIGKILL');
      });
      child.on('close', () => resolve());
    });
    await killed;
    expect(child.signalCode, errors).toBe('SIGKILL');

    const between = new Database(db, { readonly: true });
    const partial = (between.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n;
    between.close();
    expect(partial).toBeGreaterThanOrEqual(FILES / 2);
    expect(partial).toBeLessThan(FILES);

    const rerun = await runCli(['--db', db, 'ingest', corpus]);
    expect(rerun.code).toBe(EXIT.ok);
    expect(rerun.stderr).toMatch(
      new RegExp(`${FILES} input\\(s\\): ${FILES - partial} stored, ${partial} already held, 0 failed`),
    );

    const check = new Database(db, { readonly: true });
    const one = (sql: string) => Object.values(check.prepare(sql).get() as object)[0];
    expect(one('PRAGMA integrity_check')).toBe('ok');
    expect(check.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(one('SELECT count(*) FROM originals')).toBe(FILES);
    expect(one('SELECT count(*) FROM reports')).toBe(FILES);
    expect(one('SELECT count(DISTINCT original_sha256) FROM reports')).toBe(FILES);
    expect(one("SELECT count(*) FROM ledger WHERE kind = 'report.ingested'")).toBe(FILES);
    expect(one("SELECT count(DISTINCT subject) FROM ledger WHERE kind = 'report.ingested'")).toBe(FILES);
    expect(
      one(
        'SELECT count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.report_id = r.id)',
      ),
    ).toBe(0);
    expect(one('SELECT count(*) FROM reports_fts')).toBe(FILES);
    check.close();
  }, 240_000);
});
