import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, PASSWORD, startServer, type TestServer } from './api-support.ts';

let t: TestServer;

beforeAll(async () => {
  t = await startServer({ demoFiles: ['2025-03-07-crm-daily-update.txt', '2025-03-08-crm-baniyas.txt'] });
});
afterAll(async () => {
  await t?.close();
});

async function someIncident(client: Client) {
  const list = (await client.get('/api/incidents?limit=5')).json();
  expect(list.items.length).toBeGreaterThan(0);
  return list.items[0];
}

describe('the HTTP API', () => {
  it('keeps a session in a Secure, HttpOnly, SameSite=Strict cookie and gives a CSRF token', async () => {
    const client = new Client(t.base);
    const r = await client.login('analyst');
    expect(r.status).toBe(200);
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(r.json()).toMatchObject({ role: 'analyst', user: { name: 'analyst' } });
    expect(r.json().csrf).toMatch(/^[\w-]{20,}$/);
    expect((await client.get('/api/session')).json().role).toBe('analyst');
  });

  it('answers a wrong password and an unknown user with the same message', async () => {
    const wrong = await new Client(t.base).login('analyst', 'not the password at all');
    const unknown = await new Client(t.base).login('nobody-here', 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
  });

  it('refuses a write made with the session cookie but without the CSRF token', async () => {
    const admin = await t.as('admin');
    const r = await admin.request('PUT', '/api/settings', { json: { publicAccess: false }, csrf: false });
    expect(r.status).toBe(403);
    expect(r.json().error.message).toMatch(/x-csrf-token/);
    const ok = await admin.request('PUT', '/api/settings', { json: { publicAccess: false } });
    expect(ok.status).toBe(200);
  });

  it('lets a script use an API token, without cookies or CSRF tokens', async () => {
    const admin = await t.as('admin');
    const issued = await admin.request('POST', '/api/tokens', {
      json: { user: 'viewer', label: 'nightly export' },
    });
    expect(issued.status).toBe(200);
    const script = new Client(t.base);
    script.token = issued.json().secret;
    expect((await script.get('/api/incidents')).status).toBe(200);
    expect((await script.get('/api/session')).json().role).toBe('viewer');
    await admin.request('DELETE', `/api/tokens/${issued.json().id}`);
    expect((await script.get('/api/incidents')).status).toBe(401);
  });

  it('serves an OpenAPI 3.1 document generated from the request schemas', async () => {
    const doc = (await new Client(t.base).get('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const incidents = doc.paths['/api/incidents'].get;
    const names = incidents.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['bbox', 'from', 'to', 'type', 'grade', 'source', 'origin', 'q']),
    );
    const grade = incidents.parameters.find((p: { name: string }) => p.name === 'grade');
    expect(grade.schema.enum).toContain('contested');
    expect(doc.paths['/api/intake'].post.requestBody.content['multipart/form-data']).toBeDefined();
  });

  it('shows anonymous visitors nothing until public access is on, then only published incidents', async () => {
    const visitor = new Client(t.base);
    expect((await visitor.get('/api/incidents')).status).toBe(401);
    const admin = await t.as('admin');
    await admin.request('PUT', '/api/settings', { json: { publicAccess: true } });
    try {
      const [first, second] = (await t.app.store.incidents.list({ limit: 2 })) as [any, any];
      await t.app.store.incidents.replaceForClaims(first.claimIds, [{ ...first, published: true }]);
      const seen = (await visitor.get('/api/incidents?limit=1000')).json();
      expect(seen.items.map((i: { id: string }) => i.id)).toEqual([first.id]);
      expect((await visitor.get(`/api/incidents/${second.id}`)).status).toBe(404);
      expect((await visitor.get(`/api/incidents/${first.id}`)).status).toBe(200);
      expect((await visitor.get('/api/reports')).status).toBe(401);
      const map = (await visitor.get('/api/map')).json();
      expect(map.features.map((f: any) => f.properties.id)).toEqual(
        first.place?.lat != null ? [first.id] : [],
      );
      await t.app.store.incidents.replaceForClaims(first.claimIds, [{ ...first, published: false }]);
    } finally {
      await admin.request('PUT', '/api/settings', { json: { publicAccess: false } });
    }
  });

  it('refuses every review action to a viewer with 403', async () => {
    const viewer = await t.as('viewer');
    const incident = await someIncident(viewer);
    const r = await viewer.request('PATCH', `/api/incidents/${incident.id}`, {
      json: {
        field: 'grade',
        value: 'fair',
        reason: 'looks corroborated',
        expectedVersion: incident.version,
      },
    });
    expect(r.status).toBe(403);
    expect(r.json().error.message).toMatch(/viewer.*may not review/);
  });

  it('refuses an edit made on a stale version with a 409 that says to reload', async () => {
    const analyst = await t.as('analyst');
    const incident = await someIncident(analyst);
    const r = await analyst.request('PATCH', `/api/incidents/${incident.id}`, {
      json: {
        field: 'grade',
        value: 'fair',
        reason: 'two origins now',
        expectedVersion: incident.version + 1,
      },
    });
    expect(r.status).toBe(409);
    expect(r.json().error.message).toMatch(/changed by someone else.*reload/);
  });

  it('records field testimony as a report of a pseudonymous witness, ledgered under the account id', async () => {
    const contributor = await t.as('contributor');
    const form = new FormData();
    form.set('testimony', 'On 8 March gunmen burned two houses in Baniyas and took a man away.');
    form.set('witnessName', 'Hala Testwitness');
    form.set('occurredOn', '2025-03-08');
    const r = await contributor.request('POST', '/api/intake', { body: form });
    expect(r.status).toBe(200);
    const receipt = r.json();
    expect(r.text).not.toContain('Hala Testwitness');
    const report = await t.app.store.reports.get(receipt.reportId);
    expect(report?.sourceName).toMatch(/^Field testimony /);
    expect(report?.sensitivity?.terms).toContain('Hala Testwitness');
    const size = await t.app.store.ledger.size();
    const entries = await t.app.store.ledger.range(1, size);
    const entry = entries.find((e) => e.subject === receipt.id);
    const user = await t.app.store.accounts.findUser('contributor');
    expect(entry).toMatchObject({ kind: 'intake.received', actor: `contributor:${user!.id}` });
    expect((await contributor.get('/api/incidents')).status).toBe(403);
  });

  it('ends the sessions of a disabled account', async () => {
    const admin = await t.as('admin');
    await admin.request('POST', '/api/users', {
      json: { name: 'temp-analyst', role: 'analyst', password: PASSWORD },
    });
    const temp = new Client(t.base);
    expect((await temp.login('temp-analyst')).status).toBe(200);
    expect((await temp.get('/api/incidents')).status).toBe(200);
    const off = await admin.request('POST', '/api/users/temp-analyst/disabled', { json: { disabled: true } });
    expect(off.status).toBe(200);
    expect((await temp.get('/api/incidents')).status).toBe(401);
    expect((await temp.login('temp-analyst')).status).toBe(401);
  });

  it('sends security headers and a strict CSP on every reply', async () => {
    for (const path of ['/api/session', '/api/incidents', '/no-such-page']) {
      const r = await new Client(t.base).get(path);
      expect(r.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});

describe('rate limits', () => {
  it('limits log-in attempts from one address', async () => {
    const limited = await startServer({ server: { rateLimits: { login: { max: 3, timeWindow: 60_000 } } } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await new Client(limited.base).login('analyst', 'wrong password!')).status);
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses.slice(3)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });
});
