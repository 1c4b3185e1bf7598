import type { Store } from '../ports/store.ts';
import { canonicalJson, leafHash, recordDigest } from './canonical.ts';
import { MemoryTree } from './memory-tree.ts';
import type { Finding } from './verify.ts';

/** The latest ledger entry for one record: what its stored form must digest to. */
export interface LatestEntry {
  seq: number;
  kind: string;
  digest: string;
}

const PAGE = 5000;

/** The record family a ledger kind is about: the part before the dot. */
export const familyOf = (kind: string) => kind.split('.')[0] ?? kind;
/** A kind that says the record is gone on purpose (`claim.removed`, `incident.retired`). */
export const isRemoval = (kind: string) => /\.(removed|deleted|retired)$/.test(kind);

/**
 * Reads the whole ledger in seq order, in pages: recomputes every leaf hash from the entry's
 * fields (the tree is built from these, so a leaf hash edited to match a forged entry gains
 * nothing), reports gaps and mismatches, and remembers the latest entry of every record.
 */
export async function scanLedger(
  store: Store,
  failures: Finding[],
  onProgress?: (stage: string, done: number, total: number) => void,
): Promise<{ tree: MemoryTree; latest: Map<string, LatestEntry>; entries: number }> {
  const last = await store.ledgerTree.lastSeq();
  const tree = new MemoryTree(Math.max(1024, last));
  const latest = new Map<string, LatestEntry>();
  let expected = 1;
  let entries = 0;
  for (let from = 1; from <= last; from += PAGE) {
    const page = await store.ledger.range(from, Math.min(last, from + PAGE - 1));
    for (const e of page) {
      if (e.seq > expected) {
        failures.push({
          area: 'ledger',
          where:
            e.seq - expected === 1
              ? `ledger entry #${expected}`
              : `ledger entries #${expected}–#${e.seq - 1}`,
          what: `${e.seq - expected === 1 ? 'is' : 'are'} missing (the sequence jumps from #${expected - 1} to #${e.seq})`,
        });
      }
      expected = e.seq + 1;
      const leaf = leafHash(
        canonicalJson({ kind: e.kind, subject: e.subject, actor: e.actor, at: e.at, digest: e.digest }),
      );
      if (leaf !== e.leafHash) {
        failures.push({
          area: 'ledger',
          where: `ledger entry #${e.seq} (${e.kind} ${e.subject})`,
          what: 'its stored leaf hash does not match its contents: its kind, subject, actor, time or digest was changed',
        });
      }
      tree.append(Buffer.from(leaf, 'hex'));
      latest.set(`${familyOf(e.kind)}\u0000${e.subject}`, { seq: e.seq, kind: e.kind, digest: e.digest });
      entries++;
    }
    onProgress?.('ledger', Math.min(last, from + PAGE - 1), last);
  }
  return { tree, latest, entries };
}

/**
 * Every stored record against the latest ledger entry for it, in both directions: a record
 * the ledger does not know, a record that differs from what was logged, and a logged record
 * that is gone without a removal entry are each named.
 */
export async function checkRecords(
  store: Store,
  latest: Map<string, LatestEntry>,
  failures: Finding[],
  notes: string[],
  onProgress?: (stage: string, done: number, total: number) => void,
): Promise<number> {
  const audited = new Set(store.recordAudit.families());
  const seen = new Set<string>();
  let count = 0;
  for (const family of audited) {
    for await (const r of store.recordAudit.records(family)) {
      count++;
      const key = `${family}\u0000${r.subject}`;
      seen.add(key);
      const where = `${family} ${r.subject}`;
      for (const problem of r.problems) failures.push({ area: 'record', where, what: problem });
      const entry = latest.get(key);
      if (!entry) {
        failures.push({ area: 'record', where, what: 'is in the store but no ledger entry records it' });
      } else if (isRemoval(entry.kind)) {
        failures.push({
          area: 'record',
          where,
          what: `is still in the store, but ledger entry #${entry.seq} (${entry.kind}) says it was removed`,
        });
      } else if (r.record !== undefined) {
        let digest: string | null;
        try {
          digest = recordDigest(r.record);
        } catch (error) {
          digest = null;
          failures.push({ area: 'record', where, what: `cannot be digested: ${(error as Error).message}` });
        }
        if (digest !== null && digest !== entry.digest) {
          failures.push({
            area: 'record',
            where,
            what: `differs from what ledger entry #${entry.seq} (${entry.kind}) recorded: it was changed outside Vigil`,
          });
        }
      }
      if (count % 5000 === 0) onProgress?.('records', count, 0);
    }
  }
  const unaudited = new Map<string, number>();
  for (const [key, entry] of latest) {
    const family = key.slice(0, key.indexOf('\u0000'));
    if (!audited.has(family)) {
      unaudited.set(family, (unaudited.get(family) ?? 0) + 1);
      continue;
    }
    if (seen.has(key) || isRemoval(entry.kind)) continue;
    failures.push({
      area: 'record',
      where: `${family} ${key.slice(family.length + 1)}`,
      what: `ledger entry #${entry.seq} (${entry.kind}) records it, but it is missing from the store (deleted without a ${family}.removed entry)`,
    });
  }
  await checkCustodyOrder(store, latest, failures);
  for (const [family, n] of unaudited) {
    notes.push(
      `${n} ${family} record(s) are in the ledger but this build has no reader to check them against`,
    );
  }
  return count;
}

/**
 * A custody chain is read in the order its events were stored; that order must be the order
 * the ledger logged them in, or the chain was re-ordered behind the ledger's back.
 */
async function checkCustodyOrder(
  store: Store,
  latest: Map<string, LatestEntry>,
  failures: Finding[],
): Promise<void> {
  const total = await store.evidence.count();
  for (let offset = 0; offset < total; offset += 500) {
    for (const item of await store.evidence.files({ limit: 500, offset })) {
      let previous = 0;
      // An unreadable custody row is already named by the record audit.
      const chain = await store.custody.chain(item.id).catch(() => []);
      for (const event of chain) {
        const seq = latest.get(`custody\u0000${event.id}`)?.seq;
        if (seq === undefined) continue;
        if (seq < previous) {
          failures.push({
            area: 'record',
            where: `custody chain of evidence ${item.id}`,
            what: `event ${event.id} is out of the order the ledger logged it in (entry #${seq} after #${previous})`,
          });
        }
        previous = Math.max(previous, seq);
      }
    }
  }
}
