import { z } from 'zod';
import { authenticate, openSession, publicAccessEnabled, SESSION_HOURS } from '../../auth/accounts.ts';
import { actionsOf } from '../../auth/permissions.ts';
import { ROLES } from '../../domain/redaction.ts';
import { type AnyRoute, defineRoute } from '../define-route.ts';
import { ANONYMOUS, type Principal, SESSION_COOKIE } from '../principal.ts';
import { ErrorReply, errorResponses, Ok } from '../schemas.ts';
import type { ApiContext } from '../server.ts';

export const SessionInfo = z.object({
  role: z.enum(ROLES),
  user: z.object({ name: z.string(), role: z.enum(ROLES) }).nullable(),
  /** Echo it in `x-csrf-token` on every write made with the session cookie. */
  csrf: z.string().nullable(),
  actions: z.array(z.string()),
  publicAccess: z.boolean(),
});

const Login = z.object({
  name: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});

function info(principal: Principal, csrf: string | null, publicAccess: boolean): z.infer<typeof SessionInfo> {
  return {
    role: principal.role,
    user: principal.user ? { name: principal.user.name, role: principal.user.role } : null,
    csrf,
    actions: principal.role === 'public' && !publicAccess ? [] : actionsOf(principal.role),
    publicAccess,
  };
}

export function sessionRoutes(ctx: ApiContext): AnyRoute[] {
  const { store, clock } = ctx.app;
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: ctx.options.secureCookies,
    path: '/',
  };
  return [
    defineRoute({
      method: 'GET',
      url: '/api/session',
      tag: 'session',
      summary: 'Who is logged in, what they may do, and the CSRF token for writes',
      action: null,
      responses: { 200: { description: 'the session', schema: SessionInfo } },
      async handler({ principal }) {
        return info(principal, principal.csrf ?? null, await publicAccessEnabled(store.accounts));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/session',
      tag: 'session',
      summary: 'Log in with a user name and password (sets an HTTP-only session cookie)',
      action: null,
      csrf: false,
      rateLimit: 'login',
      body: Login,
      responses: {
        200: { description: 'logged in', schema: SessionInfo },
        400: errorResponses[400],
        401: { description: 'wrong user name or password', schema: ErrorReply },
        429: { description: 'too many attempts', schema: ErrorReply },
      },
      async handler({ body, principal, reply }) {
        const user = await authenticate(store.accounts, body.name, body.password);
        if (principal.sessionHash) await store.accounts.closeSession(principal.sessionHash);
        const { secret, session } = await openSession(store.accounts, user, clock.now());
        reply.setCookie(SESSION_COOKIE, secret, { ...cookieOptions, maxAge: SESSION_HOURS * 3600 });
        const next: Principal = { role: user.role, user, via: 'session', csrf: session.csrf };
        return info(next, session.csrf, await publicAccessEnabled(store.accounts));
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/session',
      tag: 'session',
      summary: 'Log out (ends the session)',
      action: null,
      responses: { 200: { description: 'logged out', schema: Ok }, 403: errorResponses[403] },
      async handler({ principal, reply }) {
        if (principal.sessionHash) await store.accounts.closeSession(principal.sessionHash);
        reply.clearCookie(SESSION_COOKIE, cookieOptions);
        return { ok: true as const };
      },
    }),
  ];
}

export { ANONYMOUS };
