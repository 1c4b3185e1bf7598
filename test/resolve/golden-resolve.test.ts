import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.ts';
import { ROOT } from '../support/shared.ts';
import { contradictionsOf, readCase, runCase } from './golden-harness.ts';

const CASES = join(ROOT, 'test', 'golden', 'resolve');
const dirs = existsSync(CASES)
  ? readdirSync(CASES).filter((d) => existsSync(join(CASES, d, 'input.json')))
  : [];
const scratch = tempDir('vigil-golden-resolve-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('golden resolution cases', () => {
  it('has cases to run', () => {
    expect(dirs.length).toBeGreaterThan(0);
  });

  for (const name of dirs) {
    it(`resolves ${name} to the incidents it was written to describe`, async () => {
      const { input, expected } = readCase(join(CASES, name));
      const run = await runCase(input, join(scratch, `${name}.db`));
      try {
        const final = run.snapshots.at(-1)!.incidents;
        const actual = final.map((i) => ({ ...i, claimIds: [...i.claimIds].sort() }));
        const byClaims = new Map(actual.map((i) => [i.claimIds.join(' '), i]));
        const summary = actual.map(
          (i) => `${i.claimIds.join(',')} → ${i.grade} (${i.independence}): ${i.gradeReason}`,
        );

        // Every claim sits in exactly one incident, and the incidents are exactly the expected ones.
        expect(actual.map((i) => i.claimIds.join(' ')).sort(), summary.join('\n')).toEqual(
          expected.incidents.map((e) => [...e.claims].sort().join(' ')).sort(),
        );
        for (const e of expected.incidents) {
          const got = byClaims.get([...e.claims].sort().join(' '))!;
          const where = `${name}: incident of ${e.claims.join(', ')} — ${got.gradeReason}`;
          expect(got.grade, where).toBe(e.grade);
          expect(got.independence, where).toBe(e.independence);
          if (e.type) expect(got.type, where).toBe(e.type);
          if (e.subType !== undefined) expect(got.subType, where).toBe(e.subType);
          if (e.killed !== undefined) {
            expect(
              got.casualties.killed
                ? { min: got.casualties.killed.min, max: got.casualties.killed.max }
                : null,
              where,
            ).toEqual(e.killed);
          }
          const kinds = (await contradictionsOf(run.store, got.id)).map((c) => c.kind).sort();
          expect(kinds, where).toEqual([...(e.contradictions ?? [])].sort());
          for (const words of e.reasonIncludes ?? []) expect(got.gradeReason, where).toContain(words);
        }
        for (const [report, from] of Object.entries(expected.derivedFrom ?? {})) {
          const sig = await run.store.nearDuplicates.get(report);
          expect(sig?.derivedFrom ?? null, `${report} derives from`).toBe(from);
        }
        // Re-resolving changes nothing: same ids, same claims, same grades.
        for (let i = 1; i < run.snapshots.length; i++) {
          const step = run.snapshots[i]!;
          if (step.step !== 'resolve-again' && step.step !== 'resolve-from-scratch') continue;
          const before = run.snapshots[i - 1]!.incidents.map(
            (x) => `${x.id} ${[...x.claimIds].sort()} ${x.grade}`,
          ).sort();
          const after = step.incidents.map((x) => `${x.id} ${[...x.claimIds].sort()} ${x.grade}`).sort();
          expect(after, `${step.step} keeps incidents and their ids`).toEqual(before);
        }
      } finally {
        await run.close();
      }
    });
  }
});
