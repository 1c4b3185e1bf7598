import { CASUALTY_KINDS, type Casualties, noCasualties } from '../../domain/casualties.ts';
import type { Claim } from '../../domain/claim.ts';
import type { DateRange } from '../../domain/date-range.ts';
import type { Grade } from '../../domain/grade.ts';
import type { Incident } from '../../domain/incident.ts';
import type { Place } from '../../domain/place.ts';
import { markIncidents } from '../../domain/redaction.ts';
import type { Source } from '../../domain/source.ts';
import { type EventType, familyOf } from '../../domain/taxonomy.ts';
import type {
  ClaimLink,
  Contradiction,
  FieldOverride,
  IncidentProfile,
  StandingStatement,
  StoredClaim,
} from '../../ports/resolution.ts';
import { combineFigures, type Figure } from './casualty-rule.ts';
import {
  actorsOverlap,
  dayNumber,
  placeRadius,
  STATEMENT_TYPES,
  specificActors,
  specificTargets,
  supports,
} from './claim-view.ts';
import { gradeIncident } from './grade.ts';
import { stableId } from './ids.ts';
import {
  actorNames,
  actorNamesOf,
  labels,
  majorityType,
  pickDate,
  pickPlace,
  sourcesNamed,
} from './incident-fields.ts';
import { isNamedSource, originGroup } from './origins.ts';
import { standingContradictions } from './standing.ts';

export interface Member {
  claim: StoredClaim;
  link: ClaimLink;
}

const NO_MEMBERS: Member[] = [];

export interface AssessInput {
  id: string;
  /** Members in the canonical order (link.key). */
  members: Member[];
  sources: Map<string, Source>;
  overrides: Record<string, FieldOverride>;
  /** Denials and "operation over" announcements near the incident. */
  statements: StandingStatement[];
  prior: Incident | null;
  now: string;
  evidenceHeld?: number;
  /**
   * Only the profile matters (scoring claims while a run places them): skip contradictions of
   * the incident's own, grading and change detection. The incident returned is provisional.
   */
  profileOnly?: boolean;
}

export interface Assessment {
  incident: Incident;
  profile: IncidentProfile;
  contradictions: Contradiction[];
}

/**
 * An incident from its claims: type, place, date and casualties combined by the documented
 * rules, independence counted over origin groups, contradictions found, a grade with its
 * reason — then the analyst's fields laid over the top, because analysts' decisions win.
 */
export function assessIncident(input: AssessInput): Assessment {
  const { members, sources } = input;
  // One pass over the members (an assessment runs for every claim placed): each one's origin
  // group, the ones that back the event (with their groups alongside), and whether all deny it.
  const memberGroups: string[] = [];
  const backing: Member[] = [];
  const backingGroups: string[] = [];
  let onlyDenials = true;
  let anyDenied = false;
  for (const m of members) {
    const g = originGroup(m.link.origin, sources);
    memberGroups.push(g);
    if (supports(m.claim)) {
      backing.push(m);
      backingGroups.push(g);
    }
    if (m.claim.attribution.stance !== 'denied') onlyDenials = false;
    else anyDenied = true;
  }
  const basis = backing.length ? backing : members;
  const basisGroups = backing.length ? backingGroups : memberGroups;
  const mode: 'event' | 'statement' = backing.length ? 'event' : 'statement';

  // A denial standing alone is a statement that something did not happen, not the event.
  const majority = majorityType(basis);
  let [type, subType]: [EventType, string | null] = onlyDenials ? ['Official statement', 'Denial'] : majority;
  let place = pickPlace(basis);
  let date = pickDate(basis);
  const groups = new Map<string, string>();
  for (let i = 0; i < basis.length; i++) {
    const g = basisGroups[i]!;
    if (!groups.has(g)) groups.set(g, basis[i]!.link.origin.label);
  }

  const contradictions: Contradiction[] = [];
  const add = (c: Omit<Contradiction, 'id' | 'incidentId'>) => recordTo(contradictions, input.id, c);

  // Casualties, with their disagreements.
  let casualties: Casualties = noCasualties();
  if (mode === 'event') {
    for (const kind of CASUALTY_KINDS) {
      const figures: Figure[] = [];
      for (let i = 0; i < backing.length; i++) {
        const m = backing[i]!;
        const range = m.claim.casualties[kind];
        if (range)
          figures.push({ claimId: m.claim.id, group: backingGroups[i]!, label: m.link.origin.label, range });
      }
      if (!figures.length) continue;
      const combined = combineFigures(figures);
      casualties[kind] = combined.range;
      if (combined.conflict) {
        add({
          kind: 'casualties',
          otherIncidentId: null,
          sideA: combined.conflict.sideA,
          sideB: combined.conflict.sideB,
          summary: `${kind} figures cannot both hold: ${combined.conflict.text}`,
        });
      }
    }
  }

  // Denials inside the incident. A fact-check's verdict shows it false; a party's denial disputes it.
  // Within a statement, the author's own denials are what it says, not a dispute of it.
  const statementType = STATEMENT_TYPES.has(majority[0]);
  const footage = basis.every((m) => m.claim.attribution.basis === 'footage');
  const denying =
    input.profileOnly || statementType || !anyDenied
      ? NO_MEMBERS
      : members.filter((m) => m.claim.attribution.stance === 'denied');
  const checkers = denying.length
    ? denying.filter((m) => m.claim.attribution.basis === 'fact-check')
    : NO_MEMBERS;
  const deniers = denying.length
    ? denying.filter((m) => m.claim.attribution.basis !== 'fact-check')
    : NO_MEMBERS;
  let shownFalse: { by: string; id: string } | null = null;
  if (mode === 'event' && checkers.length) {
    const summary = `${labels(checkers)} ${checkers.length > 1 ? 'show' : 'shows'} it false (fact-check: "${checkers[0]!.claim.quote}"); ${labels(backing)} say it happened`;
    add({
      kind: 'denial',
      otherIncidentId: null,
      sideA: backing.map((m) => m.claim.id),
      sideB: checkers.map((m) => m.claim.id),
      summary,
    });
    shownFalse = { by: summary, id: contradictions.at(-1)!.id };
  }
  if (mode === 'event' && deniers.length) {
    add({
      kind: 'denial',
      otherIncidentId: null,
      sideA: backing.map((m) => m.claim.id),
      sideB: deniers.map((m) => m.claim.id),
      summary: `${labels(deniers)} ${deniers.length > 1 ? 'deny' : 'denies'} it; ${labels(backing)} say it happened`,
    });
  }

  // Perpetrators that cannot both be right.
  const perps =
    input.profileOnly || statementType || backing.length < 2
      ? []
      : backing
          .map((m) => ({ m, names: specificActors(actorNames(m.claim, 'perpetrator')) }))
          .filter((x) => x.names.length);
  if (perps.length > 1) {
    const first = perps[0]!.names;
    const agree = perps.filter((x) => actorsOverlap(x.names, first));
    const differ = perps.filter((x) => !actorsOverlap(x.names, first));
    if (differ.length) {
      add({
        kind: 'perpetrator',
        otherIncidentId: null,
        sideA: agree.map((x) => x.m.claim.id),
        sideB: differ.map((x) => x.m.claim.id),
        summary: `${labels(agree.map((x) => x.m))} name ${first.join(', ')}; ${labels(differ.map((x) => x.m))} name ${differ[0]!.names.join(', ')}`,
      });
    }
  }

  // Overrides: the analyst's values replace computed ones.
  const o = input.overrides;
  if (o.type) type = o.type.value as EventType;
  if (o.subType) subType = o.subType.value as string | null;
  if (o.place) place = o.place.value as Place | null;
  if (o.date) date = o.date.value as DateRange | null;
  if (o.casualties) casualties = o.casualties.value as Casualties;

  // A statement's party is who made it (as `viewOf` reads a statement claim).
  const perpetrators = specificActors(
    statementType ? sourcesNamed(basis) : actorNamesOf(backing, 'perpetrator'),
  );
  const targets = specificTargets(actorNamesOf(backing, 'target'));

  // Statements standing apart (a denial, an "operation over" announcement) that concern it.
  if (
    !input.profileOnly &&
    input.statements.length &&
    mode === 'event' &&
    place &&
    place.lat !== null &&
    place.lon !== null &&
    date
  ) {
    const found = standingContradictions({
      incidentId: input.id,
      members,
      backing,
      statements: input.statements,
      family: familyOf(type as EventType, subType),
      place: { lat: place.lat, lon: place.lon, radiusKm: placeRadius(place.wherePrec) ?? 0 },
      date,
      perpetrators,
    });
    for (const c of found) add(c);
  }

  const graded: { grade: Grade; reason: string } = input.profileOnly
    ? { grade: 'weak', reason: '' }
    : gradeIncident({
        mode,
        origins: [...groups.values()],
        backing: backing.map((m, i) => ({
          group: backingGroups[i]!,
          stance: m.claim.attribution.stance,
          modality: m.claim.attribution.modality,
          sourceName: m.link.origin.sourceId ? (sources.get(m.link.origin.sourceId)?.name ?? null) : null,
        })),
        perpetrators,
        contradictions,
        evidenceHeld: input.evidenceHeld ?? 0,
        author: STATEMENT_TYPES.has(type) ? authorOf(members) : null,
        shownFalse,
        footage,
      });
  let grade: Grade = graded.grade;
  let gradeReason = graded.reason;
  if (o.grade) {
    grade = o.grade.value as Grade;
    gradeReason = `${grade}: set by ${o.grade.actor} on ${o.grade.at.slice(0, 10)} — ${o.grade.reason} (computed: ${graded.reason})`;
  }

  let destination =
    mode === 'event' ? (backing.find((m) => m.claim.destination)?.claim.destination ?? null) : null;
  if (o.destination) destination = o.destination.value as Place | null;
  const body = {
    id: input.id,
    type: type as EventType,
    subType,
    place,
    ...(destination ? { destination } : {}),
    date,
    casualties,
    grade,
    gradeReason,
    independence: groups.size,
    claimIds: members.map((m) => m.claim.id),
    published: o.published ? Boolean(o.published.value) : (input.prior?.published ?? false),
  };
  // Sensitive claims (an intake's witness) mark the incident, as ingest's wiring would.
  const [marked] =
    input.profileOnly || !members.some((m) => m.claim.sensitivity)
      ? []
      : markIncidents(
          members.map((m) => m.claim as Claim),
          [{ ...body, version: 1, updatedAt: input.now }],
        );
  if (marked?.sensitivity) Object.assign(body, { place: marked.place, sensitivity: marked.sensitivity });
  const prior = input.prior;
  const changed =
    input.profileOnly ||
    !prior ||
    prior.claimIds.length !== body.claimIds.length ||
    (JSON.stringify(strip(prior)) !== JSON.stringify(body) && canonical(strip(prior)) !== canonical(body));
  // The body becomes the incident (a spread of its dozen keys was a measurable share of
  // resolving in bulk); the keys keep the order a spread gave them.
  const incident = Object.assign(body, {
    version: prior ? prior.version + (changed ? 1 : 0) : 1,
    updatedAt: changed || !prior ? input.now : prior.updatedAt,
  }) as Incident;

  const family = mode === 'statement' ? 'statement' : familyOf(incident.type, incident.subType);
  const located = place && place.lat !== null && place.lon !== null ? placeRadius(place.wherePrec) : null;
  const profile: IncidentProfile = {
    id: input.id,
    family,
    mode,
    type: incident.type,
    subType: incident.subType,
    lat: located !== null ? place!.lat : null,
    lon: located !== null ? place!.lon : null,
    radiusKm: located,
    wherePrec: place?.wherePrec ?? null,
    gazetteerId: place?.gazetteerId ?? null,
    placeName: place?.name ?? null,
    country: place?.country ?? null,
    admin1: place?.admin1 ?? null,
    firstDay: date ? dayNumber(date.start) : null,
    lastDay: date ? dayNumber(date.end) : null,
    inferredDate: Boolean(date?.inferred),
    perpetrators,
    targets,
    casualties: {},
    memberCount: members.length,
  };
  for (const k of CASUALTY_KINDS) {
    const range = casualties[k];
    if (range) profile.casualties[k] = [range.min, range.max];
  }
  if (footage) profile.footage = true;
  let lastKey = '';
  for (const m of members) if (m.link.key && m.link.key > lastKey) lastKey = m.link.key;
  if (lastKey) profile.lastKey = lastKey;
  return { incident, profile, contradictions };
}

/**
 * The author of a statement or call when one of its claims is in the author's own words: an
 * `official` or `call` claim whose named speaker is the claim's origin (the author published it,
 * or the claim traces to the author by name). A plea by "residents" relayed by an outlet has no
 * such author: the outlet, not the residents, is the origin.
 */
function authorOf(members: Member[]): string | null {
  for (const m of members) {
    const { stance, source } = m.claim.attribution;
    if (stance !== 'official' && stance !== 'call') continue;
    if (!STATEMENT_TYPES.has(m.claim.type)) continue;
    const said = source?.trim();
    if (said && isNamedSource(said) && m.link.origin.label.toLowerCase() === said.toLowerCase()) return said;
  }
  return null;
}

function recordTo(
  list: Contradiction[],
  incidentId: string,
  c: Omit<Contradiction, 'id' | 'incidentId'>,
): void {
  list.push({
    ...c,
    id: stableId('con', `${incidentId}|${c.kind}|${c.sideA.join(',')}|${c.sideB.join(',')}`),
    incidentId,
  });
}

function strip(i: Incident): Omit<Incident, 'version' | 'updatedAt'> {
  const { version: _v, updatedAt: _u, ...rest } = i;
  return rest;
}

/** JSON with sorted keys, so two equal records compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
