import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import type { App } from '../app.ts';
import { publicAccessEnabled } from '../auth/accounts.ts';
import { type AnyRoute, type RateLimits, registerRoutes } from './define-route.ts';
import { installErrorHandler } from './error-handler.ts';
import { MapIndex } from './map-index.ts';
import { openApiDocument } from './openapi.ts';
import { ANONYMOUS, resolvePrincipal } from './principal.ts';
import { adminRoutes } from './routes/admin.ts';
import { evidenceRoutes } from './routes/evidence.ts';
import { exportRoutes } from './routes/exports.ts';
import { incidentRoutes } from './routes/incidents.ts';
import { intakeRoutes } from './routes/intake.ts';
import { recordRoutes } from './routes/records.ts';
import { reviewRoutes } from './routes/review.ts';
import { sessionRoutes } from './routes/session.ts';
import { tallyRoutes } from './routes/tallies.ts';
import { installSecurityHeaders } from './security-headers.ts';
import { SensitiveTerms } from './sensitive-terms.ts';
import { serveDashboard } from './static-files.ts';

export interface ServerOptions {
  /** The built dashboard (web/dist); null serves the API alone. */
  webRoot?: string | null;
  /** Where access and error lines go (one line each; never bodies, never user names). */
  log?: (line: string) => void;
  debug?: boolean;
  /** Session cookies marked Secure (browsers accept them over http on localhost). Default true. */
  secureCookies?: boolean;
  /** Whether the server is reached over HTTPS (adds HSTS). */
  https?: boolean;
  /** Largest JSON body, in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Largest uploaded file, in bytes (default 512 MiB). */
  uploadLimit?: number;
  rateLimits?: Partial<RateLimits>;
  version?: string;
  /** Map answers cached per distinct query (default 256; 0 disables the cache). */
  mapCacheSize?: number;
}

/** What every route module receives. */
export interface ApiContext {
  app: App;
  index: MapIndex;
  /** Sensitive words, for values that carry no mark of their own (src/api/sensitive-terms.ts). */
  sensitive: SensitiveTerms;
  options: Required<Omit<ServerOptions, 'rateLimits' | 'webRoot' | 'mapCacheSize'>> & {
    webRoot: string | null;
  };
  /** Call after a write so that the map and timeline show it at once. */
  changed(): void;
}

/**
 * Builds the HTTP server: security headers, the principal of each request, the routes (whose
 * zod schemas validate requests and generate /api/openapi.json), one error handler, and the
 * dashboard. The caller listens and closes.
 */
export async function buildServer(
  app: App,
  options: ServerOptions = {},
): Promise<{ server: FastifyInstance; routes: AnyRoute[]; index: MapIndex }> {
  const opts: ApiContext['options'] = {
    webRoot: options.webRoot ?? null,
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
    debug: options.debug ?? false,
    secureCookies: options.secureCookies ?? true,
    https: options.https ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    uploadLimit: options.uploadLimit ?? 512 * 1024 * 1024,
    version: options.version ?? '0.1.0',
  };
  const limits: RateLimits = {
    login: { max: 10, timeWindow: 60_000, ...options.rateLimits?.login },
    intake: { max: 30, timeWindow: 60_000, ...options.rateLimits?.intake },
  };
  const server = Fastify({
    logger: false,
    bodyLimit: opts.bodyLimit,
    trustProxy: false,
    return503OnClosing: true,
    routerOptions: { maxParamLength: 300, caseSensitive: true },
  });
  const index = new MapIndex(app.store, 1000, options.mapCacheSize ?? 256);
  const sensitive = new SensitiveTerms(app.store);
  let publicAccess = { value: false, at: 0 };
  const changed = () => {
    index.invalidate();
    sensitive.invalidate();
    publicAccess = { value: false, at: 0 };
  };
  const ctx: ApiContext = { app, index, sensitive, options: opts, changed };

  installErrorHandler(server, opts.log, opts.debug);
  installSecurityHeaders(server, opts.https);
  // Only JSON and multipart bodies: a text/plain parser would let a cross-site form post in.
  server.removeContentTypeParser('text/plain');
  await server.register(cookie);
  // Keep the name as sent (busboy strips paths by default) so that a name with a path in it is
  // refused with a clear message rather than silently changed.
  await server.register(multipart, {
    preservePath: true,
    limits: {
      fileSize: opts.uploadLimit,
      files: 10,
      fields: 30,
      fieldSize: 256 * 1024,
      parts: 50,
      headerPairs: 100,
    },
  });
  await server.register(rateLimit, { global: false });

  server.decorateRequest('principal', null as never);
  server.decorateRequest('publicAccess', false);
  server.addHook('onRequest', async (req) => {
    req.principal = ANONYMOUS;
    req.publicAccess = false;
    if (!req.url.startsWith('/api/')) return;
    req.principal = await resolvePrincipal(req, app.store, app.clock.now());
    if (req.principal.role === 'public') {
      if (Date.now() - publicAccess.at > 1000) {
        publicAccess = { value: await publicAccessEnabled(app.store.accounts), at: Date.now() };
      }
      req.publicAccess = publicAccess.value;
    }
  });
  server.addHook('onResponse', async (req, reply) => {
    // Route patterns, never raw URLs: a query string can carry a searched name.
    const route = req.routeOptions?.url ?? '(no route)';
    opts.log(
      `${new Date().toISOString()} ${req.method} ${route} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms ${req.principal?.role ?? 'public'}`,
    );
  });

  const routes: AnyRoute[] = [
    ...sessionRoutes(ctx),
    ...recordRoutes(ctx),
    ...incidentRoutes(ctx),
    ...tallyRoutes(ctx),
    ...reviewRoutes(ctx),
    ...evidenceRoutes(ctx),
    ...intakeRoutes(ctx),
    ...exportRoutes(ctx),
    ...adminRoutes(ctx),
  ];
  const document = openApiDocument(routes, opts.version);
  server.get('/api/openapi.json', async (_req, reply) => reply.type('application/json').send(document));
  registerRoutes(server, routes, limits);
  if (opts.webRoot) serveDashboard(server, opts.webRoot);
  return { server, routes, index };
}
