import type { Claim } from './claim.ts';
import type { Incident } from './incident.ts';
import type { Sensitivity } from './sensitivity.ts';

/**
 * Who is asking. `public` is an anonymous visitor (published incidents only, when an admin
 * enables public access); `contributor` may only submit field testimony.
 */
export const ROLES = ['admin', 'analyst', 'contributor', 'viewer', 'public'] as const;
export type Role = (typeof ROLES)[number];

/** The kinds of record `redactFor` knows how to redact. */
export type RedactionKind = 'incident' | 'claim' | 'report' | 'evidence' | 'intake';

/** The one place that says which roles may see sensitive fields. */
export function seesSensitive(role: Role): boolean {
  return role === 'admin' || role === 'analyst';
}

/** What a masked string field reads as. */
export const WITHHELD = '[withheld]';
/** What a hidden place is called when it has no coarser name to fall back on. */
export const WITHHELD_PLACE = 'location withheld';
const MASK_CHAR = '█';

/**
 * Metadata keys of media that can locate or identify the person who made it (GPS, device
 * owner, author). Withheld from every role that may not see sensitive fields, marked or not,
 * because a witness's photo can reveal where they are.
 */
const IDENTIFYING_METADATA =
  /gps|collect|latitude|longitude|altitude|location|iso6709|author|artist|creator|owner|serial|copyright|byline|contact|email|phone|camera.?owner|user.?comment/i;

/**
 * Returns a copy of `value` fit for `role`: for a role without permission, every field its
 * `sensitivity` marks is masked, every marked term is masked wherever it appears in the record
 * (same length, so text spans stay valid), every place flagged `hiding` is coarsened to its
 * region without coordinates, and kind-specific sensitive parts (an intake's sensitive section,
 * identifying media metadata) are removed. For a role with permission it is a plain deep copy.
 * Pure and deterministic; never mutates its input.
 *
 * Sensitivity is marked by: `sensitivity: { paths, terms }` on any record (src/domain/
 * sensitivity.ts); `hiding: true` on a place; the `sensitive` section of an intake submission
 * (src/domain/intake.ts). Claims of a report with sensitivity inherit it (`markClaims`), and
 * incidents inherit their claims' (`markIncidents`).
 */
export function redactFor<T>(role: Role, kind: RedactionKind, value: T): T {
  const copy = structuredClone(value);
  if (seesSensitive(role) || copy === null || typeof copy !== 'object') return copy;
  const record = copy as Record<string, unknown>;
  const terms = new Set<string>();
  const sensitivity = readSensitivity(record);
  for (const t of sensitivity.terms) terms.add(t);
  for (const path of sensitivity.paths) {
    for (const found of maskPath(record, path.split('.'))) terms.add(found);
  }
  for (const p of sensitivity.places) terms.add(p);
  if (sensitivity.paths.length || sensitivity.terms.length || sensitivity.places.length) {
    record.sensitivity = { paths: sensitivity.paths, terms: [] };
  }
  if (kind === 'intake') redactIntake(record, terms);
  if (kind === 'evidence') redactMetadata(record);
  coarsenHidden(record, terms, sensitivity.places);
  return scrubTerms(record, [...terms]) as T;
}

/**
 * Whether `role` may see this record at all (before redaction). The public sees published
 * incidents only; a contributor sees nothing but the receipts of its own submissions, which the
 * server hands back directly.
 */
export function visibleTo(role: Role, kind: RedactionKind, value: { published?: boolean }): boolean {
  if (role === 'admin' || role === 'analyst' || role === 'viewer')
    return kind !== 'intake' || role !== 'viewer';
  if (role === 'public') return kind === 'incident' && value.published === true;
  return false;
}

/**
 * Columns of an imported dataset row that hold free text (UCDP's article excerpts and
 * headlines, ACLED's notes; a mapped CSV's `text` columns are named by its mapping): such text
 * can name victims and witnesses, so roles without permission never see it, in the kept row
 * nor in the report and claim made from it (the importer marks those `text` / `quote`).
 */
export const DATASET_FREE_TEXT: Readonly<Record<string, readonly string[]>> = {
  ucdp: ['source_article', 'source_headline'],
  acled: ['notes'],
};

/** A kept dataset row as `role` may see it: free-text columns withheld, marked terms masked. */
export function redactDatasetFields(
  role: Role,
  fields: Record<string, string>,
  freeText: readonly string[],
  terms: readonly string[],
): Record<string, string> {
  if (seesSensitive(role)) return fields;
  const out = { ...fields };
  if (terms.length) for (const k in out) out[k] = maskTerms(out[k]!, terms);
  for (const k of freeText) if (out[k]) out[k] = WITHHELD;
  return out;
}

/** Masks every occurrence of every term (case-insensitive), keeping the text's length. */
export function maskTerms(text: string, terms: readonly string[]): string {
  let out = text;
  for (const term of terms) {
    const t = term.trim();
    if (t.length < 2) continue;
    out = out.replace(new RegExp(escapeRegExp(t), 'giu'), (m) => MASK_CHAR.repeat(m.length));
  }
  return out;
}

/** The union of two sensitivity marks (either may be absent). */
export function mergeSensitivity(a?: Sensitivity | null, b?: Sensitivity | null): Sensitivity | undefined {
  if (!a && !b) return undefined;
  const places = [...new Set([...(a?.places ?? []), ...(b?.places ?? [])])];
  return {
    paths: [...new Set([...(a?.paths ?? []), ...(b?.paths ?? [])])],
    terms: [...new Set([...(a?.terms ?? []), ...(b?.terms ?? [])])],
    ...(places.length ? { places } : {}),
  };
}

/** The fields of a claim that name people when it comes from a sensitive (intake) report. */
export const SENSITIVE_CLAIM_PATHS = [
  'attribution.source',
  'attribution.text',
  'actors.*.name',
  'actors.*.text',
];

/**
 * Claims of a report with sensitivity inherit it: its terms, and their attribution and actors'
 * names (which, in a witness's testimony, name the witness or the people around them).
 */
export function markClaims(report: { sensitivity?: Sensitivity | null }, claims: readonly Claim[]): Claim[] {
  if (!report.sensitivity) return [...claims];
  const places = report.sensitivity.places ?? [];
  const inherited = { paths: SENSITIVE_CLAIM_PATHS, terms: report.sensitivity.terms, places };
  return claims.map((c) => ({
    ...c,
    place: c.place && isPlaceNamed(c.place, places) ? { ...c.place, hiding: true } : c.place,
    sensitivity: mergeSensitivity(c.sensitivity, inherited),
  }));
}

/** Incidents inherit the terms of the claims (among `claims`) they are built from. */
export function markIncidents(claims: readonly Claim[], incidents: readonly Incident[]): Incident[] {
  const byId = new Map(claims.filter((c) => c.sensitivity).map((c) => [c.id, c]));
  if (byId.size === 0) return [...incidents];
  return incidents.map((incident) => {
    let mark = incident.sensitivity;
    for (const id of incident.claimIds) {
      const s = byId.get(id)?.sensitivity;
      if (s) mark = mergeSensitivity(mark, { paths: [], terms: s.terms, places: s.places });
    }
    if (mark === incident.sensitivity) return incident;
    const place =
      incident.place && isPlaceNamed(incident.place, mark?.places ?? [])
        ? { ...incident.place, hiding: true }
        : incident.place;
    return { ...incident, place, sensitivity: mark };
  });
}

function readSensitivity(record: Record<string, unknown>): Required<Sensitivity> {
  const s = record.sensitivity as Partial<Sensitivity> | undefined | null;
  return {
    paths: Array.isArray(s?.paths) ? s.paths.filter((p) => typeof p === 'string') : [],
    terms: Array.isArray(s?.terms) ? s.terms.filter((t) => typeof t === 'string') : [],
    places: Array.isArray(s?.places) ? s.places.filter((t) => typeof t === 'string') : [],
  };
}

/** Masks the value(s) at a path; returns the strings it masked (to scrub them elsewhere too). */
function maskPath(node: unknown, parts: string[]): string[] {
  if (node === null || typeof node !== 'object' || parts.length === 0) return [];
  const [head, ...rest] = parts as [string, ...string[]];
  const container = node as Record<string, unknown>;
  const keys = head === '*' ? Object.keys(container) : Object.hasOwn(container, head) ? [head] : [];
  const found: string[] = [];
  for (const key of keys) {
    if (rest.length > 0) {
      found.push(...maskPath(container[key], rest));
      continue;
    }
    const old = container[key];
    found.push(...stringsIn(old));
    container[key] = typeof old === 'string' ? WITHHELD : old === undefined ? undefined : null;
  }
  return found;
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return value === WITHHELD ? [] : [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

function redactIntake(record: Record<string, unknown>, terms: Set<string>): void {
  const sensitive = record.sensitive as Record<string, unknown> | undefined;
  if (!sensitive || typeof sensitive !== 'object') return;
  for (const [key, v] of Object.entries(sensitive)) {
    if (typeof v === 'string') terms.add(v);
    sensitive[key] = null;
  }
}

function redactMetadata(record: Record<string, unknown>): void {
  for (const key of ['metadata', 'meta', 'exif']) {
    const m = record[key];
    if (m && typeof m === 'object') record[key] = dropIdentifying(m as Record<string, unknown>);
  }
}

function dropIdentifying(node: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(node)) {
    if (IDENTIFYING_METADATA.test(key)) continue;
    out[key] =
      v && typeof v === 'object' && !Array.isArray(v) ? dropIdentifying(v as Record<string, unknown>) : v;
  }
  return out;
}

/** Coarsens every place flagged `hiding` (or named as one) to its region, without coordinates. */
function coarsenHidden(node: unknown, terms: Set<string>, places: readonly string[]): void {
  if (node === null || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o.hiding === true || (places.length > 0 && isPlaceNamed(o, places))) {
    for (const k of ['name', 'text', 'gazetteerId']) if (typeof o[k] === 'string') terms.add(o[k] as string);
    const region = [o.admin1, o.country].find((v) => typeof v === 'string' && v.length > 0);
    o.name = (region as string | undefined) ?? WITHHELD_PLACE;
    o.lat = null;
    o.lon = null;
    if (typeof o.wherePrec === 'number') o.wherePrec = Math.max(o.wherePrec, 4);
    if (typeof o.geoPrecision === 'number') o.geoPrecision = 3;
    if ('gazetteerId' in o) o.gazetteerId = null;
    delete o.text;
    // The region name is not sensitive; make sure scrubbing does not mask it.
    terms.delete(o.name as string);
  }
  for (const v of Object.values(o)) coarsenHidden(v, terms, places);
}

/** Whether a place-shaped object is named (or described by words) among `places`. */
export function isPlaceNamed(o: Record<string, unknown>, places: readonly string[]): boolean {
  if (!('lat' in o && 'lon' in o && 'name' in o)) return false;
  const words = [o.name, o.text].filter((v): v is string => typeof v === 'string').map(fold);
  return places.some((p) => {
    const n = fold(p);
    return n.length > 1 && words.some((w) => w === n || w.includes(n) || (w.length > 2 && n.includes(w)));
  });
}

function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

function scrubTerms(node: unknown, terms: string[]): unknown {
  if (terms.length === 0) return node;
  if (typeof node === 'string') return maskTerms(node, terms);
  if (Array.isArray(node)) return node.map((v) => scrubTerms(v, terms));
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    for (const k of Object.keys(o)) o[k] = scrubTerms(o[k], terms);
  }
  return node;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
