import { type Kysely, type Selectable, sql } from 'kysely';
import { canonicalJson, leafHash, recordDigest } from '../../ledger/canonical.ts';
import type { FailureStore, LedgerEntry, LedgerStore } from '../../ports/store.ts';
import type { Database, LedgerTable, SqlDialectName } from './schema.ts';

/**
 * Transaction-scoped advisory lock every PostgreSQL ledger append takes (held to commit).
 * A sequence would hand out numbers in call order but commit out of order, and a rolled-back
 * transaction would leave a gap; under this lock each entry gets max(seq) + 1, so the ledger
 * stays gap-free and in commit order with any number of writers. SQLite has one writer at a
 * time, so it needs no lock.
 */
export const LEDGER_LOCK: readonly [number, number] = [0x56494749, 1];

export function sqlLedgerStore(db: Kysely<Database>, dialect: SqlDialectName = 'sqlite'): LedgerStore {
  return {
    async append({ record, ...change }) {
      if (dialect === 'postgres' && !db.isTransaction) {
        return db.transaction().execute((trx) => sqlLedgerStore(trx, dialect).append({ record, ...change }));
      }
      const event = { ...change, digest: recordDigest(record) };
      const leaf = leafHash(canonicalJson(event));
      if (dialect === 'postgres') {
        await sql`SELECT pg_advisory_xact_lock(${LEDGER_LOCK[0]}, ${LEDGER_LOCK[1]})`.execute(db);
      }
      const row = await db
        .insertInto('ledger')
        .values({
          ...event,
          leaf_hash: leaf,
          ...(dialect === 'postgres'
            ? { seq: sql<number>`(SELECT coalesce(max(seq), 0) + 1 FROM ledger)` }
            : {}),
        })
        .returning('seq')
        .executeTakeFirstOrThrow();
      return { ...event, seq: Number(row.seq), leafHash: leaf };
    },
    async appendMany(changes) {
      if (changes.length === 0) return 0;
      if (dialect === 'postgres' && !db.isTransaction) {
        return db.transaction().execute((trx) => sqlLedgerStore(trx, dialect).appendMany(changes));
      }
      let next = 0;
      if (dialect === 'postgres') {
        await sql`SELECT pg_advisory_xact_lock(${LEDGER_LOCK[0]}, ${LEDGER_LOCK[1]})`.execute(db);
        const top = await db
          .selectFrom('ledger')
          .select((eb) => eb.fn.max('seq').as('top'))
          .executeTakeFirst();
        next = Number(top?.top ?? 0) + 1;
      }
      // 7 columns a row: 1,000 rows stay well under both engines' bound-parameter limits.
      for (let i = 0; i < changes.length; i += 1000) {
        const rows = changes.slice(i, i + 1000).map(({ record, digest, ...change }) => {
          const event = { ...change, digest: digest ?? recordDigest(record) };
          const row = { ...event, leaf_hash: leafHash(canonicalJson(event)) };
          // SQLite numbers a multi-row insert in row order; PostgreSQL gets max(seq) + 1 onwards.
          return dialect === 'postgres' ? { ...row, seq: next++ } : row;
        });
        await db.insertInto('ledger').values(rows).execute();
      }
      return changes.length;
    },
    async size() {
      const row = await db
        .selectFrom('ledger')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async range(fromSeq, toSeq) {
      const rows = await db
        .selectFrom('ledger')
        .selectAll()
        .where('seq', '>=', fromSeq)
        .where('seq', '<=', toSeq)
        .orderBy('seq')
        .execute();
      return rows.map(toEntry);
    },
  };
}

function toEntry(row: Selectable<LedgerTable>): LedgerEntry {
  return {
    seq: Number(row.seq),
    kind: row.kind,
    subject: row.subject,
    digest: row.digest,
    actor: row.actor,
    at: row.at,
    leafHash: row.leaf_hash,
  };
}

export function sqlFailureStore(db: Kysely<Database>): FailureStore {
  return {
    async record(target, reason, at) {
      await db.insertInto('failures').values({ target, reason, at }).execute();
    },
    async list(limit = 100) {
      return db
        .selectFrom('failures')
        .select(['target', 'reason', 'at'])
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },
  };
}
