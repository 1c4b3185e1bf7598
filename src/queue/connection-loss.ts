/** PostgreSQL SQLSTATE classes and Node error codes that mean "the server is not reachable now". */
const LOST = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
]);

/**
 * Whether an error says only that the database connection is gone (a restart, a network cut),
 * as opposed to a fault in the work itself. Such errors are expected while the server is away;
 * the worker waits them out (its jobs expire and are retried).
 */
export function isConnectionLoss(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (LOST.has(code) || code.startsWith('08')) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|connection is not queryable|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(
    message,
  );
}
