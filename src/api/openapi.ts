import { z } from 'zod';
import type { AnyRoute } from './define-route.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './principal.ts';

type Json = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete out.$schema;
  return out;
}

/** Path and query parameters from an object schema, one parameter per property. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const s = jsonSchema(schema, 'input');
  const props = (s.properties ?? {}) as Record<string, Json>;
  const required = new Set((s.required ?? []) as string[]);
  return Object.entries(props).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests, so the
 * documentation cannot drift from what the server accepts.
 */
export function openApiDocument(routes: AnyRoute[], version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const op: Json = {
      operationId: `${route.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c) => (c ?? '').toUpperCase())}`,
      tags: [route.tag],
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      'x-vigil-action': route.action ?? 'none',
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      responses: Object.fromEntries(
        Object.entries(route.responses).map(([status, r]) => [
          status,
          {
            description: r.description,
            ...(r.schema
              ? {
                  content: {
                    [r.contentType ?? 'application/json']: { schema: jsonSchema(r.schema, 'output') },
                  },
                }
              : {}),
            ...(!r.schema && r.contentType ? { content: { [r.contentType]: {} } } : {}),
          },
        ]),
      ),
    };
    if (route.action !== null) op.security = [{ session: [], csrf: [] }, { token: [] }, {}];
    if (route.multipart) {
      const fields = route.body ? jsonSchema(route.body, 'input') : { type: 'object', properties: {} };
      const props = { ...((fields.properties ?? {}) as Json) };
      for (const f of route.multipart.files) {
        props[f] = { type: 'array', items: { type: 'string', contentMediaType: 'application/octet-stream' } };
      }
      op.requestBody = {
        required: true,
        description: route.multipart.description,
        content: { 'multipart/form-data': { schema: { ...fields, properties: props } } },
      };
    } else if (route.body) {
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
      };
    }
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigil API',
      version,
      description:
        'Reports, claims and incidents of violence against civilians, with review, evidence and intake. ' +
        "Every reply is redacted for the caller's role; see docs/api.md.",
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        csrf: { type: 'apiKey', in: 'header', name: CSRF_HEADER },
        token: { type: 'http', scheme: 'bearer', description: 'an API token from `vigil users token`' },
      },
    },
    paths,
  };
}
