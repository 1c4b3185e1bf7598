import {
  type ClaimLink,
  type ClaimReach,
  type IncidentProfile,
  PLACE_RADIUS_KM,
  type StoredClaim,
} from '../../ports/resolution.ts';
import type { Member } from './assess.ts';
import {
  blockOf,
  type ClaimView,
  harmKind,
  haversineKm,
  reachOf,
  reachOfBlock,
  viewOf,
} from './claim-view.ts';
import { constraintsFor } from './decision-rules.ts';
import { incidentIdFor } from './ids.ts';
import { KeyHeap } from './key-heap.ts';
import { originOf } from './origins.ts';
import { placeClaim } from './place-claim.ts';
import { placementMayChange } from './placement-change.ts';
import { type ReportContext, reportLookups } from './report-lookups.ts';
import { membersBefore, type ResolutionPorts, type Workspace } from './workspace.ts';

interface Pending {
  key: string;
  claim: StoredClaim;
  reportId: string;
}

/** The widest radius a claim can have: a change can concern claims this far beyond its own. */
const WIDEST_RADIUS_KM = Math.max(...Object.values(PLACE_RADIUS_KM));

/**
 * Greedy placement in the canonical order, kept true as claims arrive in any order
 * (docs/resolution.md, "Order"). Claims to place wait in a queue ordered by key; before a claim
 * is placed, claims later in the order that sit in its candidate incidents are taken out and
 * queued; after any claim moves (placed, or taken out), the later claims whose placement could
 * depend on the incident it left or joined — near its members, the later claims of its report,
 * copies of its report, and claims an analyst tied to it — are taken out and queued too. When
 * claims arrive in order nothing later exists, and the work is that of plain greedy placement.
 */
export function canonicalRun(ports: ResolutionPorts, ws: Workspace) {
  const lookups = reportLookups(ports);
  const { context, keyIn } = lookups;
  const pending = new Map<string, Pending>();
  const heap = new KeyHeap<Pending>();
  const placed = new Map<string, ClaimLink>();
  const views = new Map<string, ClaimView>();
  /** Statement incidents a denial or announcement left: the events they contradicted are re-assessed. */
  const leftStatements = new Set<string>();
  let seq = -1;

  /** Where a claim sits now, with its key; null while it waits in the queue. */
  async function whereIs(claimId: string): Promise<{ incidentId: string; key: string | undefined } | null> {
    if (pending.has(claimId)) return null;
    const inHand = ws.incidentOf(claimId);
    if (inHand) return { incidentId: inHand, key: ws.linkOf(claimId)?.key };
    const [link] = await ports.claimLinks.forClaims([claimId]);
    return link ? { incidentId: link.incidentId, key: link.key } : null;
  }

  /** Takes a claim out of its incident and queues it to be placed again. */
  async function detach(claimId: string, ctx: ReportContext | null = null, unlinked = false): Promise<void> {
    if (pending.has(claimId) || placed.has(claimId)) return;
    let incidentId = ws.incidentOf(claimId);
    // (`unlinked`: the caller knows the record links the claim nowhere, so it is not asked.)
    if (!incidentId && !unlinked) {
      const [link] = await ports.claimLinks.forClaims([claimId]);
      if (link) {
        await ws.load([link.incidentId]);
        incidentId = ws.incidentOf(claimId);
      }
    }
    const member = incidentId
      ? (await ws.members(incidentId)).find((m) => m.claim.id === claimId)
      : undefined;
    const reportId = member?.claim.reportId ?? member?.link.reportId ?? ctx?.meta.id;
    const own = ctx ?? (reportId ? await context(reportId) : null);
    const claim = own?.claims.find((c) => c.id === claimId) ?? member?.claim;
    // A claim whose report cannot be read back is left where it is.
    if (!own || !claim) return;
    ws.remove(claimId);
    const key = keyIn(own, claim);
    pending.set(claimId, { key, claim, reportId: own.meta.id });
    heap.push({ key, claim, reportId: own.meta.id });
    if (incidentId) {
      if (claim.attribution.stance === 'denied' || claim.type === 'Official statement')
        leftStatements.add(incidentId);
      await propagate(key, incidentId, own, claim, member ?? null);
    }
  }

  const mayChange = (later: Member, incidentId: string, changed: Member, joined: boolean) =>
    placementMayChange({
      later,
      view: views.get(later.claim.id) ?? viewOf(later.claim),
      incidentId,
      changed,
      joined,
      ws,
    });

  /**
   * After a claim moved in or out of an incident, the later claims whose placement may depend on
   * it: those the incident may have been a candidate for, its own later members, the later claims
   * of the claim's report that may repeat it, copies of its claim, and claims an analyst tied to it.
   * Claims near the incident, and its later members, move only when their placement could change
   * (`mayChange`), except when the claim that left was the incident's first: its id came from
   * that claim, so everything in it is placed again.
   */
  async function propagate(
    key: string,
    incidentId: string,
    ctx: ReportContext,
    claim: StoredClaim,
    left: Member | null = null,
  ): Promise<void> {
    // (The workspace replaces an incident's member list when it changes, never edits it: this
    // one stays as it is while claims are detached below.)
    const members = ws.held(incidentId) ?? (await ws.members(incidentId));
    let changed = left ?? undefined;
    let founderLeft = left !== null;
    for (const m of members) {
      if (!left && m.claim.id === claim.id) changed = m;
      if (m.link.key !== undefined && m.link.key < key) founderLeft = false;
    }
    // Later claims that had (or now have) the incident among their candidates: the incident
    // as it stood when each was placed had its place from one of its members and days within
    // its members', so a later claim whose reach meets a member's, on days a member covers, may
    // depend on it.
    const reaches: ClaimReach[] = [];
    for (const m of members) pushReach(reaches, m);
    if (left) pushReach(reaches, left);
    if (reaches.length && changed) {
      let south = 90;
      let north = -90;
      let west = 180;
      let east = -180;
      let first = Number.POSITIVE_INFINITY;
      let last = Number.NEGATIVE_INFINITY;
      let widest = 0;
      const families: ClaimReach['family'][] = [];
      for (const r of reaches) {
        south = Math.min(south, r.lat);
        north = Math.max(north, r.lat);
        west = Math.min(west, r.lon);
        east = Math.max(east, r.lon);
        first = Math.min(first, r.firstDay);
        last = Math.max(last, r.lastDay);
        widest = Math.max(widest, r.radiusKm);
        if (!families.includes(r.family)) families.push(r.family);
      }
      const pad = widest + WIDEST_RADIUS_KM;
      const cos = Math.max(0.05, Math.cos((Math.max(Math.abs(south), Math.abs(north)) * Math.PI) / 180));
      const later = await ports.claimLinks.later({
        afterKey: key,
        families,
        south: south - pad / 110.574,
        north: north + pad / 110.574,
        west: west - pad / (111.32 * cos),
        east: east + pad / (111.32 * cos),
        firstDay: first,
        lastDay: last,
      });
      const memberIds = later.length ? new Set(members.map((m) => m.claim.id)) : null;
      const near = later.filter((l) => {
        const r = l.reach;
        if (!r || memberIds!.has(l.claimId) || pending.has(l.claimId) || placed.has(l.claimId)) return false;
        return (
          reaches.some(
            (m) =>
              m.family === r.family && haversineKm(m.lat, m.lon, r.lat, r.lon) <= m.radiusKm + r.radiusKm,
          ) && reaches.some((m) => m.firstDay <= r.lastDay && m.lastDay >= r.firstDay)
        );
      });
      if (near.length) {
        const claims = new Map((await ports.claims.get(near.map((l) => l.claimId))).map((c) => [c.id, c]));
        for (const l of near) {
          const c = claims.get(l.claimId);
          // Where the claim sits now (this run may have moved it since the query).
          const now = ws.incidentOf(l.claimId) ? ws.linkOf(l.claimId) : l;
          if (!c || !now || pending.has(l.claimId) || placed.has(l.claimId)) continue;
          if (await mayChange({ claim: c, link: now }, incidentId, changed, left === null))
            await detach(l.claimId);
        }
      }
    }
    for (const m of members) {
      if (m.link.key !== undefined && m.link.key <= key) continue;
      if (founderLeft || !changed || (await mayChange(m, incidentId, changed, left === null)))
        await detach(m.claim.id);
    }
    // Later claims of the same report that may repeat it follow it (rule 2 of placement).
    const kind = harmKind(claim.type, claim.subType);
    for (const c of ctx.claims) {
      if (c.ordinal <= claim.ordinal) continue;
      const mayRepeat =
        c.repeatOf === claim.id ||
        (harmKind(c.type, c.subType) === kind &&
          (c.place?.name ?? null) === (claim.place?.name ?? null) &&
          (c.date?.start ?? null) === (claim.date?.start ?? null));
      if (mayRepeat) await detach(c.id, ctx);
    }
    // Copies of the report follow their original's claims.
    for (const reportId of lookups.copiesNow(ctx.meta.id) ?? (await lookups.copies(ctx.meta.id))) {
      const other = await context(reportId);
      if (!other) continue;
      const lined = lookups.alignedNow(other) ?? (await lookups.aligned(other));
      for (const c of other.claims)
        if (lined.get(c.id)?.claimId === claim.id && keyIn(other, c) > key) await detach(c.id, other);
    }
    // Claims an analyst tied to this one (together or apart) follow it.
    const decisions = lookups.decisionsNow(ctx) ?? (await lookups.decisions(ctx));
    if (decisions.length) {
      const cons = constraintsFor(claim.id, decisions);
      for (const other of [...cons.together, ...cons.apart]) {
        const at = await whereIs(other);
        if (at && (at.key === undefined || at.key > key)) await detach(other);
      }
    }
  }

  /** A member's reach (as recorded on its link, else worked out from the claim), when it has one. */
  function pushReach(reaches: ClaimReach[], m: Member): void {
    const r = m.link.reach !== undefined ? m.link.reach : reachOf(views.get(m.claim.id) ?? viewOf(m.claim));
    if (r) reaches.push(r);
  }

  /** Places the claim first in the order, after taking later claims out of its candidates. */
  async function placeNext(next: Pending): Promise<void> {
    const { claim, key } = next;
    pending.delete(claim.id);
    const ctx = (lookups.contextNow(next.reportId) ?? (await context(next.reportId)))!;
    const view = viewOf(claim);
    views.set(claim.id, view);
    const block = blockOf(view);
    const stored: IncidentProfile[] | null = block ? await ports.incidents.findCandidates(block) : null;
    if (block) {
      // A candidate holding claims later than this one is judged as it stood before it (its
      // earlier members only): it is loaded, and the workspace profiles it that way.
      const later: string[] = [];
      for (const p of stored ?? []) if ((!p.lastKey || p.lastKey > key) && !ws.holds(p.id)) later.push(p.id);
      if (later.length) await ws.load(later);
    }
    const decisions = lookups.decisionsNow(ctx) ?? (await lookups.decisions(ctx));
    const cons = constraintsFor(claim.id, decisions);
    // The ids this claim would give a new incident are free if only later claims hold them: as if
    // they had arrived after it, they wait their turn.
    // (The claim's own id can be held only if it was placed before, and then the run holds it.)
    const ids: string[] = [];
    const own = incidentIdFor(claim.id, 0);
    if (ws.holds(own)) ids.push(own);
    if (cons.preferredId) ids.push(cons.preferredId);
    if (ids.length) await ws.load(ids);
    for (const id of ids) {
      const holders = [...(await ws.members(id))];
      if (holders.length && !membersBefore(holders, key).length)
        for (const m of holders) await detach(m.claim.id);
    }
    const original = (lookups.alignedNow(ctx) ?? (await lookups.aligned(ctx))).get(claim.id) ?? null;
    const placement = await placeClaim({
      view,
      key,
      cons,
      original,
      reportClaims: ctx.claims,
      stored,
      ws,
      async placedBefore(id) {
        const at = await whereIs(id);
        return at && at.key !== undefined && at.key < key ? at.incidentId : null;
      },
    });
    const origin = await originOf(claim, ctx.meta, ctx.root, ports.sources);
    if (seq < 0) seq = await ports.claimLinks.lastSeq();
    const link: ClaimLink = {
      claimId: claim.id,
      reportId: ctx.meta.id,
      incidentId: placement.incidentId,
      origin,
      derivedFromClaim: original?.claimId ?? null,
      reason: placement.reason,
      seq: ++seq,
      key,
      reach: reachOfBlock(block),
    };
    await ws.add(placement.incidentId, claim, link);
    placed.set(claim.id, link);
    await propagate(key, placement.incidentId, ctx, claim);
  }

  return {
    /** Sets the context of a report whose claims are given (the report being resolved). */
    setContext: lookups.setContext,
    context,
    /**
     * Queues every claim of a report to be placed (again). `recorded`, when given, is every link
     * the record holds for the report's claims: the others need not be looked up.
     */
    async enqueueReport(reportId: string, recorded?: ClaimLink[]): Promise<void> {
      const ctx = lookups.contextNow(reportId) ?? (await context(reportId));
      if (!ctx) return;
      const linked = recorded ? new Set(recorded.map((l) => l.claimId)) : null;
      for (const c of ctx.claims) await detach(c.id, ctx, linked !== null && !linked.has(c.id));
    },
    detach,
    /** Places queued claims in the canonical order until none is left. */
    async drain(): Promise<void> {
      for (let next = heap.pop(); next; next = heap.pop()) {
        if (!pending.has(next.claim.id)) continue;
        await placeNext(next);
      }
    },
    /** Links of every claim placed by this run, in the order placed, with their views. */
    placed(): { links: ClaimLink[]; views: ClaimView[] } {
      const links = [...placed.values()];
      return { links, views: links.map((l) => views.get(l.claimId)!) };
    },
    leftStatements(): string[] {
      return [...leftStatements];
    },
  };
}
