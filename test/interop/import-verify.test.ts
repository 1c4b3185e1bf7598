import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandImportBatches } from '../../src/interop/import-ledger.ts';
import type { Finding } from '../../src/ledger/verify.ts';
import { checkRecords, scanLedger } from '../../src/ledger/verify-records.ts';
import type { Store } from '../../src/ports/store.ts';
import { importFile, openInteropStore, ucdpCsv, writeFile } from './support.ts';

/**
 * What `vigil verify` does with the records, with the import reader wired in as the ledger's
 * verify is to wire it: the ledger read, each `import.batch` entry expanded into its listed
 * records (`expandImportBatches`), and the `import` family (summaries and listings) audited
 * beside the other families.
 */
async function verifyRecords(store: Store): Promise<{ failures: Finding[]; notes: string[] }> {
  const failures: Finding[] = [];
  const notes: string[] = [];
  const { latest } = await scanLedger(store, failures);
  await expandImportBatches(store, latest);
  const audit = store.recordAudit;
  const wired: Store = {
    ...store,
    recordAudit: {
      families: () => [...audit.families(), 'import'],
      records: (family) => (family === 'import' ? store.imports.auditRecords() : audit.records(family)),
    },
  };
  await checkRecords(wired, latest, failures, notes);
  return { failures, notes };
}

describe('verifying imported records through their batch entries', () => {
  let s: Awaited<ReturnType<typeof openInteropStore>>;
  let raw: Database.Database;
  beforeEach(async () => {
    s = await openInteropStore();
    const rows = Array.from({ length: 2500 }, (_, i) => ({ id: String(800_000 + i) }));
    const result = await importFile(s.deps, writeFile(s.dir, 'many.csv', ucdpCsv(rows)), 'ucdp');
    expect(result).toMatchObject({ status: 'imported', summary: { rows: 2500 } });
    raw = new Database(`${s.dir}/test.db`);
  });
  afterEach(async () => {
    raw.close();
    await s.close();
  });

  it('finds every imported record logged, in five batches of 500 rows, and nothing unread', async () => {
    const kinds = (await s.store.ledger.range(1, 100)).map((e) => e.kind);
    expect(kinds).toEqual([...Array(5).fill('import.batch'), 'import.recorded']);
    expect(await verifyRecords(s.store)).toEqual({ failures: [], notes: [] });
  });

  it('names an imported incident edited behind the ledger', async () => {
    raw
      .prepare(
        `UPDATE incidents SET body = replace(body, '"independence":1', '"independence":3') WHERE id = ?`,
      )
      .run('inc-ucdp-801234');
    const { failures } = await verifyRecords(s.store);
    expect(failures).toEqual([
      expect.objectContaining({
        where: 'incident inc-ucdp-801234',
        what: expect.stringMatching(/differs from/),
      }),
    ]);
  });

  it('names a kept dataset row edited behind the ledger (its derived claim would change)', async () => {
    raw
      .prepare(
        `UPDATE dataset_rows SET text = replace(text, 'Coastal Front', 'Other Front') WHERE incident_id = ?`,
      )
      .run('inc-ucdp-801234');
    const { failures } = await verifyRecords(s.store);
    expect(failures).toEqual([
      expect.objectContaining({
        where: expect.stringMatching(/^import imp-[0-9a-f]{16}\/l\d+$/),
        what: expect.stringMatching(/differs from/),
      }),
    ]);
  });

  it('names a batch listing edited to match an edited record', async () => {
    raw.prepare(`UPDATE incidents SET body = replace(body, '"independence":1', '"independence":3')`).run();
    const listing = raw.prepare(`SELECT subject, listing FROM import_batches ORDER BY subject`).get() as {
      subject: string;
      listing: string;
    };
    raw
      .prepare('UPDATE import_batches SET listing = ? WHERE subject = ?')
      .run(
        listing.listing.replace(/"incident","([^"]+)","[0-9a-f]+"/, '"incident","$1","00"'),
        listing.subject,
      );
    const { failures } = await verifyRecords(s.store);
    expect(failures.map((f) => f.where)).toContain(`import ${listing.subject}`);
  });
});
