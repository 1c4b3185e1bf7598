import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerOptions } from '../../src/api/server.ts';
import { buildServer } from '../../src/api/server.ts';
import { type App, createApp } from '../../src/app.ts';
import { addUser } from '../../src/auth/accounts.ts';
import { normalizeConfig } from '../../src/config.ts';
import { tempDir } from '../support/cli.ts';
import { ROOT } from '../support/shared.ts';

export const PASSWORD = 'a long test password';
export const ROLES_WITH_ACCOUNTS = ['admin', 'analyst', 'viewer', 'contributor'] as const;

/** A response as the tests read it: status, headers and the body as text. */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json(): any;
}

/** A client of the real server over HTTP, holding a session cookie and its CSRF token. */
export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  token: string | null = null;
  constructor(readonly base: string) {}

  async request(
    method: string,
    path: string,
    options: {
      json?: unknown;
      body?: RequestInit['body'];
      headers?: Record<string, string>;
      csrf?: boolean;
    } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (this.csrf && options.csrf !== false && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const res = await fetch(`${this.base}${path}`, { method, headers, body, redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie?.startsWith('vigil_session=')) {
      const value = setCookie.split(';')[0]!;
      this.cookie = value === 'vigil_session=' ? null : value;
    }
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  async login(name: string, password = PASSWORD): Promise<Reply> {
    const r = await this.request('POST', '/api/session', { json: { name, password } });
    if (r.status === 200) this.csrf = r.json().csrf;
    return r;
  }
}

export interface TestServer {
  app: App;
  base: string;
  logs: string[];
  dir: string;
  /** A client logged in with the account of this role (`public`: no account). */
  as(role: 'admin' | 'analyst' | 'viewer' | 'contributor' | 'public'): Promise<Client>;
  close(): Promise<void>;
}

/**
 * Starts the real server on 127.0.0.1 over a fresh store, with one account per role (named
 * after the role unless `names` says otherwise) and the given demo files ingested.
 */
export async function startServer(
  /** `demoFiles: ['*']` ingests the whole demo corpus. */
  options: {
    demoFiles?: string[];
    names?: Partial<Record<string, string>>;
    server?: ServerOptions;
    /** Another store than a fresh SQLite file: a PostgreSQL URL (test/postgres/). */
    db?: string;
  } = {},
): Promise<TestServer> {
  const dir = tempDir('vigil-api-');
  const config = normalizeConfig(
    options.db ? { db: options.db, blobs: join(dir, 'blobs') } : { db: join(dir, 'vigil.db') },
    {},
  );
  const app = await createApp(config);
  if (options.demoFiles?.length) {
    const inputs = join(dir, 'inputs');
    mkdirSync(inputs);
    const files =
      options.demoFiles[0] === '*' ? readdirSync(join(ROOT, 'examples', 'demo')) : options.demoFiles;
    for (const f of files) cpSync(join(ROOT, 'examples', 'demo', f), join(inputs, f));
    // Load the gazetteer before ingest's transactions (it loads through the store).
    await app.gazetteer.index();
    await app.ingest([inputs], {});
  }
  const names: Record<string, string> = {};
  for (const role of ROLES_WITH_ACCOUNTS) {
    const name = options.names?.[role] ?? role;
    names[role] = name;
    await addUser(app.store.accounts, { name, role, password: PASSWORD, now: new Date().toISOString() });
  }
  const logs: string[] = [];
  const { server } = await buildServer(app, {
    log: (line) => logs.push(line),
    rateLimits: { login: { max: 1000, timeWindow: 60_000 }, intake: { max: 1000, timeWindow: 60_000 } },
    ...options.server,
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    app,
    base,
    logs,
    dir,
    async as(role) {
      const client = new Client(base);
      if (role !== 'public') {
        const r = await client.login(names[role]!);
        if (r.status !== 200) throw new Error(`log-in as ${role} failed: ${r.text}`);
      }
      return client;
    },
    async close() {
      await server.close();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
