import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.ts';
import { shuffled } from '../support/seeded.ts';
import { freshApp, recordSnapshot, writeOrderCorpus } from './order-corpus.ts';

const scratch = tempDir('vigil-order-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function resolveInOrder(files: string[], name: string) {
  const app = await freshApp(join(scratch, `${name}.db`));
  try {
    await app.ingest(files, {});
    return await recordSnapshot(app);
  } finally {
    await app.close();
  }
}

describe('resolution does not depend on the order reports arrive in', () => {
  const files = writeOrderCorpus(join(scratch, 'corpus'), 160);

  it('gives the same incidents, grades, contradictions and tally for the same reports in any order', async () => {
    const inOrder = await resolveInOrder(files, 'in-order');
    // The corpus is worth the test: events told several times, copies folded, a denial.
    expect(inOrder.incidents.length).toBeGreaterThan(20);
    expect(inOrder.incidents.length).toBeLessThan(files.length);
    expect(inOrder.incidents.some((i) => i.claims.length >= 4)).toBe(true);
    expect(inOrder.incidents.some((i) => i.contradictions.some((c) => c.startsWith('denial')))).toBe(true);
    for (const seed of [1, 2]) {
      // Some reports arrive twice: the second time changes nothing.
      const order = shuffled(files, seed);
      const again = shuffled(files, seed + 100).slice(0, 20);
      const got = await resolveInOrder(
        [...order.slice(0, 80), ...again, ...order.slice(80)],
        `order-${seed}`,
      );
      expect(got.incidents.map((i) => i.id)).toEqual(inOrder.incidents.map((i) => i.id));
      expect(got).toEqual(inOrder);
    }
  }, 600_000);
});
