import { CompiledQuery, type Kysely } from 'kysely';
import type { HeldBytes } from '../../ports/blob-store.ts';
import type { Database, SqlDialectName } from './schema.ts';

// Straight to the driver: ingest holds one original per report, and building the insert with
// the query builder costs more than running it.
const HOLD = {
  sqlite: 'INSERT INTO held_originals (sha256, size, bytes) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING',
  postgres:
    'INSERT INTO held_originals (sha256, size, bytes) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING',
};

/** Small originals' bytes in the `held_originals` table (a BLOB in SQLite, bytea in PostgreSQL). */
export function sqlHeldBytes(db: Kysely<Database>, dialect: SqlDialectName): HeldBytes {
  return {
    async hold(sha256, bytes) {
      const result = await db.executeQuery(
        CompiledQuery.raw(HOLD[dialect], [sha256, bytes.length, asBuffer(bytes)]),
      );
      return Number(result.numAffectedRows ?? 0n) > 0;
    },
    async get(sha256) {
      const row = await db
        .selectFrom('held_originals')
        .select('bytes')
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      // Both drivers give a Buffer; a plain Uint8Array view keeps callers' comparisons exact.
      return row ? new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength) : null;
    },
    async has(sha256) {
      const row = await db
        .selectFrom('held_originals')
        .select('sha256')
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}

// better-sqlite3 binds Buffers, not plain Uint8Arrays; a view over the same memory costs nothing.
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
