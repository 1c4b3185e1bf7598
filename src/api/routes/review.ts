import { z } from 'zod';
import {
  Casualties,
  DateRange,
  EVENT_TYPE_NAMES,
  type EventType,
  GRADES,
  Incident,
  Place,
} from '../../domain/index.ts';
import { redactFor } from '../../domain/redaction.ts';
import { ConflictError, NotFoundError, UsageError } from '../../errors.ts';
import {
  detachClaim,
  mergeIncidents,
  setIncidentField,
  splitIncident,
} from '../../pipeline/resolve/review.ts';
import type { Store } from '../../ports/store.ts';
import { type AnyRoute, defineRoute } from '../define-route.ts';
import { actorOf } from '../principal.ts';
import { ErrorReply, errorResponses, Id, IdParams, ReviewBase } from '../schemas.ts';
import type { ApiContext } from '../server.ts';

/** The fields an analyst may set (or confirm by setting them to what they are), with their schemas. */
const FIELD_VALUES = {
  type: z.enum(EVENT_TYPE_NAMES as [EventType, ...EventType[]]),
  subType: z.string().min(1).max(200).nullable(),
  place: Place.nullable(),
  destination: Place.nullable(),
  date: DateRange.nullable(),
  casualties: Casualties,
  grade: z.enum(GRADES),
  published: z.boolean(),
} as const;
type Field = keyof typeof FIELD_VALUES;

const SetField = ReviewBase.extend({
  field: z.enum(Object.keys(FIELD_VALUES) as [Field, ...Field[]]),
  value: z.unknown(),
});

const Result = z.object({ incidents: z.array(Incident) });
const conflict = {
  404: { description: 'no such incident or claim', schema: ErrorReply },
  409: { description: 'the incident changed since you loaded it: reload and edit again', schema: ErrorReply },
};

/** Refuses an edit made on a stale version, naming both versions. */
async function checkVersion(store: Store, id: string, expected: number | undefined) {
  const incident = await store.incidents.get(id);
  if (!incident) throw new NotFoundError(`no incident with id ${id}`);
  if (expected !== undefined && incident.version !== expected) {
    throw new ConflictError(
      `incident ${id} was changed by someone else (it is at version ${incident.version}; you edited version ${expected}): reload it and make your edit again`,
    );
  }
  return incident;
}

/** Whatever a review operation returns, as the incidents it touched (redacted). */
function touched(result: unknown): Incident[] {
  const r = result as { incidents?: Incident[]; incident?: Incident } | Incident | Incident[] | undefined;
  if (Array.isArray(r)) return r;
  if (r && 'incidents' in r && Array.isArray(r.incidents)) return r.incidents;
  if (r && 'incident' in r && r.incident) return [r.incident];
  if (r && 'id' in r && 'claimIds' in r) return [r as Incident];
  return [];
}

export function reviewRoutes(ctx: ApiContext): AnyRoute[] {
  const { store } = ctx.app;
  const done = (result: unknown, role: Parameters<typeof redactFor>[0]) => {
    ctx.changed();
    return { incidents: touched(result).map((i) => redactFor(role, 'incident', i)) };
  };
  return [
    defineRoute({
      method: 'POST',
      url: '/api/incidents/:id/merge',
      tag: 'review',
      summary: 'Merge other incidents into this one',
      action: 'review',
      params: IdParams,
      body: ReviewBase.omit({ expectedVersion: true }).extend({
        others: z.array(Id).min(1).max(50),
        expectedVersions: z.record(Id, z.number().int().positive()).optional(),
      }),
      responses: {
        200: { description: 'the incidents after the merge', schema: Result },
        ...errorResponses,
        ...conflict,
      },
      async handler({ params, body, principal }) {
        const ids = [params.id, ...body.others.filter((o) => o !== params.id)];
        for (const id of ids) await checkVersion(store, id, body.expectedVersions?.[id]);
        const result = await mergeIncidents(store, {
          ids,
          actor: actorOf(principal),
          reason: body.reason,
          expectedVersions: body.expectedVersions,
        });
        return done(result, principal.role);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/incidents/:id/split',
      tag: 'review',
      summary: 'Split an incident into groups of its claims',
      action: 'review',
      params: IdParams,
      body: ReviewBase.extend({ claimGroups: z.array(z.array(Id).min(1)).min(2).max(50) }),
      responses: {
        200: { description: 'the incidents after the split', schema: Result },
        ...errorResponses,
        ...conflict,
      },
      async handler({ params, body, principal }) {
        await checkVersion(store, params.id, body.expectedVersion);
        const result = await splitIncident(store, {
          id: params.id,
          claimGroups: body.claimGroups,
          actor: actorOf(principal),
          reason: body.reason,
          expectedVersion: body.expectedVersion,
        });
        return done(result, principal.role);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/incidents/:id/detach',
      tag: 'review',
      summary: 'Detach one claim from an incident (it becomes an incident of its own)',
      action: 'review',
      params: IdParams,
      body: ReviewBase.extend({ claimId: Id }),
      responses: {
        200: { description: 'the incidents after detaching', schema: Result },
        ...errorResponses,
        ...conflict,
      },
      async handler({ params, body, principal }) {
        await checkVersion(store, params.id, body.expectedVersion);
        const result = await detachClaim(store, {
          incidentId: params.id,
          claimId: body.claimId,
          actor: actorOf(principal),
          reason: body.reason,
          expectedVersion: body.expectedVersion,
        });
        return done(result, principal.role);
      },
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/incidents/:id',
      tag: 'review',
      summary: 'Set (or confirm) a field: type, sub-type, place, date, casualties, grade, published',
      description: "Setting a field to its current value records the analyst's confirmation.",
      action: 'review',
      params: IdParams,
      body: SetField,
      responses: {
        200: { description: 'the incident after the edit', schema: Result },
        ...errorResponses,
        ...conflict,
      },
      async handler({ params, body, principal }) {
        const value = FIELD_VALUES[body.field].safeParse(body.value);
        if (!value.success) {
          throw new UsageError(`invalid value for ${body.field}: ${value.error.issues[0]!.message}`);
        }
        await checkVersion(store, params.id, body.expectedVersion);
        const result = await setIncidentField(store, {
          id: params.id,
          field: body.field,
          value: value.data,
          actor: actorOf(principal),
          reason: body.reason,
          expectedVersion: body.expectedVersion,
        });
        return done(result, principal.role);
      },
    }),
  ];
}
