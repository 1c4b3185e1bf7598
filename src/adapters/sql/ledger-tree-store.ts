import type { Kysely, Selectable } from 'kysely';
import type { Checkpoint, LedgerTreeStore, TreeNode } from '../../ports/ledger-tree-store.ts';
import type { LedgerEntry } from '../../ports/store.ts';
import type { Database, LedgerCheckpointsTable } from './schema.ts';

const CHUNK = 200;

export function sqlLedgerTreeStore(db: Kysely<Database>): LedgerTreeStore {
  return {
    async leaves(fromSeq, toSeq) {
      const rows = await db
        .selectFrom('ledger')
        .select(['seq', 'leaf_hash'])
        .where('seq', '>=', fromSeq)
        .where('seq', '<=', toSeq)
        .orderBy('seq')
        .execute();
      return rows.map((r) => ({ seq: Number(r.seq), leafHash: r.leaf_hash }));
    },
    async entriesAbout(subjects) {
      const out: LedgerEntry[] = [];
      for (let i = 0; i < subjects.length; i += CHUNK) {
        const rows = await db
          .selectFrom('ledger')
          .selectAll()
          .where('subject', 'in', subjects.slice(i, i + CHUNK))
          .orderBy('seq')
          .execute();
        for (const r of rows) {
          out.push({
            seq: Number(r.seq),
            kind: r.kind,
            subject: r.subject,
            digest: r.digest,
            actor: r.actor,
            at: r.at,
            leafHash: r.leaf_hash,
          });
        }
      }
      return out.sort((a, b) => a.seq - b.seq);
    },
    async lastSeq() {
      const row = await db
        .selectFrom('ledger')
        .select((eb) => eb.fn.max('seq').as('m'))
        .executeTakeFirst();
      return Number(row?.m ?? 0);
    },
    async nodes(positions) {
      const out: TreeNode[] = [];
      for (let i = 0; i < positions.length; i += CHUNK) {
        const part = positions.slice(i, i + CHUNK);
        const rows = await db
          .selectFrom('ledger_nodes')
          .selectAll()
          .where((eb) => eb.or(part.map((p) => eb.and([eb('level', '=', p.level), eb('idx', '=', p.index)]))))
          .execute();
        for (const r of rows) out.push({ level: Number(r.level), index: Number(r.idx), hash: r.hash });
      }
      return out;
    },
    async levelRange(level, fromIndex, toIndex) {
      const rows = await db
        .selectFrom('ledger_nodes')
        .selectAll()
        .where('level', '=', level)
        .where('idx', '>=', fromIndex)
        .where('idx', '<', toIndex)
        .orderBy('idx')
        .execute();
      return rows.map((r) => ({ level: Number(r.level), index: Number(r.idx), hash: r.hash }));
    },
    async levelCount(level) {
      const row = await db
        .selectFrom('ledger_nodes')
        .select((eb) => eb.fn.max('idx').as('m'))
        .where('level', '=', level)
        .executeTakeFirst();
      return row?.m === null || row?.m === undefined ? 0 : Number(row.m) + 1;
    },
    async recordNodes(nodes) {
      for (let i = 0; i < nodes.length; i += CHUNK) {
        const rows = nodes.slice(i, i + CHUNK).map((n) => ({ level: n.level, idx: n.index, hash: n.hash }));
        await db
          .insertInto('ledger_nodes')
          .values(rows)
          .onConflict((c) => c.columns(['level', 'idx']).doNothing())
          .execute();
      }
    },
    async clearNodes() {
      await db.deleteFrom('ledger_nodes').execute();
    },
    async recordCheckpoint(cp) {
      const row = await db
        .insertInto('ledger_checkpoints')
        .values({
          format: cp.format,
          origin: cp.origin,
          size: cp.size,
          root: cp.root,
          time: cp.time,
          key_id: cp.keyId,
          public_key: cp.publicKey,
          signature: cp.signature,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    async checkpoints() {
      const rows = await db.selectFrom('ledger_checkpoints').selectAll().orderBy('id').execute();
      return rows.map(toCheckpoint);
    },
  };
}

function toCheckpoint(row: Selectable<LedgerCheckpointsTable>): Checkpoint & { id: number } {
  return {
    id: Number(row.id),
    format: row.format as Checkpoint['format'],
    origin: row.origin,
    size: Number(row.size),
    root: row.root,
    time: row.time,
    keyId: row.key_id,
    publicKey: row.public_key,
    signature: row.signature,
  };
}
