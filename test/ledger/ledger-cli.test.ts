import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, leafHash } from '../../src/ledger/canonical.ts';
import { checkpointProblem } from '../../src/ledger/checkpoint.ts';
import { verifyConsistency, verifyInclusion } from '../../src/ledger/merkle.ts';
import { freshApp, someIncident } from '../evidence/fixtures.ts';
import { runCli } from '../support/cli.ts';

let ctx: Awaited<ReturnType<typeof freshApp>>;
const cli = (...args: string[]) => runCli(['--db', ctx.db, ...args]);
const hex = (s: string) => Buffer.from(s, 'hex');

beforeAll(async () => {
  ctx = await freshApp();
  await someIncident(ctx.app, ctx.dir, 'shelling of Baniyas');
});
afterAll(async () => {
  await ctx.close();
});

describe('vigil ledger', () => {
  it('prints checkpoints to publish, and proofs anyone can check with the RFC 6962 algorithms alone', async () => {
    const first = await cli('ledger', 'checkpoint', '--out', join(ctx.dir, 'cp1.json'));
    expect(first.code).toBe(0);
    const cp1 = JSON.parse(first.stdout);
    expect(JSON.parse(readFileSync(join(ctx.dir, 'cp1.json'), 'utf8'))).toEqual(cp1);
    expect(cp1).toMatchObject({ format: 'vigil-checkpoint/1', size: 3 });
    expect(checkpointProblem(cp1)).toBeNull();

    await someIncident(ctx.app, ctx.dir, 'an air strike on Jableh');
    const cp2 = JSON.parse((await cli('ledger', 'checkpoint', '--out', join(ctx.dir, 'cp2.json'))).stdout);
    expect(cp2.size).toBe(6);

    const inclusion = await cli('ledger', 'prove', '--inclusion', '2', '--size', '3');
    expect(inclusion.code).toBe(0);
    const p = JSON.parse(inclusion.stdout);
    // Recompute the leaf from the entry as printed: nothing is taken on trust.
    expect(leafHash(canonicalJson({ ...p.entry, seq: undefined }))).toBe(p.leafHash);
    expect(verifyInclusion(hex(p.leafHash), 1, 3, p.proof.map(hex), hex(cp1.root))).toBe(true);

    const consistency = await cli(
      'ledger',
      'prove',
      '--consistency',
      join(ctx.dir, 'cp1.json'),
      join(ctx.dir, 'cp2.json'),
    );
    expect(consistency.code).toBe(0);
    const c = JSON.parse(consistency.stdout);
    expect(c).toMatchObject({
      first: 3,
      second: 6,
      firstRoot: cp1.root,
      secondRoot: cp2.root,
      verified: true,
    });
    expect(verifyConsistency(3, 6, hex(cp1.root), hex(cp2.root), c.proof.map(hex))).toBe(true);

    const status = JSON.parse((await cli('ledger', 'status')).stdout);
    expect(status).toMatchObject({ size: 6, root: cp2.root, checkpoints: 2, key: cp1.keyId });
  });

  it('says what is wrong with a bad request, with the usage exit code', async () => {
    const beyond = await cli('ledger', 'prove', '--inclusion', '999');
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toMatch(/there is no ledger entry #999 \(the ledger has \d+\)/);
    const notNumber = await cli('ledger', 'prove', '--inclusion', 'two');
    expect(notNumber.code).toBe(2);
    expect(notNumber.stderr).toContain('--inclusion must be a whole number');
    const forged = JSON.parse(readFileSync(join(ctx.dir, 'cp1.json'), 'utf8'));
    writeFileSync(join(ctx.dir, 'forged.json'), JSON.stringify({ ...forged, size: forged.size + 1 }));
    const bad = await cli('ledger', 'prove', '--consistency', join(ctx.dir, 'forged.json'), '6');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('its signature does not verify');
  });
});
