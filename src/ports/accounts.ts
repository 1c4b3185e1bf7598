import type { IntakeSubmission } from '../domain/intake.ts';
import type { Role } from '../domain/redaction.ts';

/** A person (or script owner) who can log in. `public` is never a stored account's role. */
export interface User {
  id: string;
  name: string;
  role: Exclude<Role, 'public'>;
  disabled: boolean;
  createdAt: string;
}

/** A stored account with its scrypt password hash (never leaves the server). */
export interface UserRecord extends User {
  passwordHash: string;
}

/** A browser session; only the SHA-256 of its cookie token is kept. */
export interface SessionRecord {
  tokenHash: string;
  userId: string;
  /** The CSRF token the browser must echo in `x-csrf-token` on every write. */
  csrf: string;
  createdAt: string;
  expiresAt: string;
}

/** An API token for scripts; only the SHA-256 of the secret is kept. */
export interface ApiTokenRecord {
  tokenHash: string;
  id: string;
  userId: string;
  label: string;
  createdAt: string;
  revoked: boolean;
}

/**
 * Accounts, sessions, tokens and server settings. `addUser` throws ConflictError when the name
 * is taken; lookups of disabled users still return them (callers refuse them), so that an
 * admin can list and re-enable them.
 */
export interface AccountStore {
  addUser(user: UserRecord): Promise<void>;
  findUser(name: string): Promise<UserRecord | null>;
  getUser(id: string): Promise<User | null>;
  listUsers(): Promise<User[]>;
  /** Disables (or re-enables) an account; disabling also ends its sessions and tokens. */
  setDisabled(name: string, disabled: boolean): Promise<User>;
  /** Replaces an account's password hash and ends its sessions. */
  setPasswordHash(name: string, passwordHash: string): Promise<User>;
  openSession(session: SessionRecord): Promise<void>;
  /** The session with this token hash and its user, when it has not expired at `now`. */
  findSession(tokenHash: string, now: string): Promise<{ session: SessionRecord; user: User } | null>;
  closeSession(tokenHash: string): Promise<void>;
  issueToken(token: ApiTokenRecord): Promise<void>;
  findToken(tokenHash: string): Promise<{ token: ApiTokenRecord; user: User } | null>;
  listTokens(userId?: string): Promise<ApiTokenRecord[]>;
  revokeToken(id: string): Promise<void>;
  setting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
}

/** Field submissions with their sensitive section (src/domain/intake.ts). */
export interface IntakeStore {
  record(submission: IntakeSubmission): Promise<void>;
  get(id: string): Promise<IntakeSubmission | null>;
  list(options?: { limit?: number; offset?: number }): Promise<IntakeSubmission[]>;
  /** Adds evidence items to a submission (media that arrived with it). */
  attachEvidence(id: string, evidenceIds: string[]): Promise<void>;
}
