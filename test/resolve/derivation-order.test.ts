import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.ts';
import { shuffled } from '../support/seeded.ts';
import { ROOT } from '../support/shared.ts';
import { type GoldenInput, type GoldenReport, readCase, runCase } from './golden-harness.ts';

const scratch = tempDir('vigil-derivation-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const wireCase = () => readCase(join(ROOT, 'test', 'golden', 'resolve', 'wire-copies-and-spun-clone')).input;

/** What must not depend on arrival: each report's original, each claim's origin, each incident's grade. */
async function outcome(input: GoldenInput, name: string) {
  const run = await runCase(input, join(scratch, `${name}.db`));
  try {
    const derivedFrom: Record<string, string | null> = {};
    for (const r of input.reports)
      derivedFrom[r.id] = (await run.store.nearDuplicates.get(r.id))?.derivedFrom ?? null;
    const incidents = run.snapshots.at(-1)!.incidents;
    const links = await run.store.claimLinks.forIncidents(incidents.map((i) => i.id));
    const origins = Object.fromEntries(
      links.map((l) => [l.claimId, l.origin.label] as const).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    const grades = incidents
      .map((i) => ({
        id: i.id,
        claims: [...i.claimIds].sort(),
        grade: i.grade,
        independence: i.independence,
        reason: i.gradeReason,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    return { derivedFrom, origins, grades };
  } finally {
    await run.close();
  }
}

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

  it('gives same-day copies the same originals, origins and grades whatever order they arrive in', async () => {
    // Every copy published the same day as the wire story, none of them by a wire service but
    // the wire itself: the report id alone decides between outlets' copies.
    const sameDay: GoldenReport[] = wireCase().reports.map((r) => ({ ...r, published: '2025-03-09' }));
    const input = { ...wireCase(), reports: sameDay };
    const reference = await outcome(input, 'same-day-in-order');
    expect(reference.derivedFrom['rep-wire']).toBeNull();
    // Every other report is a copy: the orders below decide between several candidate originals.
    for (const r of sameDay)
      if (r.id !== 'rep-wire') expect(reference.derivedFrom[r.id], r.id).not.toBeNull();
    const orders = [[...sameDay].reverse(), ...[3, 5, 8, 13].map((seed) => shuffled(sameDay, seed))];
    for (const [n, reports] of orders.entries()) {
      const result = await outcome({ ...input, reports }, `same-day-${n}`);
      expect(result, reports.map((r) => r.id).join(' ')).toEqual(reference);
    }
  });

  it('gives an outlet published the same day as the wire story the wire story as original, whichever came first', async () => {
    const [wire, harbour] = wireCase().reports as [GoldenReport, GoldenReport];
    const input = { ...wireCase(), reports: [harbour, wire] };
    const result = await outcome(input, 'wire-second');
    expect(result).toEqual(await outcome({ ...input, reports: [wire, harbour] }, 'wire-first'));
    expect(result.derivedFrom).toEqual({ 'rep-harbour': 'rep-wire', 'rep-wire': null });
  });
});
