import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Reply, startServer, type TestServer } from './api-support.ts';

let t: TestServer;
let admin: Client;

interface Operation {
  method: string;
  path: string;
  action: string;
  query: { name: string; schema: Record<string, unknown> }[];
  json: Record<string, any> | null;
  multipart: boolean;
}

const ops: Operation[] = [];

beforeAll(async () => {
  t = await startServer({ server: { uploadLimit: 4096, bodyLimit: 64 * 1024 } });
  admin = await t.as('admin');
  const doc = (await admin.get('/api/openapi.json')).json();
  for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(methods)) {
      const content = op.requestBody?.content ?? {};
      ops.push({
        method: method.toUpperCase(),
        path: path.replace('{id}', 'inc-x').replace('{name}', 'viewer').replace('{format}', 'jsonl'),
        action: op['x-vigil-action'],
        query: (op.parameters ?? []).filter((p: any) => p.in === 'query'),
        json: content['application/json']?.schema ?? null,
        multipart: Boolean(content['multipart/form-data']),
      });
    }
  }
});
afterAll(async () => {
  await t?.close();
});

/** A 4xx with a clear one-line message: never a 500, never a stack trace or a file path. */
function expectClear4xx(r: Reply, what: string, statuses?: number[]): void {
  expect(r.status, `${what}: ${r.text}`).toBeGreaterThanOrEqual(400);
  expect(r.status, `${what}: ${r.text}`).toBeLessThan(500);
  if (statuses) expect(statuses, `${what}: ${r.text}`).toContain(r.status);
  const body = r.json();
  expect(typeof body.error.message, what).toBe('string');
  expect(body.error.message.length, what).toBeGreaterThan(5);
  expect(r.text, what).not.toMatch(/\n\s+at |node_modules|\/work\/|\.ts:\d+/);
}

/** A value of the wrong type for a JSON schema property. */
function wrongValue(schema: Record<string, any>): unknown {
  const type = schema.type ?? (schema.enum ? 'string' : schema.anyOf ? 'mixed' : 'object');
  if (type === 'string' || schema.enum) return 12345;
  if (type === 'number' || type === 'integer' || type === 'boolean') return 'not-a-number-or-boolean';
  if (type === 'array') return 'not-an-array';
  return ['not', 'an', 'object'];
}

describe('bad input on every route', () => {
  it('finds the routes in the OpenAPI document', () => {
    expect(ops.length).toBeGreaterThan(25);
    expect(ops.filter((o) => o.json).length).toBeGreaterThan(8);
  });

  it('answers malformed JSON with 400 "malformed JSON body"', async () => {
    for (const op of ops.filter((o) => o.json)) {
      const r = await admin.request(op.method, op.path, {
        body: '{"reason": "half a',
        headers: { 'content-type': 'application/json' },
      });
      expectClear4xx(r, `${op.method} ${op.path}`, [400]);
      expect(r.json().error.message).toBe('malformed JSON body');
    }
  });

  it('names the field when a JSON body has a value of the wrong type', async () => {
    for (const op of ops.filter((o) => o.json?.properties)) {
      for (const [name, schema] of Object.entries<Record<string, any>>(op.json!.properties)) {
        const body: Record<string, unknown> = { [name]: wrongValue(schema) };
        const r = await admin.request(op.method, op.path, { json: body });
        expectClear4xx(r, `${op.method} ${op.path} ${name}`, [400]);
      }
      const notObject = await admin.request(op.method, op.path, { json: ['an', 'array'] });
      expectClear4xx(notObject, `${op.method} ${op.path} array body`, [400]);
    }
  });

  it('names the parameter when a query parameter is malformed', async () => {
    const bad: Record<string, string[]> = {
      bbox: ['1,2', '200,0,10,10', '0,0,10,x', '10,10,0,0'],
      from: ['yesterday', '2025-13-45x'],
      to: ['2025/03/01'],
      type: ['Nonsense'],
      grade: ['excellent'],
      limit: ['-1', 'abc', '100000000'],
      offset: ['-5', '1.5'],
      status: ['maybe'],
      by: ['week'],
      minGrade: ['best'],
      reportId: ['../../etc/passwd'],
      incidentId: ['a/b'],
      q: [''],
    };
    let checked = 0;
    for (const op of ops.filter((o) => o.method === 'GET')) {
      for (const p of op.query) {
        for (const value of bad[p.name] ?? []) {
          const r = await admin.get(`${op.path}?${p.name}=${encodeURIComponent(value)}`);
          expectClear4xx(r, `${op.path}?${p.name}=${value}`, [400]);
          expect(r.json().error.message, `${op.path}?${p.name}=${value}`).toContain(p.name);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('refuses bodies over the size limit with 413', async () => {
    const big = JSON.stringify({ reason: 'x'.repeat(128 * 1024) });
    for (const op of ops.filter((o) => o.json)) {
      const r = await admin.request(op.method, op.path, {
        body: big,
        headers: { 'content-type': 'application/json' },
      });
      expectClear4xx(r, `${op.method} ${op.path}`, [413]);
    }
  });

  it('refuses a wrong content type with 415', async () => {
    for (const op of ops.filter((o) => o.json || o.multipart)) {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
        const r = await admin.request(op.method, op.path, { body: 'a=1', headers: { 'content-type': type } });
        expectClear4xx(r, `${op.method} ${op.path} as ${type}`, [415]);
      }
    }
    for (const op of ops.filter((o) => o.multipart)) {
      const r = await admin.request(op.method, op.path, { json: { testimony: 'hello' } });
      expectClear4xx(r, `${op.method} ${op.path} as JSON`, [415]);
    }
  });

  it('refuses file names with a path in them, and files over the upload limit', async () => {
    for (const op of ops.filter((o) => o.multipart)) {
      const field = op.path === '/api/intake' ? 'media' : 'file';
      for (const name of ['../../etc/passwd', '..\\..\\boot.ini', 'a/../../b.jpg', '..']) {
        // Written by hand: fetch's FormData would strip the path from the name before sending.
        const boundary = 'vigil-test-boundary';
        const body = [
          `--${boundary}\r\nContent-Disposition: form-data; name="testimony"\r\n\r\na testimony\r\n`,
          `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\n`,
          'Content-Type: application/octet-stream\r\n\r\nabc\r\n',
          `--${boundary}--\r\n`,
        ].join('');
        const r = await admin.request(op.method, op.path, {
          body,
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        });
        expectClear4xx(r, `${op.path} file ${name}`, [400]);
        expect(r.json().error.message).toMatch(/path|\.\./);
      }
      const form = new FormData();
      form.set('testimony', 'a testimony');
      form.append(field, new Blob([new Uint8Array(10_000)]), 'big.bin');
      expectClear4xx(await admin.request(op.method, op.path, { body: form }), `${op.path} big file`, [413]);
    }
  });

  it('refuses ids with path separators and never serves files outside the dashboard', async () => {
    for (const path of [
      '/api/incidents/..%2F..%2Fetc%2Fpasswd',
      '/api/reports/a%2Fb',
      '/api/evidence/..%5C..%5Cx/content',
    ]) {
      expectClear4xx(await admin.get(path), path);
    }
    for (const path of [
      '/..%2F..%2Fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/..%2F..%2F..%2Fpackage.json',
    ]) {
      const r = await admin.get(path);
      expect(r.text, path).not.toContain('"devDependencies"');
    }
  });

  it('refuses an unknown route or method with a JSON 404', async () => {
    const r = await admin.request('PUT', '/api/incidents');
    expectClear4xx(r, 'PUT /api/incidents', [404]);
    expectClear4xx(await admin.get('/api/nothing-here'), 'GET /api/nothing-here', [404]);
  });
});
