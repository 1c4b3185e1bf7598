import { canonicalJson, leafHash, recordDigest } from '../ledger/canonical.ts';
import type { LedgerChange, LedgerEntry, Store } from '../ports/store.ts';

/**
 * A job's store whose ledger entries are held back and written together at the end of the
 * job's transaction. Every ledger append takes the record lock until commit (it is what keeps
 * the ledger gap-free under many writers), so appending at the end holds that lock for one
 * INSERT and the COMMIT instead of the whole job: the difference between workers that
 * scale and workers that queue behind each other.
 *
 * Only for callers that do not use the entry `append` returns (the ingest pipeline): its
 * `seq` is not known until the flush, and is returned as NaN.
 */
export function deferLedger(store: Store): { store: Store; flush(): Promise<void> } {
  const held: LedgerChange[] = [];
  const ledger = {
    ...store.ledger,
    async append(change: LedgerChange): Promise<LedgerEntry> {
      const event = {
        kind: change.kind,
        subject: change.subject,
        actor: change.actor,
        at: change.at,
        digest: recordDigest(change.record),
      };
      held.push({ ...change, digest: event.digest });
      return { ...event, seq: Number.NaN, leafHash: leafHash(canonicalJson(event)) };
    },
  };
  const deferred: Store = { ...store, ledger, atomically: (work) => store.atomically(() => work(deferred)) };
  return {
    store: deferred,
    async flush() {
      const changes = held.splice(0);
      if (changes.length === 0) return;
      if (typeof store.ledger.appendMany === 'function') await store.ledger.appendMany(changes);
      else for (const c of changes) await store.ledger.append(c);
    },
  };
}
