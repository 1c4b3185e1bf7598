/**
 * The closed set of error classes. Expected failures travel as values (`Result`); these are
 * for conditions that end a command or a request. The CLI maps them to exit codes in one
 * handler (src/cli/run-command.ts) and the API to HTTP statuses in one handler.
 */
export class VigilError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The user asked for something malformed (a bad flag, a bad date, an unknown id format). */
export class UsageError extends VigilError {
  constructor(message: string) {
    super(message, 'usage');
  }
}

/** Input data could not be accepted (a bad CSV row, an invalid record). */
export class InputError extends VigilError {
  constructor(message: string) {
    super(message, 'input');
  }
}

export class NotFoundError extends VigilError {
  constructor(message: string) {
    super(message, 'not-found');
  }
}

/** An edit was made on a stale version; the caller must reload and retry. */
export class ConflictError extends VigilError {
  constructor(message: string) {
    super(message, 'conflict');
  }
}

export class AuthError extends VigilError {
  constructor(
    message: string,
    readonly status: 401 | 403 = 401,
  ) {
    super(message, 'auth');
  }
}

/** The store, the vault or the ledger is not in the state it must be (a failed verification). */
export class IntegrityError extends VigilError {
  constructor(message: string) {
    super(message, 'integrity');
  }
}

/** Configuration or environment problem (unreadable database path, missing component). */
export class ConfigError extends VigilError {
  constructor(message: string) {
    super(message, 'config');
  }
}

/** Exit codes, documented in docs/cli.md. */
export const EXIT = {
  ok: 0,
  /** Some inputs failed; the rest were processed. */
  partial: 1,
  usage: 2,
  config: 3,
  notFound: 4,
  conflict: 5,
  integrity: 6,
  input: 7,
  auth: 8,
  internal: 70,
} as const;

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof ConfigError) return EXIT.config;
  if (error instanceof NotFoundError) return EXIT.notFound;
  if (error instanceof ConflictError) return EXIT.conflict;
  if (error instanceof IntegrityError) return EXIT.integrity;
  if (error instanceof InputError) return EXIT.input;
  if (error instanceof AuthError) return EXIT.auth;
  return EXIT.internal;
}

/** Expected failures as values (Zod's `safeParse` shape). */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });
