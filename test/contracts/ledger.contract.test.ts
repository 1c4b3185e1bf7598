import { describe, expect, it } from 'vitest';
import { canonicalJson, leafHash, recordDigest } from '../../src/ledger/canonical.ts';
import type { LedgerChange } from '../../src/ports/store.ts';
import { storeFixtures } from '../support/stores.ts';
import { freshStoreEach } from './open-each.ts';

const change = (subject: string, record: unknown = { subject }): LedgerChange => ({
  kind: 'report.ingested',
  subject,
  actor: 'analyst-1',
  at: '2025-03-10T08:00:00.000Z',
  record,
});

describe.each(storeFixtures())('the ledger store on $name', (fixture) => {
  const s = freshStoreEach(fixture);

  it('numbers entries from one and hashes each as RFC 6962 leaf of its canonical JSON', async () => {
    const first = await s.store.ledger.append(change('rep-1', { b: 2, a: 1 }));
    const second = await s.store.ledger.append(change('rep-2'));
    const event = {
      kind: 'report.ingested',
      subject: 'rep-1',
      actor: 'analyst-1',
      at: '2025-03-10T08:00:00.000Z',
      digest: recordDigest({ a: 1, b: 2 }),
    };
    expect(first).toEqual({ ...event, seq: 1, leafHash: leafHash(canonicalJson(event)) });
    expect(second.seq).toBe(2);
    expect(await s.store.ledger.size()).toBe(2);
    expect(await s.store.ledger.range(1, 2)).toEqual([first, second]);
  });

  it('returns an inclusive range in order', async () => {
    for (let i = 1; i <= 6; i++) await s.store.ledger.append(change(`rep-${i}`));
    expect((await s.store.ledger.range(2, 4)).map((e) => [e.seq, e.subject])).toEqual([
      [2, 'rep-2'],
      [3, 'rep-3'],
      [4, 'rep-4'],
    ]);
    expect(await s.store.ledger.range(7, 9)).toEqual([]);
  });

  it('leaves no gap in the numbering when a unit of work is rolled back', async () => {
    await s.store.ledger.append(change('rep-1'));
    await expect(
      s.store.atomically(async (tx) => {
        await tx.ledger.append(change('rep-lost'));
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    const next = await s.store.ledger.append(change('rep-2'));
    expect(next.seq).toBe(2);
    expect((await s.store.ledger.range(1, 10)).map((e) => e.subject)).toEqual(['rep-1', 'rep-2']);
  });

  it('appends a batch in order, as one-by-one appends would, beside writers appending at once', async () => {
    await s.store.ledger.append(change('first'));
    await Promise.all([
      s.store.atomically((tx) => tx.ledger.appendMany([0, 1, 2, 3].map((i) => change(`batch-${i}`)))),
      ...[0, 1, 2].map((i) => s.store.ledger.append(change(`single-${i}`))),
    ]);
    const entries = await s.store.ledger.range(1, 100);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const batch = entries.filter((e) => e.subject.startsWith('batch-'));
    expect(batch.map((e) => e.subject)).toEqual(['batch-0', 'batch-1', 'batch-2', 'batch-3']);
    expect(batch[3]!.seq - batch[0]!.seq).toBe(3);
    const one = await s.store.ledger.append(change('batch-0'));
    expect(batch[0]!.leafHash).toBe(one.leafHash);
  });

  it('numbers entries without gaps or repeats when many writers append at once', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, w) =>
        s.store.atomically(async (tx) => {
          for (let i = 0; i < 5; i++) await tx.ledger.append(change(`w${w}-${i}`));
        }),
      ),
    );
    await Promise.all(Array.from({ length: 8 }, (_, i) => s.store.ledger.append(change(`solo-${i}`))));
    const entries = await s.store.ledger.range(1, 1000);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
    expect(await s.store.ledger.size()).toBe(48);
    // One unit of work's entries stay together, in the order it appended them.
    for (let w = 0; w < 8; w++) {
      const mine = entries.filter((e) => e.subject.startsWith(`w${w}-`));
      expect(mine.map((e) => e.subject)).toEqual([0, 1, 2, 3, 4].map((i) => `w${w}-${i}`));
      expect(mine[4]!.seq - mine[0]!.seq).toBe(4);
    }
  });
});
