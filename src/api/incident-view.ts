import { z } from 'zod';
import {
  CASUALTY_KINDS,
  CasualtyRange,
  Claim,
  CustodyEvent,
  EvidenceItem,
  Incident,
  PendingEvidence,
  Source,
} from '../domain/index.ts';
import { type Role, redactFor, seesSensitive } from '../domain/redaction.ts';
import { NotFoundError } from '../errors.ts';
import { datasetRecordsOfIncident } from '../interop/dataset-records.ts';
import type { Contradiction } from '../ports/resolution.ts';
import type { Store } from '../ports/store.ts';

const ReportView = z.object({
  id: z.string(),
  title: z.string().nullable(),
  url: z.string().nullable(),
  sourceName: z.string().nullable(),
  published: z.string().nullable(),
  /** The full text (null for the public), to highlight each claim's sentence in. */
  text: z.string().nullable(),
});

const ClaimOriginView = z.object({ claimId: z.string(), label: z.string(), group: z.string().nullable() });

/** Everything the incident page shows, redacted for the caller's role. */
export const IncidentDetail = z.object({
  incident: Incident,
  claims: z.array(Claim),
  reports: z.array(ReportView),
  sources: z.array(Source),
  origins: z.array(ClaimOriginView),
  contradictions: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      summary: z.string(),
      incidentId: z.string(),
      otherIncidentId: z.string().nullable(),
      sideA: z.array(Claim),
      sideB: z.array(Claim),
    }),
  ),
  casualtySources: z.array(
    z.object({
      kind: z.enum(CASUALTY_KINDS),
      claimId: z.string(),
      source: z.string().nullable(),
      range: CasualtyRange,
    }),
  ),
  evidence: z.array(z.object({ item: EvidenceItem, custody: z.array(CustodyEvent) })),
  pending: z.array(PendingEvidence),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

/**
 * Gathers an incident's page: its claims, the reports they come from (full text, so the page
 * can highlight each claim's sentence), sources and origins, contradictions with both sides,
 * where each casualty figure came from, evidence with custody, and pending evidence. The
 * public sees the incident only when it is published, and no report texts or evidence.
 */
export async function incidentDetail(store: Store, id: string, role: Role): Promise<IncidentDetail> {
  const incident = await store.incidents.get(id);
  if (!incident || (role === 'public' && !incident.published))
    throw new NotFoundError(`no incident with id ${id}`);
  const staff = role !== 'public';
  // An incident imported from a dataset row stores no claim: its report and claim are derived
  // from the kept row (src/interop/dataset-records.ts).
  const derived = incident.claimIds.length === 0 ? await datasetRecordsOfIncident(store, incident.id) : null;
  const claims = derived ? [derived.claim] : await store.claims.get(incident.claimIds);
  const order = new Map(incident.claimIds.map((c, i) => [c, i]));
  claims.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const reportIds = [...new Set(claims.map((c) => c.reportId))];
  const reports = derived
    ? [derived.report]
    : (await Promise.all(reportIds.map((r) => store.reports.get(r)))).filter((r) => r !== null);
  const allSources = await store.sources.list();
  const sourceNames = new Set(reports.map((r) => r.sourceName).filter((n): n is string => Boolean(n)));
  const sources = allSources.filter((s) => sourceNames.has(s.name));
  const groupOf = new Map(allSources.map((s) => [s.id, s.originGroup]));
  const reportById = new Map(reports.map((r) => [r.id, r]));
  const links = await store.claimLinks.forIncidents([incident.id]);
  const origins = links.length
    ? links.map((l) => ({
        claimId: l.claimId,
        label: l.origin.label,
        group: l.origin.sourceId ? (groupOf.get(l.origin.sourceId) ?? null) : null,
      }))
    : claims.map((c) => {
        const name = c.attribution.source ?? reportById.get(c.reportId)?.sourceName ?? 'unnamed source';
        const source = allSources.find((s) => s.name === reportById.get(c.reportId)?.sourceName);
        return { claimId: c.id, label: name, group: source?.originGroup ?? null };
      });

  const claimById = new Map(claims.map((c) => [c.id, c]));
  const contradictions: Contradiction[] = await store.contradictions.forIncident(incident.id);
  const sideClaims = async (ids: string[]) => {
    const missing = ids.filter((i) => !claimById.has(i));
    const fetched = missing.length ? await store.claims.get(missing) : [];
    return [...ids.map((i) => claimById.get(i)).filter((c) => c !== undefined), ...fetched];
  };

  const casualtySources = claims.flatMap((c) =>
    CASUALTY_KINDS.flatMap((kind) => {
      const range = c.casualties[kind];
      if (!range) return [];
      return [
        {
          kind,
          claimId: c.id,
          source: c.attribution.source ?? reportById.get(c.reportId)?.sourceName ?? null,
          range,
        },
      ];
    }),
  );

  const evidence = staff ? await store.evidence.forIncident(incident.id) : [];
  const withCustody = await Promise.all(
    evidence.map(async (item) => ({ item, custody: await store.custody.chain(item.id) })),
  );
  const pending = staff ? await store.pendingEvidence.forIncident(incident.id) : [];

  const redactClaim = (c: Claim) => redactFor(role, 'claim', c);
  return {
    incident: redactFor(role, 'incident', incident),
    claims: claims.map(redactClaim),
    reports: reports.map((r) => {
      const red = redactFor(role, 'report', r);
      return {
        id: red.id,
        title: red.title,
        url: red.url,
        sourceName: red.sourceName,
        published: red.published,
        text: staff ? red.text : null,
      };
    }),
    sources,
    origins: origins
      .map((o) => {
        // An origin label can name a witness when it comes from an intake claim.
        const claim = claimById.get(o.claimId);
        return claim && !seesSensitive(role)
          ? redactFor(role, 'claim', { ...o, sensitivity: claim.sensitivity })
          : o;
      })
      .map(({ claimId, label, group }) => ({ claimId, label, group })),
    contradictions: await Promise.all(
      contradictions.map(async (c) => ({
        id: c.id,
        kind: c.kind,
        summary: c.summary,
        incidentId: c.incidentId,
        otherIncidentId: c.otherIncidentId,
        sideA: (await sideClaims(c.sideA)).map(redactClaim),
        sideB: (await sideClaims(c.sideB)).map(redactClaim),
      })),
    ),
    casualtySources: casualtySources.map((s) => {
      const claim = claimById.get(s.claimId)!;
      const red = redactFor(role, 'claim', { ...s, sensitivity: claim.sensitivity });
      return { kind: red.kind, claimId: red.claimId, source: red.source, range: red.range };
    }),
    evidence: withCustody.map(({ item, custody }) => ({
      item: redactFor(role, 'evidence', item),
      custody: custody.map((e) => redactCustody(role, item, e)),
    })),
    pending: pending.map((p) => redactFor(role, 'evidence', p)),
  };
}

/** A custody event carries the item's sensitivity (the collector of a witness's media). */
function redactCustody(role: Role, item: EvidenceItem, event: CustodyEvent): CustodyEvent {
  if (seesSensitive(role)) return event;
  const red = redactFor(role, 'evidence', {
    ...event,
    sensitivity: item.sensitivity,
    metadata: event.detail ?? {},
  });
  const { sensitivity: _s, metadata, ...rest } = red;
  return { ...rest, detail: event.detail ? (metadata as Record<string, unknown>) : null };
}
