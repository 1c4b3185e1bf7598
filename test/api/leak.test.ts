import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/domain/index.ts';
import { type Client, type Reply, startServer, type TestServer } from './api-support.ts';

// Canary values planted in every sensitive field. None may reach a role that may not see
// sensitive fields, in any body, header or log line.
const WITNESS = 'Zuleikha Canarywitness';
const CONTACT = '+000-CANARY-0147';
const SUBMITTER = 'canary-submitter-q7';
const HIDING = 'Canaryhide Orchard';
const HIDING_LAT = 35.271828;
const HIDING_LON = 36.314159;
const SAFEHOUSE = 'Canaryhouse Safe';
const SAFE_LAT = 35.161803;
const SAFE_LON = 36.141421;
const ARTIST = 'Yusuf Canaryartist';
const CANARIES = [
  'Canarywitness',
  'CANARY-0147',
  SUBMITTER,
  'Canaryhide',
  String(HIDING_LAT),
  String(HIDING_LON),
  'Canaryhouse',
  String(SAFE_LAT),
  String(SAFE_LON),
  'Canaryartist',
];

const UNPRIVILEGED = ['viewer', 'contributor', 'public'] as const;
const PRIVILEGED = ['admin', 'analyst'] as const;

let t: TestServer;
const planted = {
  intakeId: '',
  reportId: '',
  claimId: '',
  intakeIncidentIds: [] as string[],
  safeIncidentId: '',
  evidenceIds: [] as string[],
};

function canariesIn(reply: Reply): string[] {
  const headers = [...reply.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
  const all = `${headers}\n${reply.text}`.toLowerCase();
  return CANARIES.filter((c) => all.includes(c.toLowerCase()));
}

async function photo(): Promise<Blob> {
  const bytes = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#8a7' } })
    .jpeg()
    .withExif({ IFD0: { Artist: ARTIST, Copyright: ARTIST } })
    .toBuffer();
  return new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' });
}

beforeAll(async () => {
  t = await startServer({ demoFiles: ['2025-03-08-crm-baniyas.txt'], names: { contributor: SUBMITTER } });
  const contributor = await t.as('contributor');
  const form = new FormData();
  form.set(
    'testimony',
    `${WITNESS} said gunmen killed three men in Baniyas on 8 March and burned their houses. ` +
      `Her family is hiding at ${HIDING} and can be reached on ${CONTACT}.`,
  );
  form.set('witnessName', WITNESS);
  form.set('witnessContact', CONTACT);
  form.set('hidingPlace', HIDING);
  form.set('hidingLat', String(HIDING_LAT));
  form.set('hidingLon', String(HIDING_LON));
  form.set('placeName', 'Baniyas');
  form.set('occurredOn', '2025-03-08');
  form.append('media', await photo(), `IMG_${WITNESS.replace(/ /g, '_')}.jpg`);
  const r = await contributor.request('POST', '/api/intake', { body: form });
  expect(r.status, r.text).toBe(200);
  planted.intakeId = r.json().id;
  planted.reportId = r.json().reportId;
  planted.evidenceIds.push(...r.json().media.map((m: { evidenceId: string }) => m.evidenceId));
  const claims = await t.app.store.claims.forReport(planted.reportId);
  planted.claimId = claims[0]?.id ?? 'none';
  const incidents = await t.app.store.incidents.list({ limit: 10_000 });
  planted.intakeIncidentIds = incidents
    .filter((i) => i.claimIds.some((c) => claims.some((x) => x.id === c)))
    .map((i) => i.id);

  // An analyst's edit flagged one incident's place as where people hide; it is published.
  const other = incidents.find((i) => !planted.intakeIncidentIds.includes(i.id))!;
  const safe: Incident = {
    ...other,
    published: true,
    place: {
      name: SAFEHOUSE,
      lat: SAFE_LAT,
      lon: SAFE_LON,
      country: 'SY',
      admin1: 'Tartus',
      wherePrec: 1,
      geoPrecision: 1,
      gazetteerId: null,
      hiding: true,
    },
  };
  await t.app.store.incidents.replaceForClaims(other.claimIds, [safe]);
  planted.safeIncidentId = safe.id;
  for (const id of planted.intakeIncidentIds) {
    const i = (await t.app.store.incidents.get(id))!;
    await t.app.store.incidents.replaceForClaims(i.claimIds, [{ ...i, published: true }]);
  }

  const analyst = await t.as('analyst');
  const upload = new FormData();
  upload.set('incidentId', planted.safeIncidentId);
  upload.set('collectedBy', WITNESS);
  upload.append('file', await photo(), 'safehouse.jpg');
  const up = await analyst.request('POST', '/api/evidence', { body: upload });
  expect(up.status, up.text).toBe(200);
  planted.evidenceIds.push(up.json().items[0].evidenceId);

  const admin = await t.as('admin');
  await admin.request('PUT', '/api/settings', { json: { publicAccess: true } });
}, 180_000);

afterAll(async () => {
  await t?.close();
});

interface Operation {
  method: string;
  path: string;
  action: string;
  params: { name: string; in: string }[];
}

async function operations(): Promise<Operation[]> {
  const doc = (await (await t.as('public')).get('/api/openapi.json')).json();
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(methods)) {
      ops.push({
        method: method.toUpperCase(),
        path,
        action: op['x-vigil-action'],
        params: op.parameters ?? [],
      });
    }
  }
  return ops;
}

/** Every concrete URL to try for an operation: its path ids filled with the planted records. */
function urls(op: Operation): string[] {
  const fill = (path: string): string[] => {
    if (path.includes('{format}'))
      return ['acled', 'ucdp', 'geojson', 'hxl', 'jsonl'].map((f) => path.replace('{format}', f));
    if (path.includes('{name}')) return [path.replace('{name}', 'viewer')];
    if (!path.includes('{id}')) return [path];
    let ids: string[];
    if (path.startsWith('/api/incidents')) ids = [...planted.intakeIncidentIds, planted.safeIncidentId];
    else if (path.startsWith('/api/reports')) ids = [planted.reportId];
    else if (path.startsWith('/api/claims')) ids = [planted.claimId];
    else if (path.startsWith('/api/evidence')) ids = planted.evidenceIds;
    else if (path.startsWith('/api/intake')) ids = [planted.intakeId];
    else ids = ['x-unknown'];
    return ids.map((id) => path.replace('{id}', encodeURIComponent(id)));
  };
  const out: string[] = [];
  for (const url of fill(op.path)) {
    out.push(url);
    const names = op.params.filter((p) => p.in === 'query').map((p) => p.name);
    if (names.includes('q'))
      for (const c of [WITNESS, HIDING, CONTACT]) out.push(`${url}?q=${encodeURIComponent(c)}`);
    for (const p of ['source', 'origin']) {
      if (names.includes(p))
        for (const c of [WITNESS, SUBMITTER]) out.push(`${url}?${p}=${encodeURIComponent(c)}`);
    }
    if (names.includes('reportId')) out.push(`${url}?reportId=${planted.reportId}`);
    if (names.includes('incidentId') && op.method === 'GET') {
      for (const id of [...planted.intakeIncidentIds, planted.safeIncidentId])
        out.push(`${url}?incidentId=${id}`);
    }
    if (names.includes('by'))
      for (const by of ['day', 'type', 'grade', 'admin1']) out.push(`${url}?by=${by}`);
  }
  return out;
}

describe('redaction of sensitive fields', () => {
  it('plants the canaries where admins and analysts can see them', async () => {
    for (const role of PRIVILEGED) {
      const client = await t.as(role);
      const intake = await client.get(`/api/intake/${planted.intakeId}`);
      expect(intake.text).toContain(WITNESS);
      expect(intake.text).toContain(SUBMITTER);
      expect(intake.text).toContain(String(HIDING_LAT));
      const safe = await client.get(`/api/incidents/${planted.safeIncidentId}`);
      expect(safe.text).toContain(String(SAFE_LAT));
      const report = await client.get(`/api/reports/${planted.reportId}`);
      expect(report.text).toContain(WITNESS);
    }
  });

  it.each(UNPRIVILEGED)(
    'lets no canary reach the %s role on any route of the OpenAPI document',
    async (role) => {
      const client: Client = await t.as(role);
      const leaks: string[] = [];
      let calls = 0;
      for (const op of await operations()) {
        // Logging out would turn the rest of the run into the public's.
        if (op.path === '/api/session' && op.method === 'DELETE') continue;
        for (const url of urls(op)) {
          const body = op.method === 'GET' || op.method === 'DELETE' ? {} : { json: {} };
          const r = await client.request(op.method, url, body);
          calls++;
          // A contributor's own session names the contributor: that is no leak.
          const own = role === 'contributor' && url === '/api/session' ? [SUBMITTER] : [];
          const found = canariesIn(r).filter((c) => !own.includes(c));
          if (found.length) leaks.push(`${op.method} ${url} -> ${r.status}: ${found.join(', ')}`);
        }
      }
      expect(calls).toBeGreaterThan(40);
      expect(leaks).toEqual([]);
    },
  );

  it.each(UNPRIVILEGED)(
    'gives the %s role no search or filter hit on a witness name or a hiding place',
    async (role) => {
      const client = await t.as(role);
      const probes = [WITNESS, HIDING, 'Canarywitness'].flatMap((w) => [
        `/api/incidents?q=${encodeURIComponent(w)}`,
        `/api/reports?q=${encodeURIComponent(w)}`,
        `/api/incidents?source=${encodeURIComponent(w)}`,
        `/api/incidents?origin=${encodeURIComponent(w)}`,
      ]);
      for (const path of probes) {
        const r = await client.get(path);
        if (r.status === 200) expect(r.json().items).toEqual([]);
        else expect([401, 403]).toContain(r.status);
      }
    },
  );

  it('leaves places where people hide off the map for roles that may not see them', async () => {
    const viewerMap = (await (await t.as('viewer')).get('/api/map')).json();
    expect(viewerMap.features.map((f: any) => f.properties.id)).not.toContain(planted.safeIncidentId);
    const analystMap = (await (await t.as('analyst')).get('/api/map')).json();
    expect(analystMap.features.map((f: any) => f.properties.id)).toContain(planted.safeIncidentId);
  });

  it('writes no canary into any log line', async () => {
    expect(t.logs.length).toBeGreaterThan(100);
    const text = t.logs.join('\n').toLowerCase();
    expect(CANARIES.filter((c) => text.includes(c.toLowerCase()))).toEqual([]);
  });

  it('refuses every write route to an anonymous visitor, even with public access on', async () => {
    const visitor = await t.as('public');
    const refused: string[] = [];
    for (const op of await operations()) {
      if (op.method === 'GET' || op.action === 'none') continue;
      for (const url of urls(op)) {
        const r = await visitor.request(op.method, url, { json: {} });
        if (r.status !== 401) refused.push(`${op.method} ${url} -> ${r.status}`);
      }
    }
    expect(refused).toEqual([]);
  });
});
