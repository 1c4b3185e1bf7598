import type { Kysely } from 'kysely';
import { IntegrityError } from '../../errors.ts';
import { MemoryTree } from '../../ledger/memory-tree.ts';
import { EMPTY_ROOT, rootAt } from '../../ledger/merkle.ts';
import type { Database } from '../sql/schema.ts';

/** The ledger of two stores compared entry by entry, and the Merkle root both share. */
export interface LedgerComparison {
  size: number;
  root: string;
}

/**
 * Proves a copied ledger is the original: same number of entries, each with the same seq,
 * leaf hash and digest, hence the same RFC 6962 root. Throws IntegrityError at the first
 * difference.
 */
export async function compareLedgers(a: Kysely<Database>, b: Kysely<Database>): Promise<LedgerComparison> {
  const tree = new MemoryTree();
  const page = 5000;
  let after = 0;
  for (;;) {
    const [left, right] = await Promise.all(
      [a, b].map((db) =>
        db
          .selectFrom('ledger')
          .select(['seq', 'leaf_hash', 'digest', 'kind', 'subject', 'actor', 'at'])
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(page)
          .execute(),
      ),
    );
    if (left!.length !== right!.length) {
      throw new IntegrityError(`the copied ledger differs in length after entry #${after}`);
    }
    if (left!.length === 0) break;
    for (let i = 0; i < left!.length; i++) {
      const x = left![i]!;
      const y = right![i]!;
      if (
        Number(x.seq) !== Number(y.seq) ||
        x.leaf_hash !== y.leaf_hash ||
        x.digest !== y.digest ||
        x.kind !== y.kind ||
        x.subject !== y.subject ||
        x.actor !== y.actor ||
        x.at !== y.at
      ) {
        throw new IntegrityError(`the copied ledger differs at entry #${x.seq}`);
      }
      tree.append(Buffer.from(x.leaf_hash, 'hex'));
    }
    after = Number(left![left!.length - 1]!.seq);
  }
  const root = tree.size === 0 ? EMPTY_ROOT : rootAt(tree, tree.size);
  return { size: tree.size, root: root.toString('hex') };
}
