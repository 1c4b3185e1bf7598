import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.ts';
import { ROOT } from '../support/shared.ts';
import { readCase, runCase } from './golden-harness.ts';

const dir = tempDir('vigil-resolve-cli-');
const db = join(dir, 'v.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vigil tally, review and sources', () => {
  it('refuses bad flags and unknown ids with a one-line error and its exit code', async () => {
    const bad = await runCli(['--db', db, 'tally', '--by', 'week']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--by must be one of admin1, day, type, grade/);
    expect((await runCli(['--db', db, 'review', 'merge', 'inc-a', '--reason', 'x'])).code).toBe(2);
    expect((await runCli(['--db', db, 'review', 'set', 'inc-a', 'grade', 'weak'])).stderr).toMatch(
      /--reason/,
    );
    const missing = await runCli(['--db', db, 'review', 'set', 'inc-nope', 'grade', 'weak', '--reason', 'r']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('no incident with id inc-nope');
    expect(
      (await runCli(['--db', db, 'sources', 'set-origin-group', 'Nobody', 'G', '--reason', 'r'])).code,
    ).toBe(4);
  });

  it('tallies incidents, each counted once however many claims tell it', async () => {
    const store = join(dir, 'cases.db');
    const { input } = readCase(join(ROOT, 'test', 'golden', 'resolve', 'wire-copies-and-spun-clone'));
    await (await runCase(input, store)).close();
    const tally = await runCli(['--db', store, 'tally', '--by', 'type', '--json']);
    expect(tally.code).toBe(0);
    const rows = tally.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // Five reports tell of 120 displaced families: one incident, counted once.
    const displacement = rows.find((r) => r.key === 'Displacement');
    expect(displacement).toMatchObject({ incidents: 1, sums: { displaced: { min: 120, max: 120 } } });
    const table = await runCli(['--db', store, 'tally']);
    expect(table.stdout).toMatch(/all\s+2\s/);
  });

  it('puts a source in an origin group, and records an analyst’s decision from the command line', async () => {
    const store = join(dir, 'origins.db');
    const { input } = readCase(join(ROOT, 'test', 'golden', 'resolve', 'monitor-residents-rights-group'));
    await (await runCase(input, store)).close();
    const set = await runCli([
      '--db',
      store,
      '--actor',
      'amal',
      'sources',
      'set-origin-group',
      'Justice Now International',
      'Coastal Rights Monitor',
      '--reason',
      'one network',
    ]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('1 incident(s) graded again');
    const [incident] = (await runCli(['--db', store, 'incidents', '--json'])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(incident.independence).toBe(2);
    const review = await runCli([
      '--db',
      store,
      '--actor',
      'amal',
      'review',
      'set',
      incident.id,
      'grade',
      'confirmed',
      '--reason',
      'video held',
      '--expect',
      `${incident.id}=${incident.version}`,
      '--json',
    ]);
    expect(review.code).toBe(0);
    expect(JSON.parse(review.stdout)).toMatchObject({ grade: 'confirmed', version: incident.version + 1 });
    const stale = await runCli([
      '--db',
      store,
      'review',
      'set',
      incident.id,
      'grade',
      'weak',
      '--reason',
      'x',
      '--expect',
      `${incident.id}=${incident.version}`,
    ]);
    expect(stale.code).toBe(5);
  });
});
