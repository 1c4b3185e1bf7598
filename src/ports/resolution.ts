import type { Claim, EventFamily, Incident } from '../domain/index.ts';

/**
 * How far a place of each UCDP `where_prec` may lie from where the event happened, in km.
 * Precision 5 and coarser (a large area, a country, open sea) are too vague to place an event:
 * such claims never join an incident by distance, only through shared text or an analyst.
 */
export const PLACE_RADIUS_KM: Record<number, number> = { 1: 3, 2: 25, 3: 50, 4: 150 };

/** The radius classes an incident can be in; adapters index candidates by them. */
export const RADIUS_CLASSES_KM = [3, 25, 50, 150] as const;

/** Where and when to look for incidents a claim may belong to. */
export interface CandidateBlock {
  family: EventFamily;
  lat: number;
  lon: number;
  /** The claim's own radius; an incident is a candidate when its place lies within reach + its radius. */
  reachKm: number;
  /** Inclusive day numbers (days since 1970-01-01) the claim's date range covers. */
  firstDay: number;
  lastDay: number;
  /**
   * Also event incidents placed too coarsely for a radius (a governorate, a country) whose point
   * lies within reach: a standing statement about a wide area concerns them too. Never wanted
   * when placing a claim (such incidents cannot be scored against).
   */
  coarse?: boolean;
}

/**
 * What clustering compares a claim against: an incident's place, date, type and actors as
 * computed from its members (or set by an analyst). Stored beside the incident.
 */
export interface IncidentProfile {
  id: string;
  family: EventFamily;
  /** 'event' for something that happened; 'statement' for a denial or announcement standing alone. */
  mode: 'event' | 'statement';
  type: string;
  subType: string | null;
  lat: number | null;
  lon: number | null;
  radiusKm: number | null;
  wherePrec: number | null;
  gazetteerId: string | null;
  placeName: string | null;
  country: string | null;
  admin1: string | null;
  firstDay: number | null;
  lastDay: number | null;
  inferredDate: boolean;
  /** Normalised, specific (not generic) perpetrator and target names. */
  perpetrators: string[];
  targets: string[];
  /** Combined casualty ranges per kind: [min, max|null]. */
  casualties: Partial<Record<'killed' | 'injured' | 'abducted' | 'displaced', [number, number | null]>>;
  memberCount: number;
  /**
   * Its claims tell what a video is said to show (`attribution.basis` 'footage'): it matches
   * only other tellings of footage, never a reported event, until an analyst merges them.
   */
  footage?: boolean;
  /** The greatest canonical order key among its members (absent in profiles stored before it existed). */
  lastKey?: string;
}

/** Where a claim traces back to: a source (by id) and how the claim reached the report. */
export interface ClaimOrigin {
  /** The source whose origin group the claim counts under; null for an unnamed source with no known outlet. */
  sourceId: string | null;
  /** Used as the group key when there is no source. */
  fallbackKey: string | null;
  /** How the explanation names it: "Coastal Rights Monitor", "residents (via Sahel Voice)". */
  label: string;
}

/** Why a claim sits in its incident, in words and figures. */
export interface JoinReason {
  rule: 'new' | 'score' | 'repeat' | 'derived' | 'analyst';
  text: string;
  score?: number;
  parts?: Record<string, number>;
}

/** A claim's membership in an incident, with its origin and derivation. */
export interface ClaimLink {
  claimId: string;
  reportId: string;
  incidentId: string;
  origin: ClaimOrigin;
  /** The claim of an earlier report this one is a near-duplicate of. */
  derivedFromClaim: string | null;
  reason: JoinReason;
  /** Order of arrival (kept for the record; nothing depends on it). */
  seq: number;
  /**
   * The claim's place in the canonical order (`claimOrderKey`: report publication date, report
   * id, claim ordinal). Resolution is greedy placement in this order, so the record depends on
   * the set of claims, not on the order they arrived in.
   */
  key?: string;
  /** Where and when the claim lies, for finding the later claims a change may concern. */
  reach?: ClaimReach | null;
}

/** A located, dated claim's family, point, radius and days. */
export interface ClaimReach {
  family: EventFamily;
  lat: number;
  lon: number;
  radiusKm: number;
  firstDay: number;
  lastDay: number;
}

/** Claims later in the canonical order than `afterKey`, in a box of families, coordinates and days. */
export interface LaterClaimsQuery {
  afterKey: string;
  families: EventFamily[];
  south: number;
  north: number;
  west: number;
  east: number;
  firstDay: number;
  lastDay: number;
}

/**
 * The canonical order key of a report: publication date; then, the same day, a wire service's
 * report before others (wire services originate stories that outlets republish); then report id.
 */
export function reportOrderKey(published: string, reportId: string, wireService: boolean): string {
  // Spaces sort before any character of a date or id, so "2025-03-09" comes before "2025-03-09T10:00Z".
  return `${published} ${wireService ? 0 : 1} ${reportId}`;
}

/** The canonical order key of a claim: its report's key, then its ordinal. */
export function claimOrderKey(reportKey: string, ordinal: number): string {
  return `${reportKey} ${String(ordinal).padStart(6, '0')}`;
}

/**
 * Which incident each claim is in. Kept apart from the claims table on purpose: re-extracting
 * a report replaces its claims (same ids), and resolution must still know where they were.
 */
export interface ClaimLinkStore {
  forReport(reportId: string): Promise<ClaimLink[]>;
  forIncidents(incidentIds: string[]): Promise<ClaimLink[]>;
  forClaims(claimIds: string[]): Promise<ClaimLink[]>;
  /** Links whose claims trace back to one of these sources. */
  forSources(sourceIds: string[]): Promise<ClaimLink[]>;
  /** Records or replaces links (by claim id). */
  put(links: ClaimLink[]): Promise<void>;
  drop(claimIds: string[]): Promise<void>;
  /** The highest `seq` given so far (0 when none). */
  lastSeq(): Promise<number>;
  /** Links of located, dated claims after a key in the canonical order, within a box and days. */
  later(query: LaterClaimsQuery): Promise<ClaimLink[]>;
}

/**
 * One LSH band of a text's signature, as a number: the band's slot times 2^32 plus its 32-bit
 * hash. Slots 0–63 are word bands, 64 and up skeleton bands. A number rather than the stored
 * string key: signing makes some fifty bands per report and looks each up in three weeks, and
 * formatting and hashing strings for them was a measurable share of resolving in bulk.
 */
export type Band = number;
const BAND_SLOT = 2 ** 32;
export const SKELETON_BAND_SLOT = 64;

/** The band of a slot and hash (`Band`). */
export function bandOf(slot: number, hash: number): Band {
  return slot * BAND_SLOT + (hash >>> 0);
}

/** A band's slot and 32-bit hash. */
export function bandParts(band: Band): { slot: number; hash: number } {
  return { slot: Math.floor(band / BAND_SLOT), hash: band >>> 0 };
}

/**
 * A band's key as stores keep it, tagged with the week its report was published: "w3:1x9k2@2900"
 * (word band 3) or "s12:…" (skeleton band 12). The format predates numeric bands and stored
 * keys keep it.
 */
export function bandKey(band: Band, week: number): string {
  const { slot, hash } = bandParts(band);
  const name = slot >= SKELETON_BAND_SLOT ? `s${slot - SKELETON_BAND_SLOT}` : `w${slot}`;
  return `${name}:${hash.toString(36)}@${week}`;
}

/** Weeks since 1970 of a date or timestamp ("2025-03-09", "2025-03-09T10:00:00Z"); 0 if unreadable. */
export function publicationWeek(published: string): number {
  const day = Math.floor(Date.parse(`${published.slice(0, 10)}T00:00:00Z`) / 86_400_000);
  return Number.isFinite(day) ? Math.floor(day / 7) : 0;
}

/** MinHash signatures of a report's text, for near-duplicate search. */
export interface TextSignature {
  reportId: string;
  sourceName: string | null;
  /** Publication date (or ingest time when unknown): the earlier of two copies is the original. */
  published: string;
  /** When it was ingested: breaks ties between copies published the same day. */
  ingestedAt: string;
  words: number[];
  skeleton: number[];
  /**
   * Bands for locality-sensitive hashing (`Band`): reports sharing a band, published within a
   * week or so of each other, are candidates. Stores key them by `bandKey` with the week of
   * `published`. Empty in a signature read back, and a signature put again without them keeps
   * the bands recorded.
   */
  bands: Band[];
  derivedFrom: string | null;
  similarity: number | null;
  /** How many skeleton shingles the text has (short texts are judged on words only). */
  skeletonSize?: number;
}

/** Near-duplicate text: signatures by band, and which report derives from which. */
export interface NearDuplicateStore {
  /**
   * Signatures sharing at least one band with these, among reports published in one of these
   * weeks (`publicationWeek`), except the report's own.
   */
  similar(bands: Band[], weeks: number[], exceptReportId: string): Promise<TextSignature[]>;
  get(reportId: string): Promise<TextSignature | null>;
  put(signature: TextSignature): Promise<void>;
  /** Reports recorded as derived from this one. */
  derivedFrom(reportId: string): Promise<TextSignature[]>;
}

/** One analyst decision, kept for ever and re-applied on every resolution. */
export interface Decision {
  id: string;
  kind: 'merge' | 'split' | 'detach' | 'set';
  actor: string;
  at: string;
  reason: string;
  /** Incidents the decision was made on. */
  incidentIds: string[];
  /** Claim groups the decision fixes: together within a group, apart across groups. */
  groups: { incidentId: string; claimIds: string[] }[];
  /** For `set`: the field and its value. */
  field?: string;
  value?: unknown;
}

/** A field an analyst set on an incident, and the decision that set it. */
export interface FieldOverride {
  value: unknown;
  decisionId: string;
  actor: string;
  at: string;
  reason: string;
}

/** Analyst decisions and the field values they set. */
export interface DecisionStore {
  record(decision: Decision): Promise<void>;
  /** Every decision naming one of these claims, oldest first. */
  forClaims(claimIds: string[]): Promise<Decision[]>;
  forIncident(incidentId: string): Promise<Decision[]>;
  /** Field values set by analysts on an incident (latest per field), with who, when and why. */
  overrides(incidentId: string): Promise<Record<string, FieldOverride>>;
  setOverride(incidentId: string, field: string, value: unknown, decisionId: string): Promise<void>;
  moveOverrides(fromIncidentId: string, toIncidentId: string): Promise<void>;
}

export const CONTRADICTION_KINDS = ['denial', 'perpetrator', 'casualties', 'operation-end'] as const;
export type ContradictionKind = (typeof CONTRADICTION_KINDS)[number];

/**
 * Two sides that cannot both hold, shown side by side and never silently resolved. `incidentId`
 * is the event; `otherIncidentId` the statement incident when the other side stands apart.
 */
export interface Contradiction {
  id: string;
  kind: ContradictionKind;
  incidentId: string;
  otherIncidentId: string | null;
  /** Claims on the side that says it happened (or gives one figure / one perpetrator). */
  sideA: string[];
  /** Claims on the other side. */
  sideB: string[];
  summary: string;
}

/** A denial or an "operation is over" announcement that may contradict events near it. */
export interface StandingStatement extends ClaimReach {
  claimId: string;
  incidentId: string;
  kind: 'denial' | 'operation-end';
  /** Normalised parties the statement is about (the denier, the forces said to have ended). */
  actors: string[];
  label: string;
}

export interface ContradictionStore {
  /** Replaces the contradictions recorded for an event incident. */
  replaceFor(incidentId: string, contradictions: Contradiction[]): Promise<void>;
  /** Contradictions where the incident is either side. */
  forIncident(incidentId: string): Promise<Contradiction[]>;
  putStatement(statement: StandingStatement): Promise<void>;
  dropStatements(claimIds: string[]): Promise<void>;
  /** Statements whose area and days could concern an event in this block. */
  statementsNear(block: Omit<CandidateBlock, 'family'>): Promise<StandingStatement[]>;
}

/** What resolution adds to the incident role. */
export interface IncidentIndex {
  /** Event incidents of the block's family whose place and days are compatible with it, each once. */
  findCandidates(block: CandidateBlock): Promise<IncidentProfile[]>;
  getMany(ids: string[]): Promise<Incident[]>;
  profiles(ids: string[]): Promise<IncidentProfile[]>;
  /** Records an incident with its profile and its claims (replacing what it had). */
  save(incident: Incident, profile: IncidentProfile): Promise<void>;
  retire(id: string): Promise<void>;
  /** Which of these ids name a live incident. */
  existing(ids: string[]): Promise<Set<string>>;
}

/** A claim as resolution reads it back (quotes and spans may be absent in bulk runs). */
export type StoredClaim = Pick<
  Claim,
  | 'id'
  | 'reportId'
  | 'ordinal'
  | 'type'
  | 'subType'
  | 'attribution'
  | 'place'
  | 'date'
  | 'actors'
  | 'casualties'
> &
  Partial<Pick<Claim, 'quote' | 'repeatOf' | 'destination' | 'sensitivity'>>;
