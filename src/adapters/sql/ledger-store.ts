import { CompiledQuery, type Kysely, type Selectable, sql } from 'kysely';
import { entryLeafHash, recordDigest } from '../../ledger/canonical.ts';
import type { FailureStore, LedgerChange, LedgerEntry, LedgerStore } from '../../ports/store.ts';
import type { Database, LedgerTable, SqlDialectName } from './schema.ts';

/**
 * Transaction-scoped advisory lock every PostgreSQL ledger append takes (held to commit).
 * A sequence would hand out numbers in call order but commit out of order, and a rolled-back
 * transaction would leave a gap; under this lock each entry gets max(seq) + 1, so the ledger
 * stays gap-free and in commit order with any number of writers. SQLite has one writer at a
 * time, so it needs no lock.
 */
export const LEDGER_LOCK: readonly [number, number] = [0x56494749, 1];

/** The SQLite insert of one entry: one SQL text, so the connection's statement cache prepares it once. */
const SQLITE_APPEND =
  'INSERT INTO ledger (kind, subject, digest, actor, at, leaf_hash) VALUES (?, ?, ?, ?, ?, ?) RETURNING seq';
/** Rows per multi-row insert in `appendMany`: 6 columns a row stays under both engines' parameter limits. */
const MANY = 500;

/** The entry a change becomes (without its seq): its record's digest and the RFC 6962 leaf hash. */
function entryOf({ record, digest, ...change }: LedgerChange): Omit<LedgerEntry, 'seq'> {
  const fields = {
    kind: change.kind,
    subject: change.subject,
    actor: change.actor,
    at: change.at,
    digest: digest ?? recordDigest(record),
  };
  return { ...fields, leafHash: entryLeafHash(fields) };
}

export function sqlLedgerStore(db: Kysely<Database>, dialect: SqlDialectName = 'sqlite'): LedgerStore {
  return {
    async append(change) {
      if (dialect === 'postgres' && !db.isTransaction) {
        return db.transaction().execute((trx) => sqlLedgerStore(trx, dialect).append(change));
      }
      // `append` always digests the record itself; only appendMany trusts a given digest.
      const entry = entryOf({ ...change, digest: undefined });
      if (dialect === 'sqlite') {
        // Straight to the prepared statement: the query builder costs more than the insert.
        const result = await db.executeQuery<{ seq: number }>(
          CompiledQuery.raw(SQLITE_APPEND, [
            entry.kind,
            entry.subject,
            entry.digest,
            entry.actor,
            entry.at,
            entry.leafHash,
          ]),
        );
        return { ...entry, seq: Number(result.rows[0]!.seq) };
      }
      await sql`SELECT pg_advisory_xact_lock(${LEDGER_LOCK[0]}, ${LEDGER_LOCK[1]})`.execute(db);
      const row = await db
        .insertInto('ledger')
        .values({
          kind: entry.kind,
          subject: entry.subject,
          digest: entry.digest,
          actor: entry.actor,
          at: entry.at,
          leaf_hash: entry.leafHash,
          seq: sql<number>`(SELECT coalesce(max(seq), 0) + 1 FROM ledger)`,
        })
        .returning('seq')
        .executeTakeFirstOrThrow();
      return { ...entry, seq: Number(row.seq) };
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
      for (let i = 0; i < changes.length; i += MANY) {
        const part = changes.slice(i, i + MANY);
        if (dialect === 'sqlite') {
          // SQLite numbers a multi-row insert in row order. The SQL text depends only on the
          // row count, so full batches reuse one prepared statement.
          const params: string[] = [];
          for (const change of part) {
            const e = entryOf(change);
            params.push(e.kind, e.subject, e.digest, e.actor, e.at, e.leafHash);
          }
          await db.executeQuery(CompiledQuery.raw(sqliteInsertMany(part.length), params));
          continue;
        }
        const rows = part.map((change) => {
          const e = entryOf(change);
          const row = {
            kind: e.kind,
            subject: e.subject,
            digest: e.digest,
            actor: e.actor,
            at: e.at,
            leaf_hash: e.leafHash,
          };
          // PostgreSQL gets max(seq) + 1 onwards, under the lock.
          return { ...row, seq: next++ };
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

const manySql = new Map<number, string>();
function sqliteInsertMany(rows: number): string {
  let text = manySql.get(rows);
  if (!text) {
    text = `INSERT INTO ledger (kind, subject, digest, actor, at, leaf_hash) VALUES ${Array(rows).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`;
    manySql.set(rows, text);
  }
  return text;
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
