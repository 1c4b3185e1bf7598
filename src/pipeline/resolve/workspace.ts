import type { Incident } from '../../domain/incident.ts';
import type { Source } from '../../domain/source.ts';
import { type EventType, familyOf } from '../../domain/taxonomy.ts';
import type {
  CandidateBlock,
  ClaimLink,
  ClaimLinkStore,
  ContradictionStore,
  DecisionStore,
  FieldOverride,
  IncidentIndex,
  IncidentProfile,
  NearDuplicateStore,
  StandingStatement,
  StoredClaim,
} from '../../ports/resolution.ts';
import type { LedgerStore, SourceStore } from '../../ports/store.ts';
import { type Assessment, assessIncident, type Member } from './assess.ts';
import { dayNumber, placeRadius } from './claim-view.ts';
import { incidentIdFor } from './ids.ts';

const mapped = new WeakMap<Source[], Map<string, Source>>();

/** Members in the canonical order (docs/resolution.md, "Order"); arrival only for links without a key. */
export function byKey(a: { link: ClaimLink }, b: { link: ClaimLink }): number {
  const x = a.link.key;
  const y = b.link.key;
  if (x !== undefined && y !== undefined && x !== y) return x < y ? -1 : 1;
  return a.link.seq - b.link.seq;
}

/** The members placed before a key in the canonical order (links without a key count as later). */
export function membersBefore(members: Member[], key: string): Member[] {
  return members.filter((m) => m.link.key !== undefined && m.link.key < key);
}

/** A cheap test that a member could make its incident a candidate for the block. */
function mayMatch(claim: StoredClaim, block: CandidateBlock): boolean {
  if (familyOf(claim.type as EventType, claim.subType) !== block.family) return false;
  const place = claim.place;
  if (!place || place.lat === null || place.lon === null || !claim.date) return false;
  // The widest radius (150 km) plus the block's reach, in latitude; and days that overlap.
  if (Math.abs(place.lat - block.lat) * 111 > block.reachKm + 150) return false;
  return dayNumber(claim.date.start) <= block.lastDay && dayNumber(claim.date.end) >= block.firstDay;
}

/**
 * The store roles resolution works through. A `Store` (SQL) provides them all; the bulk
 * benchmark provides them in memory.
 */
export interface ResolutionPorts {
  incidents: IncidentIndex;
  claimLinks: ClaimLinkStore;
  nearDuplicates: NearDuplicateStore;
  decisions: DecisionStore;
  contradictions: ContradictionStore;
  sources: Pick<SourceStore, 'ensure' | 'list'>;
  claims: { get(ids: string[]): Promise<StoredClaim[]>; forReport(reportId: string): Promise<StoredClaim[]> };
  ledger: Pick<LedgerStore, 'append'>;
  /** Evidence held for an incident, when the store keeps a vault (named in the grade's reason). */
  evidence?: { forIncident(incidentId: string): Promise<unknown[]> };
}

interface Work {
  id: string;
  prior: Incident | null;
  members: Member[];
  quick: Assessment | null;
}

/** What settling a workspace changed in the record. */
export interface Settled {
  /** Incidents created or changed (new version), in the order first touched. */
  changed: Incident[];
  /** Incidents left without claims, now removed. */
  retired: string[];
  /** Every live incident the workspace touched, changed or not. */
  live: Incident[];
}

/**
 * The incidents one resolution run (or one analyst decision) touches, held in memory while
 * claims move between them, then assessed once and recorded: each touched incident changes
 * version at most once per run.
 */
export function workspace(ports: ResolutionPorts, now: string, actor: string) {
  const work = new Map<string, Work>();
  // Which incident in hand each claim is in: claims move often in a run, incidents can be large.
  const where = new Map<string, string>();
  // Claims this run moved: what the record says of them is out of date.
  const moved = new Set<string>();
  let sources: Map<string, Source> | null = null;

  async function sourceMap(): Promise<Map<string, Source>> {
    if (!sources) {
      const list = await ports.sources.list();
      // A store that hands back the same list (the bulk runner's) is not mapped again.
      let map = mapped.get(list);
      if (!map) {
        map = new Map(list.map((s) => [s.id, s]));
        mapped.set(list, map);
      }
      sources = map;
    }
    return sources;
  }

  async function load(ids: string[]): Promise<void> {
    // Most calls ask for incidents already in hand (a claim's own, one at a time); and a claim
    // joining a recorded incident loads just that one. Plain loops: this runs for every claim.
    let missing: string[] | null = null;
    for (const id of ids) {
      if (work.has(id) || missing?.includes(id)) continue;
      if (missing) missing.push(id);
      else missing = [id];
    }
    if (!missing) return;
    const priors = await ports.incidents.getMany(missing);
    const links = await ports.claimLinks.forIncidents(missing);
    const claimIds: string[] = [];
    for (const l of links) claimIds.push(l.claimId);
    const claims = new Map<string, StoredClaim>();
    for (const c of await ports.claims.get(claimIds)) claims.set(c.id, c);
    for (const id of missing) {
      const members: Member[] = [];
      for (const link of links) {
        if (link.incidentId !== id || moved.has(link.claimId)) continue;
        const claim = claims.get(link.claimId);
        if (claim) members.push({ claim, link });
      }
      if (members.length > 1) members.sort(byKey);
      for (const m of members) if (!where.has(m.claim.id)) where.set(m.claim.id, id);
      let prior: Incident | null = null;
      for (const p of priors) {
        if (p.id !== id) continue;
        prior = p;
        break;
      }
      work.set(id, { id, prior, members, quick: null });
    }
  }

  function removeFrom(id: string, claimId: string): void {
    const w = work.get(id);
    if (!w) return;
    const before = w.members.length;
    w.members = w.members.filter((m) => m.claim.id !== claimId);
    if (w.members.length !== before) w.quick = null;
  }

  async function profileFor(id: string, members: Member[]): Promise<IncidentProfile | null> {
    if (!members.length) return null;
    return assessIncident({
      id,
      members,
      sources: await sourceMap(),
      overrides: await ports.decisions.overrides(id),
      statements: [],
      prior: work.get(id)?.prior ?? null,
      now,
      profileOnly: true,
    }).profile;
  }

  async function quick(w: Work): Promise<Assessment | null> {
    if (!w.members.length) return null;
    if (!w.quick) {
      w.quick = assessIncident({
        id: w.id,
        members: w.members,
        sources: sources ?? (await sourceMap()),
        overrides: await ports.decisions.overrides(w.id),
        statements: [],
        prior: w.prior,
        now,
        profileOnly: true,
      });
    }
    return w.quick;
  }

  function fullAssessment(
    w: Work,
    statements: StandingStatement[],
    evidenceHeld: number,
    known: Map<string, Source>,
    overrides: Record<string, FieldOverride>,
  ) {
    return assessIncident({
      id: w.id,
      members: w.members,
      sources: known,
      overrides,
      statements,
      prior: w.prior,
      now,
      evidenceHeld,
    });
  }

  return {
    /** Forget cached sources after new ones were added or groups edited. */
    reloadSources(): void {
      sources = null;
      for (const w of work.values()) w.quick = null;
    },
    sourceMap,
    load,
    /** An incident's members; the list handed out is never edited (a change makes a new one). */
    async members(id: string): Promise<Member[]> {
      const w = work.get(id);
      if (w) return w.members;
      await load([id]);
      return work.get(id)!.members;
    },
    /** An incident's members when the run holds it (no store read), else undefined. */
    held(id: string): Member[] | undefined {
      return work.get(id)?.members;
    },
    async prior(id: string): Promise<Incident | null> {
      await load([id]);
      return work.get(id)!.prior;
    },
    /**
     * Profiles of the incidents in hand that could be candidates for a block, as they stood
     * before the claim with the given key (their members before it in the canonical order): of
     * its family, with a member placed within reach and dated within its days. An incident with
     * no member before the key was not there yet.
     */
    async profiles(block: CandidateBlock, key: string): Promise<Map<string, IncidentProfile>> {
      const out = new Map<string, IncidentProfile>();
      for (const w of work.values()) {
        if (!w.members.length) continue;
        const lastKey = w.members[w.members.length - 1]!.link.key;
        if (lastKey !== undefined && lastKey < key) {
          if (
            w.quick
              ? w.quick.profile.family !== block.family
              : !w.members.some((m) => mayMatch(m.claim, block))
          )
            continue;
          const a = await quick(w);
          if (a) out.set(w.id, a.profile);
          continue;
        }
        const before = membersBefore(w.members, key);
        if (!before.length || !before.some((m) => mayMatch(m.claim, block))) continue;
        const p = await profileFor(w.id, before);
        if (p) out.set(w.id, p);
      }
      return out;
    },
    /** The profile an incident would have with just these members (in the canonical order). */
    profileFor,
    async profile(id: string): Promise<IncidentProfile | null> {
      await load([id]);
      return (await quick(work.get(id)!))?.profile ?? null;
    },
    async add(id: string, claim: StoredClaim, link: ClaimLink): Promise<void> {
      if (!work.has(id)) await load([id]);
      const at = where.get(claim.id);
      if (at && at !== id) removeFrom(at, claim.id);
      const w = work.get(id)!;
      w.members = w.members.filter((m) => m.claim.id !== claim.id);
      const member = { claim, link };
      // Kept in the canonical order: aggregates break ties by it.
      let i = w.members.length;
      while (i > 0 && byKey(w.members[i - 1]!, member) > 0) i--;
      w.members.splice(i, 0, member);
      where.set(claim.id, id);
      moved.add(claim.id);
      w.quick = null;
    },
    remove(claimId: string): void {
      const at = where.get(claimId);
      if (at) removeFrom(at, claimId);
      where.delete(claimId);
      moved.add(claimId);
    },
    /** Whether this run holds the incident (loaded or created). */
    holds(id: string): boolean {
      return work.has(id);
    },
    /** Where a claim sits in the workspace, if it is in hand. */
    incidentOf(claimId: string): string | null {
      return where.get(claimId) ?? null;
    },
    /** The link of a claim in hand, as it stands in this run. */
    linkOf(claimId: string): ClaimLink | null {
      const at = where.get(claimId);
      return at ? (work.get(at)?.members.find((m) => m.claim.id === claimId)?.link ?? null) : null;
    },
    /** Ids of the incidents in hand. */
    ids(): string[] {
      return [...work.keys()];
    },
    /** A free incident id for a claim: the preferred one, else one from the claim's own id. */
    async freshId(claimId: string, preferred: string | null): Promise<string> {
      for (let attempt = preferred ? -1 : 0; attempt < 50; attempt++) {
        const id = attempt < 0 ? preferred! : incidentIdFor(claimId, attempt);
        const inHand = work.get(id);
        if (inHand) {
          if (!inHand.members.length) return id;
          continue;
        }
        const live = await ports.incidents.existing([id]);
        if (!live.has(id)) {
          work.set(id, { id, prior: null, members: [], quick: null });
          return id;
        }
        // A live incident with this id that this run did not load: load it to see whether it is empty.
        await load([id]);
        if (!work.get(id)!.members.length) return id;
      }
      throw new Error(`no free incident id for claim ${claimId}`);
    },
    /** Assesses every incident in hand with the statements near it, records and ledgers the result. */
    async settle(): Promise<Settled> {
      const changed: Incident[] = [];
      const live: Incident[] = [];
      const retired: string[] = [];
      const known = await sourceMap();
      for (const w of work.values()) {
        if (!w.members.length) {
          if (w.prior) {
            await ports.incidents.retire(w.id);
            await ports.ledger.append({
              kind: 'incident.retired',
              subject: w.id,
              actor,
              at: now,
              record: { id: w.id, retired: true, lastVersion: w.prior.version },
            });
            retired.push(w.id);
          }
          continue;
        }
        const evidenceHeld = w.prior && ports.evidence ? (await ports.evidence.forIncident(w.id)).length : 0;
        const overrides = await ports.decisions.overrides(w.id);
        let final = fullAssessment(w, [], evidenceHeld, known, overrides);
        const inc = final.incident;
        if (
          final.profile.mode === 'event' &&
          inc.place &&
          inc.place.lat !== null &&
          inc.place.lon !== null &&
          inc.date
        ) {
          const statements = await ports.contradictions.statementsNear({
            lat: inc.place.lat,
            lon: inc.place.lon,
            reachKm: placeRadius(inc.place.wherePrec) ?? 0,
            firstDay: dayNumber(inc.date.start),
            lastDay: dayNumber(inc.date.end),
          });
          if (statements.length) final = fullAssessment(w, statements, evidenceHeld, known, overrides);
        }
        const changedNow = !w.prior || final.incident.version !== w.prior.version;
        if (changedNow) await ports.incidents.save(final.incident, final.profile);
        await ports.contradictions.replaceFor(w.id, final.contradictions);
        if (changedNow) changed.push(final.incident);
        live.push(final.incident);
      }
      return { changed, retired, live };
    },
  };
}

export type Workspace = ReturnType<typeof workspace>;
