import type { Kysely, Selectable } from 'kysely';
import { canonicalJson, leafHash, recordDigest } from '../../ledger/canonical.ts';
import type { FailureStore, LedgerEntry, LedgerStore } from '../../ports/store.ts';
import type { Database, LedgerTable } from './schema.ts';

export function sqlLedgerStore(db: Kysely<Database>): LedgerStore {
  return {
    async append({ record, ...change }) {
      const event = { ...change, digest: recordDigest(record) };
      const leaf = leafHash(canonicalJson(event));
      const row = await db
        .insertInto('ledger')
        .values({ ...event, leaf_hash: leaf })
        .returning('seq')
        .executeTakeFirstOrThrow();
      return { ...event, seq: Number(row.seq), leafHash: leaf };
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
