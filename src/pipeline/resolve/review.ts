import { z } from 'zod';
import { Casualties } from '../../domain/casualties.ts';
import { DateRange } from '../../domain/date-range.ts';
import { GRADES } from '../../domain/grade.ts';
import type { Incident } from '../../domain/incident.ts';
import { Place } from '../../domain/place.ts';
import type { Source } from '../../domain/source.ts';
import { EVENT_TYPE_NAMES, type EventType, isSubTypeOf } from '../../domain/taxonomy.ts';
import { ConflictError, InputError, NotFoundError, UsageError } from '../../errors.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';
import type { ClaimLink, Decision } from '../../ports/resolution.ts';
import type { SourceStore } from '../../ports/store.ts';
import type { Member } from './assess.ts';
import { stableId } from './ids.ts';
import { type ResolutionPorts, type Workspace, workspace } from './workspace.ts';

/**
 * Analysts' review operations. Each runs in one transaction: it checks versions (a stale
 * `expectedVersion` is a ConflictError, an unknown id a NotFoundError), records the decision
 * with who, when and why, re-assesses the incidents it changes, and appends ledger entries.
 * Decisions are re-applied by every later resolution, so they survive re-resolving everything.
 */
export interface ReviewStore extends ResolutionPorts {
  atomically<T>(work: (store: this) => Promise<T>): Promise<T>;
}

export interface ReviewDeps {
  clock?: Clock;
}

export const SETTABLE_FIELDS = [
  'type',
  'subType',
  'place',
  'destination',
  'date',
  'casualties',
  'grade',
  'published',
] as const;
export type SettableField = (typeof SETTABLE_FIELDS)[number];

const FIELD_SCHEMAS: Record<SettableField, z.ZodType> = {
  type: z.enum(EVENT_TYPE_NAMES as [EventType, ...EventType[]]),
  subType: z.string().min(1).nullable(),
  place: Place.nullable(),
  destination: Place.nullable(),
  date: DateRange.nullable(),
  casualties: Casualties,
  grade: z.enum(GRADES),
  published: z.boolean(),
};

interface Base {
  actor: string;
  reason: string;
}

function requireReason(input: Base): void {
  if (!input.actor?.trim()) throw new UsageError('a review decision needs an actor');
  if (!input.reason?.trim()) throw new UsageError('a review decision needs a reason (why)');
}

async function loadChecked(
  tx: ReviewStore,
  ids: string[],
  expected: (id: string) => number | undefined,
): Promise<Map<string, Incident>> {
  const found = new Map((await tx.incidents.getMany(ids)).map((i) => [i.id, i]));
  for (const id of ids) {
    const incident = found.get(id);
    if (!incident) throw new NotFoundError(`no incident with id ${id}`);
    const want = expected(id);
    if (want !== undefined && want !== incident.version) {
      throw new ConflictError(
        `incident ${id} is at version ${incident.version}, not ${want}: it changed since you loaded it; reload and retry`,
      );
    }
  }
  // An incident imported from a dataset row stands on that row, not on claims resolution links
  // to it: re-resolving it would find no members and retire it, losing the row's event. Its
  // coding is the dataset's to correct, so refuse plainly instead.
  const linked = new Set((await tx.claimLinks.forIncidents(ids)).map((l) => l.incidentId));
  for (const id of ids) {
    if (!linked.has(id)) {
      throw new UsageError(
        `incident ${id} was imported from a dataset row, not built from claims: review cannot merge, split, detach or set it; correct the row and import the file again`,
      );
    }
  }
  return found;
}

function decisionId(d: Omit<Decision, 'id'>): string {
  return stableId('dec', JSON.stringify(d));
}

/** Moves claims into an incident in the workspace and in the links, with the decision as reason. */
async function move(
  tx: ReviewStore,
  ws: Workspace,
  members: Member[],
  to: string,
  why: string,
): Promise<void> {
  const links: ClaimLink[] = [];
  for (const m of members) {
    const link: ClaimLink = { ...m.link, incidentId: to, reason: { rule: 'analyst', text: why } };
    ws.remove(m.claim.id);
    await ws.add(to, m.claim, link);
    links.push(link);
  }
  await tx.claimLinks.put(links);
}

async function finish(
  tx: ReviewStore,
  ws: Workspace,
  decision: Decision,
  ids: string[],
): Promise<Incident[]> {
  await tx.decisions.record(decision);
  await tx.ledger.append({
    kind: 'decision.recorded',
    subject: decision.id,
    actor: decision.actor,
    at: decision.at,
    record: decision,
  });
  const settled = await ws.settle();
  for (const incident of settled.changed) {
    await tx.ledger.append({
      kind: 'incident.edited',
      subject: incident.id,
      actor: decision.actor,
      at: decision.at,
      record: incident,
    });
  }
  const live = new Map(settled.live.map((i) => [i.id, i]));
  return ids.map((id) => live.get(id)).filter((i): i is Incident => i !== undefined);
}

/** Merges incidents into the first one given; the others are retired. */
export async function mergeIncidents(
  store: ReviewStore,
  input: Base & { ids: string[]; expectedVersions?: Record<string, number> },
  deps: ReviewDeps = {},
): Promise<Incident[]> {
  requireReason(input);
  const ids = [...new Set(input.ids)];
  if (ids.length < 2) throw new UsageError('merging needs at least two different incident ids');
  const at = (deps.clock ?? systemClock).now().toISOString();
  return store.atomically(async (tx) => {
    await loadChecked(tx, ids, (id) => input.expectedVersions?.[id]);
    const ws = workspace(tx, at, input.actor);
    await ws.load(ids);
    const [survivor, ...others] = ids as [string, ...string[]];
    const all: string[] = [];
    for (const id of ids) all.push(...(await ws.members(id)).map((m) => m.claim.id));
    const decision = {
      kind: 'merge' as const,
      actor: input.actor,
      at,
      reason: input.reason,
      incidentIds: ids,
      groups: [{ incidentId: survivor, claimIds: all }],
    };
    const full: Decision = { id: decisionId(decision), ...decision };
    for (const other of others) {
      await move(
        tx,
        ws,
        [...(await ws.members(other))],
        survivor,
        `merged by ${input.actor} (${at.slice(0, 10)}): ${input.reason}`,
      );
      await tx.decisions.moveOverrides(other, survivor);
    }
    return finish(tx, ws, full, [survivor]);
  });
}

/**
 * Splits an incident into groups of its claims. Claims not named stay together as one more
 * group; the group holding the incident's first claim keeps its id.
 */
export async function splitIncident(
  store: ReviewStore,
  input: Base & { id: string; claimGroups: string[][]; expectedVersion?: number },
  deps: ReviewDeps = {},
): Promise<Incident[]> {
  requireReason(input);
  const at = (deps.clock ?? systemClock).now().toISOString();
  return store.atomically(async (tx) => {
    await loadChecked(tx, [input.id], () => input.expectedVersion);
    const ws = workspace(tx, at, input.actor);
    const members = [...(await ws.members(input.id))];
    const inIncident = new Set(members.map((m) => m.claim.id));
    const named = new Set<string>();
    const groups = input.claimGroups.map((g) => [...new Set(g)]).filter((g) => g.length);
    for (const g of groups) {
      for (const c of g) {
        if (!inIncident.has(c)) throw new NotFoundError(`claim ${c} is not in incident ${input.id}`);
        if (named.has(c)) throw new UsageError(`claim ${c} is in more than one group`);
        named.add(c);
      }
    }
    const rest = members.map((m) => m.claim.id).filter((c) => !named.has(c));
    if (rest.length) groups.push(rest);
    if (groups.length < 2) throw new UsageError('a split needs at least two groups of claims');
    const first = members[0]!.claim.id;
    const keeper = groups.findIndex((g) => g.includes(first));
    const assigned: { incidentId: string; claimIds: string[] }[] = [];
    for (const [i, g] of groups.entries()) {
      const id = i === keeper ? input.id : await ws.freshId(g[0]!, null);
      assigned.push({ incidentId: id, claimIds: g });
    }
    const decision = {
      kind: 'split' as const,
      actor: input.actor,
      at,
      reason: input.reason,
      incidentIds: [input.id],
      groups: assigned,
    };
    const full: Decision = { id: decisionId(decision), ...decision };
    const why = `split by ${input.actor} (${at.slice(0, 10)}): ${input.reason}`;
    for (const g of assigned) {
      if (g.incidentId === input.id) continue;
      await move(
        tx,
        ws,
        members.filter((m) => g.claimIds.includes(m.claim.id)),
        g.incidentId,
        why,
      );
    }
    return finish(
      tx,
      ws,
      full,
      assigned.map((g) => g.incidentId),
    );
  });
}

/** Takes one claim out of an incident into an incident of its own; it will not be put back. */
export async function detachClaim(
  store: ReviewStore,
  input: Base & { incidentId: string; claimId: string; expectedVersion?: number },
  deps: ReviewDeps = {},
): Promise<Incident[]> {
  requireReason(input);
  const at = (deps.clock ?? systemClock).now().toISOString();
  return store.atomically(async (tx) => {
    await loadChecked(tx, [input.incidentId], () => input.expectedVersion);
    const ws = workspace(tx, at, input.actor);
    const members = [...(await ws.members(input.incidentId))];
    const member = members.find((m) => m.claim.id === input.claimId);
    if (!member) throw new NotFoundError(`claim ${input.claimId} is not in incident ${input.incidentId}`);
    if (members.length < 2)
      throw new UsageError(`claim ${input.claimId} is the only claim of ${input.incidentId}`);
    const newId = await ws.freshId(input.claimId, null);
    const decision = {
      kind: 'detach' as const,
      actor: input.actor,
      at,
      reason: input.reason,
      incidentIds: [input.incidentId],
      groups: [
        {
          incidentId: input.incidentId,
          claimIds: members.filter((m) => m !== member).map((m) => m.claim.id),
        },
        { incidentId: newId, claimIds: [input.claimId] },
      ],
    };
    const full: Decision = { id: decisionId(decision), ...decision };
    await move(tx, ws, [member], newId, `detached by ${input.actor} (${at.slice(0, 10)}): ${input.reason}`);
    return finish(tx, ws, full, [input.incidentId, newId]);
  });
}

/** Sets a field by hand; the value wins over what resolution computes, now and later. */
export async function setIncidentField(
  store: ReviewStore,
  input: Base & { id: string; field: SettableField; value: unknown; expectedVersion?: number },
  deps: ReviewDeps = {},
): Promise<Incident[]> {
  requireReason(input);
  if (!(SETTABLE_FIELDS as readonly string[]).includes(input.field)) {
    throw new UsageError(`field must be one of ${SETTABLE_FIELDS.join(', ')}, got "${input.field}"`);
  }
  const parsed = FIELD_SCHEMAS[input.field].safeParse(input.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`invalid ${input.field}: ${issue.path.join('.') || 'value'} ${issue.message}`);
  }
  const at = (deps.clock ?? systemClock).now().toISOString();
  return store.atomically(async (tx) => {
    const found = await loadChecked(tx, [input.id], () => input.expectedVersion);
    const incident = found.get(input.id)!;
    if (input.field === 'subType' && parsed.data !== null) {
      const type = (await tx.decisions.overrides(input.id)).type?.value ?? incident.type;
      if (!isSubTypeOf(type as EventType, parsed.data as string)) {
        throw new InputError(`"${parsed.data}" is not a sub-type of ${type}`);
      }
    }
    const decision = {
      kind: 'set' as const,
      actor: input.actor,
      at,
      reason: input.reason,
      incidentIds: [input.id],
      groups: [],
      field: input.field,
      value: parsed.data,
    };
    const full: Decision = { id: decisionId(decision), ...decision };
    await tx.decisions.record(full);
    await tx.decisions.setOverride(input.id, input.field, parsed.data, full.id);
    await tx.ledger.append({
      kind: 'decision.recorded',
      subject: full.id,
      actor: input.actor,
      at,
      record: full,
    });
    const ws = workspace(tx, at, input.actor);
    await ws.load([input.id]);
    const settled = await ws.settle();
    for (const changed of settled.changed) {
      await tx.ledger.append({
        kind: 'incident.edited',
        subject: changed.id,
        actor: input.actor,
        at,
        record: changed,
      });
    }
    return settled.live.filter((i) => i.id === input.id);
  });
}

/**
 * Puts a source in an origin group (a ministry and the state news agency are one origin) and
 * re-grades every incident with a claim traced to it.
 */
export async function setOriginGroup(
  store: ReviewStore & { sources: Pick<SourceStore, 'list' | 'ensure' | 'setOriginGroup'> },
  input: Base & { source: string; group: string },
  deps: ReviewDeps = {},
): Promise<{ source: Source; incidents: Incident[] }> {
  requireReason(input);
  if (!input.group.trim()) throw new UsageError('an origin group needs a name');
  const at = (deps.clock ?? systemClock).now().toISOString();
  return store.atomically(async (tx) => {
    const sources = await tx.sources.list();
    const found = sources.find(
      (s) => s.id === input.source || s.name.toLowerCase() === input.source.toLowerCase(),
    );
    if (!found) throw new NotFoundError(`no source named or with id "${input.source}"`);
    const source = await tx.sources.setOriginGroup(found.id, input.group.trim());
    await tx.ledger.append({
      kind: 'source.edited',
      subject: source.id,
      actor: input.actor,
      at,
      record: { ...source, reason: input.reason },
    });
    const ws = workspace(tx, at, input.actor);
    await ws.load((await tx.claimLinks.forSources([source.id])).map((l) => l.incidentId));
    const settled = await ws.settle();
    for (const changed of settled.changed) {
      await tx.ledger.append({
        kind: 'incident.resolved',
        subject: changed.id,
        actor: input.actor,
        at,
        record: changed,
      });
    }
    return { source, incidents: settled.changed };
  });
}
