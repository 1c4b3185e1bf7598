import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.ts';
import { ROOT } from '../support/shared.ts';

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

  it('tallies the incidents of an ingested report, each counted once', async () => {
    const file = join(ROOT, 'examples', 'demo', '2025-03-08-crm-baniyas.txt');
    expect((await runCli(['--db', db, 'ingest', file])).code).toBe(0);
    const incidents = (await runCli(['--db', db, 'incidents', '--json'])).stdout
      .trim()
      .split('\n')
      .filter(Boolean);
    const tally = await runCli(['--db', db, 'tally', '--by', 'type', '--json']);
    expect(tally.code).toBe(0);
    const rows = tally.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const counted = incidents.map((l) => JSON.parse(l)).filter((i) => i.grade !== 'discounted');
    expect(rows.reduce((n, r) => n + r.incidents, 0)).toBe(counted.length);
    const killed = counted.reduce((n, i) => n + (i.casualties.killed?.min ?? 0), 0);
    expect(rows.reduce((n, r) => n + r.sums.killed.min, 0)).toBe(killed);
  });

  it('lists sources and puts one in an origin group', async () => {
    const list = await runCli(['--db', db, 'sources', '--json']);
    const sources = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const monitor = sources.find((s) => s.name === 'Coastal Rights Monitor');
    expect(monitor).toBeDefined();
    const set = await runCli([
      '--db',
      db,
      '--actor',
      'amal',
      'sources',
      'set-origin-group',
      monitor.id,
      'Coastal network',
      '--reason',
      'one network',
    ]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('is now in origin group "Coastal network"');
  });
});
