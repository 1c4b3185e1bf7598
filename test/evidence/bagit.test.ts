import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportBag } from '../../src/evidence/bagit.ts';
import { verifyBag } from '../../src/evidence/bagit-verify.ts';
import { addEvidence, custodyChain, expectEvidence, recordCustody } from '../../src/evidence/vault.ts';
import { runCli } from '../support/cli.ts';
import { freshApp, sceneJpeg, someIncident } from './fixtures.ts';

let ctx: Awaited<ReturnType<typeof freshApp>>;
let incident: string;
let items: string[];

beforeEach(async () => {
  ctx = await freshApp();
  incident = await someIncident(ctx.app, ctx.dir);
  await someIncident(ctx.app, ctx.dir, 'an unrelated strike elsewhere');
  items = [];
  for (const [seed, name] of [
    [31, 'street photo.jpg'],
    [32, 'café (2).jpg'],
  ] as const) {
    const file = join(ctx.dir, `in-${seed}.jpg`);
    writeFileSync(file, await sceneJpeg(seed));
    const { item } = await addEvidence(ctx.app.evidence, {
      path: file,
      fileName: name,
      actor: 'collector',
      incidentId: incident,
    });
    items.push(item.id);
  }
  await recordCustody(ctx.app.evidence, {
    evidenceId: items[0]!,
    action: 'view',
    actor: 'reviewer',
    reason: 'triage',
  });
  await expectEvidence(ctx.app.evidence, {
    incidentId: incident,
    described: 'a video',
    heldBy: 'a resident',
    actor: 'analyst',
  });
});
afterEach(async () => {
  await ctx.close();
});

const sha256 = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

function filesUnder(root: string, sub: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(relative(root, join(d, e.name)).split(sep).join('/'));
    }
  };
  walk(join(root, sub));
  return out.sort();
}

/**
 * An independent check of RFC 8493's "valid bag" (§3), written from the RFC for this test:
 * bagit.txt's two lines; every payload file in every payload manifest and every manifest
 * line's file present with that checksum; tag manifest lines checked; Payload-Oxum.
 */
function rfc8493Problems(bag: string): string[] {
  const problems: string[] = [];
  const declaration = readFileSync(join(bag, 'bagit.txt'), 'utf8');
  if (declaration !== 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n') problems.push('bagit.txt');
  const payload = filesUnder(bag, 'data');
  const top = readdirSync(bag);
  const manifests = top.filter((n) => /^manifest-(sha256|sha512|md5|sha1)\.txt$/.test(n));
  if (!manifests.includes('manifest-sha256.txt')) problems.push('no manifest-sha256.txt');
  for (const name of manifests) {
    const alg = name.slice(9, -4);
    const lines = readFileSync(join(bag, name), 'utf8').split('\n').filter(Boolean);
    const listed = new Map(lines.map((l) => [l.slice(l.search(/\s/)).trim(), l.slice(0, l.search(/\s/))]));
    for (const f of payload) if (!listed.has(f)) problems.push(`${f} not in ${name}`);
    for (const [f, sum] of listed) {
      if (!f.startsWith('data/')) problems.push(`${name} lists ${f}`);
      const actual = createHash(alg)
        .update(readFileSync(join(bag, f)))
        .digest('hex');
      if (actual !== sum) problems.push(`${f} ${alg}`);
    }
  }
  const tags = top.filter((n) => /^tagmanifest-\w+\.txt$/.test(n));
  if (!tags.includes('tagmanifest-sha256.txt')) problems.push('no tagmanifest-sha256.txt');
  for (const name of tags) {
    for (const l of readFileSync(join(bag, name), 'utf8').split('\n').filter(Boolean)) {
      const [sum, f] = [l.slice(0, l.search(/\s/)), l.slice(l.search(/\s/)).trim()];
      if (f.startsWith('data/') || f.startsWith('tagmanifest-')) problems.push(`${name} lists ${f}`);
      if (sha256(join(bag, f)) !== sum) problems.push(`${f} (tag)`);
    }
  }
  const info = readFileSync(join(bag, 'bag-info.txt'), 'utf8');
  const oxum = /^Payload-Oxum: (\d+)\.(\d+)$/m.exec(info);
  const bytes = payload.reduce((n, f) => n + statSync(join(bag, f)).size, 0);
  if (!oxum || Number(oxum[1]) !== bytes || Number(oxum[2]) !== payload.length) problems.push('Payload-Oxum');
  if (!/^Bagging-Date: \d{4}-\d{2}-\d{2}$/m.test(info)) problems.push('Bagging-Date');
  return problems;
}

const sha256sumCheck = (bag: string) =>
  spawnSync('sha256sum', ['-c', '--quiet', 'manifest-sha256.txt'], { cwd: bag });

describe('evidence packages (BagIt)', () => {
  it('writes a bag that coreutils, an RFC 8493 check and verify-bag all accept', async () => {
    const bag = join(ctx.dir, 'bag');
    const cli = await runCli([
      '--db',
      ctx.db,
      'evidence',
      'export',
      '--incident',
      incident,
      '--bagit',
      bag,
      '--reason',
      'for the commission',
    ]);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);

    expect(sha256sumCheck(bag).status).toBe(0);
    expect(rfc8493Problems(bag)).toEqual([]);
    const report = await verifyBag(bag);
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);

    const payload = filesUnder(bag, 'data');
    expect(payload.filter((f) => f.startsWith('data/evidence/'))).toHaveLength(2);
    expect(payload).toContain('data/records/incident.json');
    expect(payload).toContain('data/ledger/checkpoint.json');
    expect(payload.filter((f) => f.startsWith('data/custody/'))).toHaveLength(2);
    expect(payload.some((f) => f.startsWith('data/records/pending/'))).toBe(true);
    // The evidentiary files are byte for byte what the vault holds.
    for (const id of items) {
      const item = (await ctx.app.store.evidence.get(id))!;
      const [file] = payload.filter((f) => f.startsWith(`data/evidence/${id}/`));
      expect(sha256(join(bag, file!))).toBe(item.sha256);
    }
    // The export itself is in each chain the bag carries, and proved.
    const chain = JSON.parse(readFileSync(join(bag, 'data', 'custody', `${items[0]}.json`), 'utf8'));
    expect(chain.at(-1)).toMatchObject({ action: 'export', reason: 'for the commission' });
    expect((await custodyChain(ctx.app.evidence, items[0]!)).at(-1)?.action).toBe('export');

    const offline = await runCli(['verify-bag', bag]);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toContain('valid:');
  });

  it('fails sha256sum and verify-bag alike when one byte of an evidentiary file changes', async () => {
    const bag = join(ctx.dir, 'bag');
    await exportBag(
      { ...ctx.app.evidence, keysDir: ctx.app.keysDir },
      { incidentId: incident, dir: bag, actor: 'a' },
    );
    const [file] = filesUnder(bag, 'data').filter((f) => f.startsWith('data/evidence/'));
    const bytes = readFileSync(join(bag, file!));
    bytes[100]! ^= 1;
    writeFileSync(join(bag, file!), bytes);
    expect(sha256sumCheck(bag).status).not.toBe(0);
    const report = await verifyBag(bag);
    expect(report.ok).toBe(false);
    expect(report.failures.map((f) => f.where)).toContain(file);
    const offline = await runCli(['verify-bag', bag]);
    expect(offline.code).toBe(6);
    expect(offline.stdout).toContain(`FAIL  ${file}`);
  });

  it('fails both when one byte of the incident record changes, naming the ledger entry it no longer matches', async () => {
    const bag = join(ctx.dir, 'bag');
    await exportBag(
      { ...ctx.app.evidence, keysDir: ctx.app.keysDir },
      { incidentId: incident, dir: bag, actor: 'a' },
    );
    const path = join(bag, 'data', 'records', 'incident.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"weak"', '"Weak"'));
    expect(sha256sumCheck(bag).status).not.toBe(0);
    const report = await verifyBag(bag);
    expect(report.failures).toContainEqual(
      expect.objectContaining({
        where: 'data/records/incident.json',
        what: expect.stringMatching(/differs from what ledger entry #\d+/),
      }),
    );
  });

  it('fails verify-bag when the checkpoint is signed by a key other than the announced one', async () => {
    const bag = join(ctx.dir, 'bag');
    const made = await exportBag(
      { ...ctx.app.evidence, keysDir: ctx.app.keysDir },
      { incidentId: incident, dir: bag, actor: 'a' },
    );
    expect((await verifyBag(bag, { expectKeyId: made.checkpoint.keyId })).ok).toBe(true);
    const report = await verifyBag(bag, { expectKeyId: '0123456789abcdef' });
    expect(report.failures.map((f) => f.what).join()).toContain('not the expected 0123456789abcdef');
  });

  it('refuses to write into a directory that is not empty, and leaves it alone', async () => {
    const bag = join(ctx.dir, 'taken');
    await runCli(['--db', ctx.db, 'evidence', 'export', '--incident', incident, '--bagit', bag]);
    const again = await runCli([
      '--db',
      ctx.db,
      'evidence',
      'export',
      '--incident',
      incident,
      '--bagit',
      bag,
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists and is not empty');
    expect((await verifyBag(bag)).ok).toBe(true);
  });
});
