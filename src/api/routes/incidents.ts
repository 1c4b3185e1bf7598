import { z } from 'zod';
import { GRADES, Incident } from '../../domain/index.ts';
import { redactFor, seesSensitive } from '../../domain/redaction.ts';
import type { IncidentQuery } from '../../ports/incident-search.ts';
import { type AnyRoute, defineRoute } from '../define-route.ts';
import { IncidentDetail, incidentDetail } from '../incident-view.ts';
import type { MapQuery } from '../map-index.ts';
import type { Principal } from '../principal.ts';
import {
  ErrorReply,
  errorResponses,
  IdParams,
  type IncidentFilterInput,
  IncidentFilters,
  IncidentListQuery,
  toIncidentQuery,
} from '../schemas.ts';
import type { ApiContext } from '../server.ts';

const DayCountSchema = z.object({
  day: z.string(),
  grade: z.enum(GRADES),
  incidents: z.number(),
  killedMin: z.number(),
});

/** The filters only the store can answer (joins through claims and reports). */
const needsStore = (f: IncidentFilterInput) => Boolean(f.source || f.origin || f.q);

function mapQuery(f: IncidentFilterInput, principal: Principal): MapQuery {
  return {
    bbox: f.bbox,
    from: f.from,
    to: f.to,
    type: f.type,
    grade: f.grade,
    publishedOnly: principal.role === 'public',
    withHiding: seesSensitive(principal.role),
  };
}

export function incidentRoutes(ctx: ApiContext): AnyRoute[] {
  const { store } = ctx.app;
  const query = (f: IncidentFilterInput, principal: Principal): IncidentQuery => ({
    ...toIncidentQuery(f),
    publishedOnly: principal.role === 'public',
    searchSensitive: seesSensitive(principal.role),
  });
  return [
    defineRoute({
      method: 'GET',
      url: '/api/incidents',
      tag: 'incidents',
      summary: 'Incidents matching the filters (bounding box, dates, type, grade, source, origin, text)',
      action: 'read',
      public: true,
      query: IncidentListQuery,
      responses: {
        200: {
          description: 'a page of incidents',
          schema: z.object({ items: z.array(Incident), total: z.number() }),
        },
        ...errorResponses,
      },
      async handler({ query: raw, principal }) {
        const q = await ctx.sensitive.guard(raw, seesSensitive(principal.role));
        const found = await store.search.find({ ...query(q, principal), limit: q.limit, offset: q.offset });
        return {
          items: found.incidents.map((i) => redactFor(principal.role, 'incident', i)),
          total: found.total,
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/map',
      tag: 'incidents',
      summary: 'Incidents as GeoJSON points for the map (same filters as /api/incidents)',
      description:
        'Places flagged as where people hide are left out for roles that may not see them. ' +
        'At most 50,000 features; `total` and `truncated` say when there were more.',
      action: 'read',
      public: true,
      query: IncidentFilters,
      responses: {
        200: { description: 'a GeoJSON FeatureCollection', contentType: 'application/geo+json' },
        ...errorResponses,
      },
      async handler({ query: raw, principal, reply }) {
        const q = await ctx.sensitive.guard(raw, seesSensitive(principal.role));
        reply.type('application/geo+json; charset=utf-8');
        if (!needsStore(q)) return reply.send(await ctx.index.geojson(mapQuery(q, principal)));
        const points = await store.search.points(query(q, principal));
        const visible = points.filter((p) => seesSensitive(principal.role) || !p.hiding);
        return reply.send({
          type: 'FeatureCollection',
          total: visible.length,
          truncated: false,
          features: visible.map((p) => ({
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
            properties: {
              id: p.id,
              type: p.type,
              grade: p.grade,
              date: p.date,
              kmin: p.killedMin,
              kmax: p.killedMax,
            },
          })),
        });
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/timeline',
      tag: 'incidents',
      summary: 'Incidents and killed (lower bound) per day, by grade, for the same filters',
      action: 'read',
      public: true,
      query: IncidentFilters,
      responses: {
        200: { description: 'per-day counts', schema: z.object({ days: z.array(DayCountSchema) }) },
        ...errorResponses,
      },
      async handler({ query: raw, principal }) {
        const q = await ctx.sensitive.guard(raw, seesSensitive(principal.role));
        if (!needsStore(q))
          return { days: await ctx.index.days({ ...mapQuery(q, principal), withHiding: true }) };
        return { days: await store.search.days(query(q, principal)) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/incidents/:id',
      tag: 'incidents',
      summary: 'One incident with its claims, sources, contradictions, casualty sources and evidence',
      action: 'read',
      public: true,
      params: IdParams,
      responses: {
        200: { description: 'the incident page', schema: IncidentDetail },
        ...errorResponses,
        404: { description: 'no such incident (or not published)', schema: ErrorReply },
      },
      async handler({ params, principal }) {
        return incidentDetail(store, params.id, principal.role);
      },
    }),
  ];
}
