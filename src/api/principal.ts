import type { FastifyRequest } from 'fastify';
import { hashSecret } from '../auth/tokens.ts';
import type { Role } from '../domain/redaction.ts';
import { AuthError } from '../errors.ts';
import type { User } from '../ports/accounts.ts';
import type { Store } from '../ports/store.ts';

/** Who a request comes from: an account (by session cookie or API token) or the public. */
export interface Principal {
  role: Role;
  user: User | null;
  via: 'session' | 'token' | 'anonymous';
  /** The session's CSRF token (sessions only). */
  csrf?: string;
  /** The session cookie's hash (sessions only), to end it at log-out. */
  sessionHash?: string;
}

export const SESSION_COOKIE = 'vigil_session';
export const CSRF_HEADER = 'x-csrf-token';

export const ANONYMOUS: Principal = { role: 'public', user: null, via: 'anonymous' };

/**
 * Resolves the principal of a request. A bearer token that is unknown or revoked is refused
 * outright (a script should fail loudly); a stale session cookie just means "anonymous".
 */
export async function resolvePrincipal(req: FastifyRequest, store: Store, now: Date): Promise<Principal> {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!match) throw new AuthError('the Authorization header must be "Bearer <token>"');
    const found = await store.accounts.findToken(hashSecret(match[1]!));
    if (!found || found.user.disabled) throw new AuthError('invalid or revoked API token');
    return { role: found.user.role, user: found.user, via: 'token' };
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (cookie) {
    const tokenHash = hashSecret(cookie);
    const found = await store.accounts.findSession(tokenHash, now.toISOString());
    if (found && !found.user.disabled) {
      return {
        role: found.user.role,
        user: found.user,
        via: 'session',
        csrf: found.session.csrf,
        sessionHash: tokenHash,
      };
    }
  }
  return ANONYMOUS;
}

/**
 * The name a write is recorded under in the ledger. Staff act under their user name;
 * contributors under an opaque account id, because a submitter's identity is sensitive and
 * the ledger's entries are not redacted.
 */
export function actorOf(principal: Principal): string {
  if (!principal.user) return 'anonymous';
  return principal.user.role === 'contributor' ? `contributor:${principal.user.id}` : principal.user.name;
}
