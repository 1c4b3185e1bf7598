import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.ts';
import { ROOT } from '../support/shared.ts';
import { readCase, runCase } from './golden-harness.ts';

const scratch = tempDir('vigil-derivation-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('which copy is the original', () => {
  it('makes the earlier-published report the original even when its copies arrived first', async () => {
    const { input } = readCase(join(ROOT, 'test', 'golden', 'resolve', 'wire-copies-and-spun-clone'));
    // The copies (one published later the same day, three a day later) arrive first; the wire
    // story arrives last.
    const later = input.reports.filter((r) => r.id !== 'rep-wire');
    const reports = [...later, input.reports[0]!];
    const run = await runCase({ ...input, reports }, join(scratch, 'late-original.db'));
    try {
      expect((await run.store.nearDuplicates.get('rep-wire'))?.derivedFrom).toBeNull();
      // Each copy derives, directly or through an earlier copy, from the wire story.
      for (const copy of later) {
        let at = copy.id;
        for (let hop = 0; hop < 5 && at !== 'rep-wire'; hop++)
          at = (await run.store.nearDuplicates.get(at))!.derivedFrom!;
        expect(at).toBe('rep-wire');
      }
      const incidents = run.snapshots.at(-1)!.incidents;
      expect(incidents).toHaveLength(2);
      for (const i of incidents) {
        expect(i.claimIds).toHaveLength(5);
        expect(i.independence).toBe(1);
      }
      // Every claim now traces to the wire story (or the people it quoted), not to a copy.
      const links = await run.store.claimLinks.forIncidents(incidents.map((i) => i.id));
      expect(links.every((l) => l.origin.label.includes('North Star Wire'))).toBe(true);
    } finally {
      await run.close();
    }
  });
});
