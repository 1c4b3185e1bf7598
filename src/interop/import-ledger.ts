import type { Store } from '../ports/store.ts';

/**
 * How a bulk import is logged. A dataset of 400,000 rows becomes 1.2 million records (a report,
 * a claim and an incident per row); one ledger entry each was a quarter of an import's time.
 * So each batch of rows gets ONE entry, kind `import.batch`, subject `<import id>/<n>`, whose
 * digest is the `recordDigest` of the batch's listing: every record the batch wrote, as
 * `[family, subject, digest of the record]`. The listing is kept in the store; `vigil verify`
 * checks it against its entry like any record (family `import`) and then checks each listed
 * record against the digest the listing gives it, exactly as if the record had its own entry
 * at the batch's position in the log. A later entry for the same record (an incident merged
 * by resolution) supersedes the listing's, as a later entry always does.
 */
export const IMPORT_BATCH_KIND = 'import.batch';

/** One batch's listing, as logged. Keys in canonical (sorted) order. */
export interface ImportBatchListing {
  batch: number;
  import: string;
  records: [family: string, subject: string, digest: string][];
}

export const importBatchSubject = (importId: string, batch: number) => `${importId}/${batch}`;

/** The latest ledger entry for one record, as verify keeps it (src/ledger/verify-records.ts). */
export interface LatestEntryLike {
  seq: number;
  kind: string;
  digest: string;
}

/**
 * For `vigil verify`, right after it has read the ledger into `latest` (family NUL subject →
 * latest entry) and before it checks the stored records: adds, for every record an
 * `import.batch` entry lists, the entry that listing stands for, unless a later entry for that
 * record is already there. Listings are read from the store; whether each still matches its
 * entry's digest is checked with the `import` family of the record audit, so a listing edited
 * to cover an edited record is caught there. Returns how many records it added.
 */
export async function expandImportBatches(
  store: Pick<Store, 'imports'>,
  latest: Map<string, LatestEntryLike>,
): Promise<number> {
  let added = 0;
  for await (const { subject, listing } of store.imports.batchListings()) {
    const entry = latest.get(`import\u0000${subject}`);
    if (!entry || entry.kind !== IMPORT_BATCH_KIND) continue;
    let parsed: ImportBatchListing;
    try {
      parsed = JSON.parse(listing) as ImportBatchListing;
    } catch {
      continue; // Named by the record audit: the listing cannot be read.
    }
    for (const [family, recordSubject, digest] of parsed.records ?? []) {
      const key = `${family}\u0000${recordSubject}`;
      const known = latest.get(key);
      if (known && known.seq > entry.seq) continue;
      latest.set(key, { seq: entry.seq, kind: `${family}.imported`, digest });
      added++;
    }
  }
  return added;
}
