import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe } from 'vitest';
import { ROOT } from '../support/shared.ts';
import { TEST_PG_URL } from '../support/stores.ts';

const run = promisify(execFile);

/**
 * Tests that need the test PostgreSQL server (VIGIL_TEST_PG_URL): skipped with a message on a
 * developer's machine without one, failing in CI (CI=true).
 */
export function describePostgres(name: string, body: (url: string) => void): void {
  const url = TEST_PG_URL;
  if (url) {
    describe(name, () => body(url));
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      throw new Error('VIGIL_TEST_PG_URL is not set: CI must start PostgreSQL (.ci/start-postgres.sh)');
    });
  } else {
    console.warn(`skipping "${name}": VIGIL_TEST_PG_URL is not set (start one with \`npm run pg:start\`)`);
    describe.skip(name, () => body(''));
  }
}

/** The same URL pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A new, empty database on the test server, for tests that run whole processes against it. */
export async function freshDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `w_${randomBytes(6).toString('hex')}`;
  await admin(url, `CREATE DATABASE ${name}`);
  return {
    url: withDatabase(url, name),
    async drop() {
      await admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export async function admin(url: string, statement: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function query<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const BIN = process.env.VIGIL_PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const postgresInstalled = existsSync(join(BIN, 'initdb'));

/**
 * A private PostgreSQL server of this test's own (started by .ci/start-postgres.sh), for
 * fault tests that restart or cut it without disturbing other test files.
 */
export async function privateServer(): Promise<{
  url: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}> {
  const { stdout } = await run(join(ROOT, '.ci', 'start-postgres.sh'), { cwd: ROOT });
  const url = stdout.trim();
  const port = new URL(url).port;
  const dataDir = `/tmp/vigil-pg-${port}/data`;
  const asOwner = (args: string[]) =>
    process.getuid?.() === 0
      ? run('runuser', ['-u', 'postgres', '--', ...args])
      : run(args[0]!, args.slice(1));
  return {
    url,
    async restart() {
      // -l: the restarted server must not inherit (and hold open) this process's pipes.
      await asOwner([
        join(BIN, 'pg_ctl'),
        '-D',
        dataDir,
        '-l',
        `/tmp/vigil-pg-${port}/server.log`,
        '-m',
        'fast',
        '-w',
        'restart',
      ]);
    },
    async stop() {
      await run(join(ROOT, '.ci', 'stop-postgres.sh'), [url], { cwd: ROOT });
    },
  };
}
