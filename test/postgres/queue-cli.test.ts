import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.ts';

describe('the queue commands on an embedded store', () => {
  it('refuse to queue or to work without PostgreSQL, saying what to give', async () => {
    const dir = tempDir('vigil-queue-cli-');
    const enqueue = await runCli(['--db', join(dir, 'v.db'), 'ingest', '--enqueue', join(dir, 'none.txt')]);
    expect(enqueue.code).toBe(2);
    expect(enqueue.stderr).toMatch(/--enqueue needs a PostgreSQL store: give --db postgres:\/\//);
    const worker = await runCli(['--db', join(dir, 'v.db'), 'worker', '--until-idle']);
    expect(worker.code).toBe(2);
    expect(worker.stderr).toMatch(/workers need a PostgreSQL store/);
  });

  it('refuses a concurrency that is not a small whole number', async () => {
    const worker = await runCli(['--db', 'postgres://127.0.0.1:1/none', 'worker', '--concurrency', 'lots']);
    expect(worker.code).toBe(2);
    expect(worker.stderr).toMatch(/--concurrency must be a whole number from 1 to 64, got "lots"/);
  });

  it('says it cannot reach a PostgreSQL server that is not there, without its password', async () => {
    const worker = await runCli(['--db', 'postgres://vigil:secret@127.0.0.1:1/none', 'worker']);
    expect(worker.code).toBe(3);
    expect(worker.stderr).toMatch(
      /cannot connect to PostgreSQL at postgres:\/\/vigil:\*\*\*@127\.0\.0\.1:1\/none/,
    );
    expect(worker.stderr).not.toMatch(/secret/);
  });
});
