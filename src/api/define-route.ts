import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { z } from 'zod';
import { type Action, can } from '../auth/permissions.ts';
import { sameSecret } from '../auth/tokens.ts';
import { AuthError, UsageError, VigilError } from '../errors.ts';
import { CSRF_HEADER, type Principal } from './principal.ts';

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** A documented response of a route: its schema is the source of its OpenAPI description. */
export interface ResponseSpec {
  description: string;
  schema?: Schema;
  contentType?: string;
}

/**
 * One API route: its validation schemas are also its documentation (src/api/openapi.ts), and
 * `action` says which permission it needs (null: anyone, such as logging in).
 */
export interface RouteSpec<
  P extends Schema | undefined,
  Q extends Schema | undefined,
  B extends Schema | undefined,
> {
  method: Extract<HTTPMethods, 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'>;
  url: string;
  tag: string;
  summary: string;
  description?: string;
  action: Action | null;
  /** Open to anonymous visitors when an admin enables public access (published incidents only). */
  public?: boolean;
  params?: P;
  query?: Q;
  /** A JSON body schema, or the text fields of a multipart body when `multipart` is set. */
  body?: B;
  multipart?: { files: string[]; description: string };
  /** Rate limit for abuse-prone routes (log-in, intake). */
  rateLimit?: 'login' | 'intake';
  /** Session writes need the CSRF header; only log-in (which has no session yet) is exempt. */
  csrf?: boolean;
  responses: Record<number, ResponseSpec>;
  handler(input: {
    params: Out<P>;
    query: Out<Q>;
    body: Out<B>;
    principal: Principal;
    req: FastifyRequest;
    reply: FastifyReply;
  }): Promise<unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds routes of every shape.
export type AnyRoute = RouteSpec<any, any, any>;

/** Types a route spec (an identity function that lets TypeScript infer the schemas). */
export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(spec: RouteSpec<P, Q, B>): RouteSpec<P, Q, B> {
  return spec;
}

export interface RateLimits {
  login: { max: number; timeWindow: number };
  intake: { max: number; timeWindow: number };
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    /** Whether public access was enabled when this request arrived. */
    publicAccess: boolean;
  }
}

/** Registers routes with their permission, CSRF and validation checks in front. */
export function registerRoutes(server: FastifyInstance, routes: AnyRoute[], limits: RateLimits): void {
  for (const route of routes) {
    server.route({
      method: route.method,
      url: route.url,
      config: (route.rateLimit ? { rateLimit: limits[route.rateLimit] } : {}) as never,
      handler: async (req, reply) => {
        authorize(route, req);
        if (route.csrf !== false) checkCsrf(req);
        const params = parse(route.params, req.params, 'path parameter');
        const query = parse(route.query, req.query, 'query parameter');
        let body: unknown;
        if (route.multipart) {
          if (!req.isMultipart()) throw new MediaTypeError('send multipart/form-data to this route');
        } else if (route.body) {
          if (req.isMultipart() || req.body === undefined) {
            throw new MediaTypeError('send a JSON body with Content-Type: application/json');
          }
          body = parse(route.body, req.body, 'body field');
        }
        const result = await route.handler({ params, query, body, principal: req.principal, req, reply });
        if (reply.sent) return reply;
        return result;
      },
    });
  }
}

/** 415: the body is not in the form the route takes. */
export class MediaTypeError extends UsageError {
  readonly status = 415;
}

function authorize(route: AnyRoute, req: FastifyRequest): void {
  if (route.action === null) return;
  const { principal } = req;
  if (principal.role === 'public') {
    if (!route.public || !can('public', route.action)) {
      throw new AuthError('log in first: this route needs an account');
    }
    if (!req.publicAccess) throw new AuthError('log in first: public access is not enabled on this server');
    return;
  }
  if (!can(principal.role, route.action)) {
    throw new AuthError(`your role (${principal.role}) may not ${describe(route.action)}`, 403);
  }
}

function describe(action: Action): string {
  const words: Record<Action, string> = {
    read: 'read the record',
    review: 'review incidents',
    'evidence.add': 'add evidence',
    'evidence.download': 'download evidence files',
    intake: 'submit testimony',
    'intake.read': 'read field submissions',
    export: 'export the record',
    admin: 'administer the server',
  };
  return words[action];
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie-authenticated writes must echo the session's CSRF token (a page on another site can
 * make the browser send the cookie, but cannot read the token). Token and anonymous requests
 * carry no ambient credential, so they need none.
 */
function checkCsrf(req: FastifyRequest): void {
  if (SAFE.has(req.method) || req.principal.via !== 'session') return;
  const sent = req.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !req.principal.csrf || !sameSecret(sent, req.principal.csrf)) {
    throw new AuthError(`missing or wrong ${CSRF_HEADER} header: reload the page and try again`, 403);
  }
}

function parse(schema: Schema | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.join('.');
  throw new UsageError(
    path ? `invalid ${where} "${path}": ${issue.message}` : `invalid ${where}s: ${issue.message}`,
  );
}

export { VigilError };
