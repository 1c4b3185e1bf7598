import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` dropped. The same record
 * always gives the same bytes, so its digest can be recomputed by anyone verifying the log.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number in record');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The digest a ledger entry records for a record. */
export function recordDigest(record: unknown): string {
  return sha256Hex(canonicalJson(record));
}

/** RFC 6962 leaf hash: SHA-256 over a 0x00 prefix and the leaf's bytes. */
export function leafHash(leaf: string | Uint8Array): string {
  const bytes = typeof leaf === 'string' ? Buffer.from(leaf, 'utf8') : leaf;
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(bytes)
    .digest('hex');
}
