import { hash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` dropped. The same record
 * always gives the same bytes, so its digest can be recomputed by anyone verifying the log.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number in record');
    return JSON.stringify(value) ?? 'null';
  }
  // A plain loop over sorted keys: this runs for every ledger append, twice (the record and
  // the entry), so it avoids the intermediate arrays of entries/filter/map.
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const v = value[i];
      out += v === undefined ? 'null' : canonicalJson(v);
    }
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  out = '{';
  let first = true;
  for (const key of keys) {
    const v = object[key];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

/** The digest a ledger entry records for a record. */
export function recordDigest(record: unknown): string {
  return sha256Hex(canonicalJson(record));
}

/** RFC 6962 leaf hash: SHA-256 over a 0x00 prefix and the leaf's bytes. */
export function leafHash(leaf: string | Uint8Array): string {
  // A string is hashed as its UTF-8 bytes; U+0000 encodes as the single byte 0x00.
  if (typeof leaf === 'string') return hash('sha256', `\u0000${leaf}`, 'hex');
  const bytes = Buffer.allocUnsafe(leaf.length + 1);
  bytes[0] = 0;
  bytes.set(leaf, 1);
  return hash('sha256', bytes, 'hex');
}

/** The fields of a ledger entry its leaf hash covers (everything but `seq` and the hash). */
export interface EntryFields {
  kind: string;
  subject: string;
  actor: string;
  at: string;
  digest: string;
}

/**
 * `canonicalJson` of an entry's fields, written directly: the keys are fixed and already in
 * sorted order (actor, at, digest, kind, subject), so nothing needs sorting or walking.
 */
export function entryJson(e: EntryFields): string {
  return `{"actor":${JSON.stringify(e.actor)},"at":${JSON.stringify(e.at)},"digest":${JSON.stringify(e.digest)},"kind":${JSON.stringify(e.kind)},"subject":${JSON.stringify(e.subject)}}`;
}

/** The RFC 6962 leaf hash of a ledger entry. */
export function entryLeafHash(e: EntryFields): string {
  return leafHash(entryJson(e));
}
