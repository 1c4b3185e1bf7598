import { claimOrderKey, type Decision, type StoredClaim } from '../../ports/resolution.ts';
import { orderKeyOf, rootOf } from './derivation.ts';
import type { ReportMeta } from './origins.ts';
import { alignWithOriginal } from './place-claim.ts';
import type { ResolutionPorts } from './workspace.ts';

/** What placing a report's claims needs: where it comes from and which report it copies. */
export interface ReportContext {
  meta: ReportMeta;
  root: ReportMeta;
  /** The report this one's text derives from. */
  matched: string | null;
  /** The report's claims, by ordinal. */
  claims: StoredClaim[];
}

export type Alignment = Map<string, { claimId: string; similarity: number }>;

/**
 * One lookup per report, read many times in a run: asked once, and its value kept once it has
 * come back — placing a claim reads several of them, and awaiting a promise already settled
 * still costs a turn of the queue each time. `now` gives a value without awaiting, when there.
 */
function memo<T>(ask: (id: string) => Promise<T>) {
  const asked = new Map<string, Promise<T>>();
  const known = new Map<string, T>();
  return {
    get(id: string): Promise<T> {
      let found = asked.get(id);
      if (!found) {
        found = ask(id);
        asked.set(id, found);
        // (A failure is the caller's to see, through the promise it awaits.)
        found.then(
          (v) => known.set(id, v),
          () => {},
        );
      }
      return found;
    },
    now(id: string): T | undefined {
      return known.get(id);
    },
    set(id: string, value: T): void {
      asked.set(id, Promise.resolve(value));
      known.set(id, value);
    },
  };
}

/** A run's reads about reports: their context, analysts' decisions, copies, and alignment. */
export function reportLookups(ports: ResolutionPorts) {
  // Contexts by report id, for the lookups that start from one.
  const contextById = new Map<string, ReportContext>();
  const known = (ctx: ReportContext) => contextById.set(ctx.meta.id, ctx);
  const contexts = memo<ReportContext | null>(async (reportId) => {
    const sig = await ports.nearDuplicates.get(reportId);
    if (!sig) return null;
    const meta: ReportMeta = {
      id: sig.reportId,
      sourceName: sig.sourceName,
      published: sig.published,
      ingestedAt: sig.ingestedAt,
    };
    const claims = [...(await ports.claims.forReport(reportId))].sort((a, b) => a.ordinal - b.ordinal);
    const ctx = { meta, root: await rootOf(sig, ports), matched: sig.derivedFrom, claims };
    known(ctx);
    return ctx;
  });
  const decisions = memo<Decision[]>((reportId) => {
    const claims = contextById.get(reportId)?.claims ?? [];
    return claims.length ? ports.decisions.forClaims(claims.map((c) => c.id)) : Promise.resolve([]);
  });
  const aligned = memo<Alignment>((reportId) => {
    const ctx = contextById.get(reportId)!;
    return ctx.matched
      ? ports.claims.forReport(ctx.matched).then((originals) =>
          alignWithOriginal(
            ctx.claims,
            [...originals].sort((a, b) => a.ordinal - b.ordinal),
          ),
        )
      : Promise.resolve(new Map());
  });
  const copies = memo<string[]>((reportId) =>
    ports.nearDuplicates.derivedFrom(reportId).then((list) => list.map((s) => s.reportId)),
  );
  // A report's key is the same for each of its claims (and guessing a wire service from the
  // source's name runs several patterns): worked out once per report.
  const reportKeys = new WeakMap<ReportContext, string>();

  return {
    /** Sets the context of a report whose claims are given (the report being resolved). */
    setContext(reportId: string, ctx: ReportContext): void {
      contexts.set(reportId, ctx);
      known(ctx);
    },
    context(reportId: string): Promise<ReportContext | null> {
      return contexts.get(reportId);
    },
    contextNow(reportId: string): ReportContext | null | undefined {
      return contexts.now(reportId);
    },
    /** Analysts' decisions naming any of the report's claims. */
    decisions(ctx: ReportContext): Promise<Decision[]> {
      known(ctx);
      return decisions.get(ctx.meta.id);
    },
    decisionsNow(ctx: ReportContext): Decision[] | undefined {
      return decisions.now(ctx.meta.id);
    },
    /** A copy's claims lined up with its original's (empty for a report that copies none). */
    aligned(ctx: ReportContext): Promise<Alignment> {
      known(ctx);
      return aligned.get(ctx.meta.id);
    },
    alignedNow(ctx: ReportContext): Alignment | undefined {
      return aligned.now(ctx.meta.id);
    },
    /** Reports whose text derives from this one. */
    copies(reportId: string): Promise<string[]> {
      return copies.get(reportId);
    },
    copiesNow(reportId: string): string[] | undefined {
      return copies.now(reportId);
    },
    keyIn(ctx: ReportContext, claim: StoredClaim): string {
      let reportKey = reportKeys.get(ctx);
      if (reportKey === undefined) {
        reportKey = orderKeyOf({
          published: ctx.meta.published,
          reportId: ctx.meta.id,
          sourceName: ctx.meta.sourceName,
        });
        reportKeys.set(ctx, reportKey);
      }
      return claimOrderKey(reportKey, claim.ordinal);
    },
  };
}
