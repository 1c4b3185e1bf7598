import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, entryJson, leafHash, recordDigest } from '../../src/ledger/canonical.ts';
import { MemoryTree } from '../../src/ledger/memory-tree.ts';
import { rootAt } from '../../src/ledger/merkle.ts';
import type { LedgerChange } from '../../src/ports/store.ts';
import { freshStoreEach } from '../contracts/open-each.ts';
import { storeFixtures } from '../support/stores.ts';

const change = (i: number): LedgerChange => ({
  kind: 'custody.recorded',
  subject: `cus-${i}`,
  actor: i % 2 ? 'analyst "A"' : 'analyst\u00e9',
  at: '2025-03-10T08:00:00.000Z',
  record: { id: `cus-${i}`, detail: { b: i, a: [i, null] } },
});

/**
 * The straightforward definitions the ledger's entries were first hashed with: logs written
 * then must still verify, so the faster code must give the same bytes for every record.
 */
function referenceJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : referenceJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceJson(v)}`).join(',')}}`;
}
const referenceLeaf = (leaf: string | Uint8Array) =>
  createHash('sha256')
    .update(Buffer.from([0]))
    .update(typeof leaf === 'string' ? Buffer.from(leaf, 'utf8') : leaf)
    .digest('hex');

describe('the entry hashing the ledger does on every append', () => {
  it('gives the same canonical JSON and leaf hashes as the reference definitions', () => {
    const records: unknown[] = [
      null,
      0,
      -0,
      1e300,
      'x\u2028"é\\',
      [1, undefined, { b: 1, a: [null, true] }],
      { z: undefined, é: 1, É: 2, when: new Date(0), f: () => 1, nested: { '': [[]], Z: 'y', a: -1.5 } },
      { '\ud83d': 'lone surrogate', emoji: '🙂', casualties: { killed: { min: 12, max: 12 } } },
    ];
    for (const r of records) {
      expect(canonicalJson(r)).toBe(referenceJson(r));
      expect(leafHash(canonicalJson(r))).toBe(referenceLeaf(referenceJson(r)));
    }
    for (const bytes of [new Uint8Array(0), new Uint8Array([0, 1, 255]), Buffer.from('abc')]) {
      expect(leafHash(bytes)).toBe(referenceLeaf(bytes));
    }
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
  });

  it('writes an entry exactly as canonical JSON would, quotes and non-ASCII included', () => {
    const e = { kind: 'k"\n', subject: 's\u2028é', actor: '\\', at: 't', digest: 'd' };
    expect(entryJson(e)).toBe(canonicalJson(e));
  });
});

describe.each(storeFixtures())('ledger appends in bulk on $name', (fixture) => {
  const s = freshStoreEach(fixture);

  it('numbers a batch larger than one insert consecutively, each entry as `append` would make it', async () => {
    await s.store.ledger.append(change(0));
    // 1,234 changes: two full multi-row inserts and a partial one.
    const batch = Array.from({ length: 1234 }, (_, i) => change(i + 1));
    await s.store.atomically((tx) => tx.ledger.appendMany(batch));
    const single = await s.store.atomically(async (tx) => {
      const out = [];
      for (let i = 1235; i < 1240; i++) out.push(await tx.ledger.append(change(i)));
      return out;
    });
    expect(single.map((e) => e.seq)).toEqual([1236, 1237, 1238, 1239, 1240]);
    const entries = await s.store.ledger.range(1, 2000);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 1240 }, (_, i) => i + 1));
    for (const [i, e] of entries.entries()) {
      const c = change(i);
      const fields = {
        kind: c.kind,
        subject: c.subject,
        actor: c.actor,
        at: c.at,
        digest: recordDigest(c.record),
      };
      expect(e).toEqual({ ...fields, seq: i + 1, leafHash: leafHash(canonicalJson(fields)) });
    }
    // The tree over them is the tree over the leaves recomputed from scratch.
    const tree = MemoryTree.of(entries.map((e) => Buffer.from(e.leafHash, 'hex')));
    const again = MemoryTree.of(
      entries.map((e) =>
        Buffer.from(
          leafHash(
            canonicalJson({ kind: e.kind, subject: e.subject, actor: e.actor, at: e.at, digest: e.digest }),
          ),
          'hex',
        ),
      ),
    );
    expect(rootAt(tree, 1240).equals(rootAt(again, 1240))).toBe(true);
  });

  it('leaves nothing of a batch when its transaction fails', async () => {
    await s.store.ledger.append(change(0));
    await expect(
      s.store.atomically(async (tx) => {
        await tx.ledger.appendMany(Array.from({ length: 700 }, (_, i) => change(i + 1)));
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    expect(await s.store.ledger.size()).toBe(1);
    expect((await s.store.ledger.append(change(1))).seq).toBe(2);
  });
});
