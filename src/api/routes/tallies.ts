import { z } from 'zod';
import {
  CASUALTY_KINDS,
  type CasualtyKind,
  GRADE_RANK,
  GRADES,
  type Incident,
  Incident as IncidentSchema,
} from '../../domain/index.ts';
import { redactFor, seesSensitive } from '../../domain/redaction.ts';
import type { IncidentQuery } from '../../ports/incident-search.ts';
import type { Contradiction } from '../../ports/resolution.ts';
import type { Store } from '../../ports/store.ts';
import { type AnyRoute, defineRoute } from '../define-route.ts';
import { DisplacementFlow, displacementFlows } from '../displacement.ts';
import type { Principal } from '../principal.ts';
import {
  errorResponses,
  Id,
  type IncidentFilterInput,
  IncidentFilters,
  toIncidentQuery,
} from '../schemas.ts';
import type { ApiContext } from '../server.ts';

const Sum = z.object({ min: z.number(), max: z.number().nullable() });
const TallyRow = z.object({
  key: z.string(),
  incidents: z.number(),
  killed: Sum,
  injured: Sum,
  abducted: Sum,
  displaced: Sum,
});

const TallyQuery = IncidentFilters.extend({
  by: z
    .enum(['day', 'type', 'grade', 'admin1'])
    .optional()
    .transform((v) => v ?? 'day'),
  minGrade: z.enum(GRADES).optional().describe('leave out incidents graded below this'),
});

/** Pages through every incident matching a query (tallies and flows need them all). */
async function* allIncidents(store: Store, query: IncidentQuery): AsyncIterable<Incident> {
  for (let offset = 0; ; offset += 5000) {
    const { incidents } = await store.search.find({ ...query, limit: 5000, offset });
    yield* incidents;
    if (incidents.length < 5000) return;
  }
}

function keyOf(i: Incident, by: 'day' | 'type' | 'grade' | 'admin1'): string {
  if (by === 'day') return i.date?.start ?? 'undated';
  if (by === 'type') return i.type;
  if (by === 'grade') return i.grade;
  return i.place?.admin1 ?? 'unknown';
}

/**
 * Tallies sum incidents, never claims, so one death told by five outlets counts once. Ranges
 * add up bound by bound; an open upper bound anywhere leaves the sum open.
 */
export function tally(incidents: Iterable<Incident>, by: 'day' | 'type' | 'grade' | 'admin1') {
  const rows = new Map<
    string,
    { key: string; incidents: number } & Record<CasualtyKind, { min: number; max: number | null }>
  >();
  for (const i of incidents) {
    const key = keyOf(i, by);
    let row = rows.get(key);
    if (!row) {
      row = {
        key,
        incidents: 0,
        ...Object.fromEntries(CASUALTY_KINDS.map((k) => [k, { min: 0, max: 0 }])),
      } as never;
      rows.set(key, row!);
    }
    row!.incidents++;
    for (const k of CASUALTY_KINDS) {
      const r = i.casualties[k];
      if (!r) continue;
      row![k].min += r.min;
      row![k].max = row![k].max === null || r.max === null ? null : row![k].max! + r.max;
    }
  }
  return [...rows.values()].sort((a, b) => a.key.localeCompare(b.key));
}

export function tallyRoutes(ctx: ApiContext): AnyRoute[] {
  const { store } = ctx.app;
  const query = (f: IncidentFilterInput, p: Principal): IncidentQuery => ({
    ...toIncidentQuery(f),
    publishedOnly: p.role === 'public',
    searchSensitive: seesSensitive(p.role),
  });
  return [
    defineRoute({
      method: 'GET',
      url: '/api/tallies',
      tag: 'incidents',
      summary: 'Casualty tallies by day, type, grade or region, summing incidents (never claims)',
      action: 'read',
      public: true,
      query: TallyQuery,
      responses: {
        200: { description: 'tallies', schema: z.object({ by: z.string(), rows: z.array(TallyRow) }) },
        ...errorResponses,
      },
      async handler({ query: raw, principal }) {
        const q = await ctx.sensitive.guard(raw, seesSensitive(principal.role));
        const min = q.minGrade ? GRADE_RANK[q.minGrade] : null;
        const picked: Incident[] = [];
        for await (const i of allIncidents(store, query(q, principal))) {
          if (min === null || GRADE_RANK[i.grade] >= min)
            picked.push(redactFor(principal.role, 'incident', i));
        }
        return { by: q.by, rows: tally(picked, q.by) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/conditions',
      tag: 'incidents',
      summary: 'Humanitarian conditions (shortages, outages, services halted) and displacement flows',
      action: 'read',
      public: true,
      query: IncidentFilters,
      responses: {
        200: {
          description: 'conditions and flows',
          schema: z.object({ conditions: z.array(IncidentSchema), displacement: z.array(DisplacementFlow) }),
        },
        ...errorResponses,
      },
      async handler({ query: raw, principal }) {
        const q = await ctx.sensitive.guard(raw, seesSensitive(principal.role));
        const base = query(q, principal);
        const conditions: Incident[] = [];
        for await (const i of allIncidents(store, { ...base, type: 'Humanitarian condition' })) {
          conditions.push(redactFor(principal.role, 'incident', i));
        }
        const displaced: Incident[] = [];
        for await (const i of allIncidents(store, { ...base, type: 'Displacement' })) displaced.push(i);
        const flows = await displacementFlows(store, ctx.app.gazetteer, displaced);
        return {
          conditions,
          displacement: flows
            .filter((f) => seesSensitive(principal.role) || !f.hiding)
            .map(({ hiding: _, ...f }) => f),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/contradictions',
      tag: 'incidents',
      summary: 'Contradictions: of one incident, or of every contested incident',
      action: 'read',
      query: z.object({ incidentId: Id.optional() }),
      responses: {
        200: {
          description: 'contradictions (claim ids on each side)',
          schema: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                kind: z.string(),
                incidentId: z.string(),
                otherIncidentId: z.string().nullable(),
                sideA: z.array(z.string()),
                sideB: z.array(z.string()),
                summary: z.string(),
              }),
            ),
          }),
        },
        ...errorResponses,
      },
      async handler({ query: q, principal }) {
        const ids = q.incidentId
          ? [q.incidentId]
          : (await store.search.find({ grade: 'contested', limit: 500 })).incidents.map((i) => i.id);
        const seen = new Map<string, Contradiction>();
        for (const id of ids) for (const c of await store.contradictions.forIncident(id)) seen.set(c.id, c);
        // A summary can quote a claim; claims' sensitivity is not at hand here, so the
        // summary goes only to roles that see sensitive fields.
        return {
          items: [...seen.values()].map((c) =>
            seesSensitive(principal.role) ? c : { ...c, summary: `${c.kind} contradiction` },
          ),
        };
      },
    }),
  ];
}
