// The dashboard's one door to the server: same-origin fetches to /api only, the CSRF token
// echoed on every write, errors turned into one readable line.

export type Role = 'admin' | 'analyst' | 'contributor' | 'viewer' | 'public';

export interface Session {
  role: Role;
  user: { name: string; role: Role } | null;
  csrf: string | null;
  actions: string[];
  publicAccess: boolean;
}

export interface Range {
  min: number;
  max: number | null;
  text: string;
}
export type CasualtyKind = 'killed' | 'injured' | 'abducted' | 'displaced';
export type Casualties = Record<CasualtyKind, Range | null>;

export interface Place {
  name: string;
  lat: number | null;
  lon: number | null;
  country: string | null;
  admin1: string | null;
  wherePrec: number;
  geoPrecision: number;
  hiding?: boolean;
}

export interface DateRange {
  start: string;
  end: string;
  precision: number;
  inferred?: boolean;
  text?: string;
}

export interface Incident {
  id: string;
  type: string;
  subType: string | null;
  place: Place | null;
  date: DateRange | null;
  casualties: Casualties;
  grade: string;
  gradeReason: string;
  independence: number;
  claimIds: string[];
  published: boolean;
  version: number;
  updatedAt: string;
}

export interface Claim {
  id: string;
  reportId: string;
  span: [number, number];
  quote: string;
  type: string;
  subType: string | null;
  attribution: { source: string | null; stance: string; modality: boolean; text?: string };
  place: Place | null;
  date: DateRange | null;
  actors: { name: string; role: string; text: string }[];
  casualties: Casualties;
}

export interface EvidenceItem {
  id: string;
  sha256: string;
  md5: string;
  size: number;
  mediaType: string;
  fileName: string;
  addedAt: string;
}

export interface CustodyEvent {
  id: string;
  action: string;
  actor: string;
  at: string;
  reason: string | null;
}

export interface IncidentDetail {
  incident: Incident;
  claims: Claim[];
  reports: {
    id: string;
    title: string | null;
    url: string | null;
    sourceName: string | null;
    published: string | null;
    text: string | null;
  }[];
  sources: { id: string; name: string; kind: string; originGroup: string }[];
  origins: { claimId: string; label: string; group: string | null }[];
  contradictions: { id: string; kind: string; summary: string; sideA: Claim[]; sideB: Claim[] }[];
  casualtySources: { kind: CasualtyKind; claimId: string; source: string | null; range: Range }[];
  evidence: { item: EvidenceItem; custody: CustodyEvent[] }[];
  pending: { id: string; described: string; heldBy: string; recordedAt: string; evidenceId: string | null }[];
}

export interface DayCount {
  day: string;
  grade: string;
  incidents: number;
  killedMin: number;
}

export interface Flow {
  incidentId: string;
  from: { name: string; lat: number; lon: number };
  to: { name: string; lat: number; lon: number };
  displaced: Range | null;
  date: string | null;
}

let csrf: string | null = null;

/** One line saying what went wrong, from the server's error body when it sent one. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(data?.error?.message ?? `request failed (${res.status})`, res.status);
  return data as T;
}

export const api = {
  async session(): Promise<Session> {
    const s = await call<Session>('GET', '/api/session');
    csrf = s.csrf;
    return s;
  },
  async login(name: string, password: string): Promise<Session> {
    const s = await call<Session>('POST', '/api/session', { name, password });
    csrf = s.csrf;
    return s;
  },
  async logout(): Promise<void> {
    await call('DELETE', '/api/session');
    csrf = null;
  },
  map: (q: string) =>
    call<GeoJSON.FeatureCollection & { total: number; truncated: boolean }>('GET', `/api/map?${q}`),
  timeline: (q: string) => call<{ days: DayCount[] }>('GET', `/api/timeline?${q}`),
  incidents: (q: string) => call<{ items: Incident[]; total: number }>('GET', `/api/incidents?${q}`),
  conditions: (q: string) =>
    call<{ conditions: Incident[]; displacement: Flow[] }>('GET', `/api/conditions?${q}`),
  sources: () => call<{ items: { id: string; name: string; originGroup: string }[] }>('GET', '/api/sources'),
  incident: (id: string) => call<IncidentDetail>('GET', `/api/incidents/${encodeURIComponent(id)}`),
  setField: (id: string, body: { field: string; value: unknown; reason: string; expectedVersion: number }) =>
    call<{ incidents: Incident[] }>('PATCH', `/api/incidents/${encodeURIComponent(id)}`, body),
  merge: (id: string, body: { others: string[]; reason: string; expectedVersions: Record<string, number> }) =>
    call<{ incidents: Incident[] }>('POST', `/api/incidents/${encodeURIComponent(id)}/merge`, body),
  split: (id: string, body: { claimGroups: string[][]; reason: string; expectedVersion: number }) =>
    call<{ incidents: Incident[] }>('POST', `/api/incidents/${encodeURIComponent(id)}/split`, body),
  detach: (id: string, body: { claimId: string; reason: string; expectedVersion: number }) =>
    call<{ incidents: Incident[] }>('POST', `/api/incidents/${encodeURIComponent(id)}/detach`, body),
  upload: (form: FormData) =>
    call<{ items: { evidenceId: string; fileName: string; sha256: string; size: number }[] }>(
      'POST',
      '/api/evidence',
      form,
    ),
  link: (id: string, body: { evidenceId: string; pendingId?: string; reason: string }) =>
    call<{ ok: true }>('POST', `/api/incidents/${encodeURIComponent(id)}/evidence`, body),
  expect: (id: string, body: { described: string; heldBy: string }) =>
    call('POST', `/api/incidents/${encodeURIComponent(id)}/pending`, body),
};
