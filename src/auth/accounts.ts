import type { Role } from '../domain/redaction.ts';
import { AuthError, UsageError } from '../errors.ts';
import type { AccountStore, SessionRecord, User } from '../ports/accounts.ts';
import { DECOY_HASH, hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { API_TOKEN_PREFIX, hashSecret, newId, newSecret } from './tokens.ts';

/** Roles an account can hold (`public` is the anonymous visitor, never an account). */
export const ACCOUNT_ROLES = ['admin', 'analyst', 'contributor', 'viewer'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

const NAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** Server settings an admin can change. */
export const PUBLIC_ACCESS = 'public-access';

/** Creates an account; the password is hashed with scrypt before it reaches the store. */
export async function addUser(
  accounts: AccountStore,
  input: { name: string; role: string; password: string; now: string },
): Promise<User> {
  if (!NAME.test(input.name)) {
    throw new UsageError('a user name must be 2-64 characters: lower-case letters, digits, ".", "_" or "-"');
  }
  if (!(ACCOUNT_ROLES as readonly string[]).includes(input.role)) {
    throw new UsageError(`role must be one of ${ACCOUNT_ROLES.join(', ')}`);
  }
  const problem = passwordProblem(input.password);
  if (problem) throw new UsageError(problem);
  const user: User = {
    id: newId('usr'),
    name: input.name,
    role: input.role as AccountRole,
    disabled: false,
    createdAt: input.now,
  };
  await accounts.addUser({ ...user, passwordHash: await hashPassword(input.password) });
  return user;
}

/** Sets a new password (checked for length, hashed with scrypt); ends the account's sessions. */
export async function setPassword(accounts: AccountStore, name: string, password: string): Promise<User> {
  const problem = passwordProblem(password);
  if (problem) throw new UsageError(problem);
  return accounts.setPasswordHash(name, await hashPassword(password));
}

/**
 * Checks a name and password. Unknown names, wrong passwords and disabled accounts get the same
 * message and take the same time, so a log-in form reveals nothing about which names exist.
 */
export async function authenticate(accounts: AccountStore, name: string, password: string): Promise<User> {
  const found = await accounts.findUser(name);
  const ok = await verifyPassword(password, found?.passwordHash ?? (await DECOY_HASH));
  if (!found || !ok || found.disabled) throw new AuthError('wrong user name or password');
  const { passwordHash: _, ...user } = found;
  return user;
}

export const SESSION_HOURS = 12;

/** Opens a session: returns the cookie secret (never stored) and the session record. */
export async function openSession(
  accounts: AccountStore,
  user: User,
  now: Date,
): Promise<{ secret: string; session: SessionRecord }> {
  const secret = newSecret();
  const session: SessionRecord = {
    tokenHash: hashSecret(secret),
    userId: user.id,
    csrf: newSecret(24),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
  };
  await accounts.openSession(session);
  return { secret, session };
}

/** Issues an API token for a user; the secret is shown once and only its hash is kept. */
export async function issueApiToken(
  accounts: AccountStore,
  userName: string,
  label: string,
  now: string,
): Promise<{ id: string; secret: string }> {
  const user = await accounts.findUser(userName);
  if (!user) throw new UsageError(`no user named "${userName}"`);
  if (user.disabled) throw new UsageError(`user "${userName}" is disabled`);
  const secret = `${API_TOKEN_PREFIX}${newSecret()}`;
  const id = newId('tok');
  await accounts.issueToken({
    tokenHash: hashSecret(secret),
    id,
    userId: user.id,
    label,
    createdAt: now,
    revoked: false,
  });
  return { id, secret };
}

/** Whether anonymous visitors may read published incidents. */
export async function publicAccessEnabled(accounts: AccountStore): Promise<boolean> {
  return (await accounts.setting(PUBLIC_ACCESS)) === 'on';
}

export type { Role };
