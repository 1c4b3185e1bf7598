import { z } from 'zod';
import { Claim, Report, Source } from '../../domain/index.ts';
import { redactFor, seesSensitive } from '../../domain/redaction.ts';
import { NotFoundError } from '../../errors.ts';
import { datasetRecordsOfReport } from '../../interop/dataset-records.ts';
import { type AnyRoute, defineRoute } from '../define-route.ts';
import { errorResponses, Id, IdParams, intParam } from '../schemas.ts';
import type { ApiContext } from '../server.ts';

const ReportList = z.object({
  status: z.enum(['parsed', 'unparsed']).optional(),
  q: z.string().trim().min(1).max(200).optional().describe('full-text search'),
  limit: intParam(1, 500, 50),
  offset: intParam(0, 10_000_000, 0),
});

const notFound = { 404: { description: 'no such record', schema: errorResponses[400].schema } };

export function recordRoutes(ctx: ApiContext): AnyRoute[] {
  const { store } = ctx.app;
  return [
    defineRoute({
      method: 'GET',
      url: '/api/reports',
      tag: 'records',
      summary: 'Reports, newest ingested last; full-text search with q',
      action: 'read',
      query: ReportList,
      responses: {
        200: {
          description: 'a page of reports',
          schema: z.object({ items: z.array(Report), total: z.number() }),
        },
        ...errorResponses,
      },
      async handler({ query, principal }) {
        const filter = { status: query.status, text: query.q };
        if (query.q && !seesSensitive(principal.role)) {
          // A search must not confirm a witness's name: sensitive reports are out of it.
          const all = (await store.reports.list({ ...filter, limit: 10_000 })).filter((r) => !r.sensitivity);
          const page = all.slice(query.offset, query.offset + query.limit);
          return { items: page.map((r) => redactFor(principal.role, 'report', r)), total: all.length };
        }
        const [items, total] = await Promise.all([
          store.reports.list({ ...filter, limit: query.limit, offset: query.offset }),
          store.reports.count(filter),
        ]);
        return { items: items.map((r) => redactFor(principal.role, 'report', r)), total };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/reports/:id',
      tag: 'records',
      summary: 'One report with its full text and its claims',
      action: 'read',
      params: IdParams,
      responses: {
        200: { description: 'the report', schema: z.object({ report: Report, claims: z.array(Claim) }) },
        ...errorResponses,
        ...notFound,
      },
      async handler({ params, principal }) {
        const stored = await store.reports.get(params.id);
        // A dataset row's report and claim are derived from the kept row, not stored.
        const derived = stored ? null : await datasetRecordsOfReport(store, params.id);
        const report = stored ?? derived?.report;
        if (!report) throw new NotFoundError(`no report with id ${params.id}`);
        const claims = derived ? [derived.claim] : await store.claims.forReport(report.id);
        return {
          report: redactFor(principal.role, 'report', report),
          claims: claims.map((c) => redactFor(principal.role, 'claim', c)),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/claims',
      tag: 'records',
      summary: 'The claims of one report',
      action: 'read',
      query: z.object({ reportId: Id }),
      responses: {
        200: { description: 'claims', schema: z.object({ items: z.array(Claim) }) },
        ...errorResponses,
      },
      async handler({ query, principal }) {
        const claims = await store.claims.forReport(query.reportId);
        return { items: claims.map((c) => redactFor(principal.role, 'claim', c)) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/claims/:id',
      tag: 'records',
      summary: 'One claim',
      action: 'read',
      params: IdParams,
      responses: { 200: { description: 'the claim', schema: Claim }, ...errorResponses, ...notFound },
      async handler({ params, principal }) {
        const [claim] = await store.claims.get([params.id]);
        if (!claim) throw new NotFoundError(`no claim with id ${params.id}`);
        return redactFor(principal.role, 'claim', claim);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/sources',
      tag: 'records',
      summary: 'Sources with their kind and origin group',
      action: 'read',
      responses: {
        200: { description: 'sources', schema: z.object({ items: z.array(Source) }) },
        ...errorResponses,
      },
      async handler({ principal }) {
        const sources = await store.sources.list();
        if (seesSensitive(principal.role)) return { items: sources };
        // Resolution may name a source after a witness it quotes: such sources stay unlisted.
        const kept = [];
        for (const s of sources) if (!(await ctx.sensitive.touches(s.name))) kept.push(s);
        return { items: kept };
      },
    }),
  ];
}
