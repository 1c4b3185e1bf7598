import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/errors.ts';
import {
  addEvidence,
  addWorkingCopy,
  custodyChain,
  evidenceForIncident,
  expectEvidence,
  linkEvidence,
  openEvidenceStream,
  pendingForIncident,
  recordCustody,
} from '../../src/evidence/vault.ts';
import { runCli } from '../support/cli.ts';
import { freshApp, sceneJpeg, someIncident } from './fixtures.ts';

let ctx: Awaited<ReturnType<typeof freshApp>>;
beforeEach(async () => {
  ctx = await freshApp();
});
afterEach(async () => {
  await ctx.close();
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

describe('the evidence vault', () => {
  it('keeps a read-only evidentiary copy addressed by SHA-256, with MD5, and never touches the original', async () => {
    const bytes = await sceneJpeg(1);
    const file = join(ctx.dir, 'photo.jpg');
    writeFileSync(file, bytes);
    const before = statSync(file);
    const { item, duplicate } = await addEvidence(ctx.app.evidence, {
      path: file,
      fileName: 'photo.jpg',
      actor: 'analyst-a',
      source: 'Fictional Witness Network',
      collectedBy: 'Field team 2',
      collectedAt: '2025-03-09T10:00:00+02:00',
      url: 'https://example.org/p/1',
      note: 'sent by a contact',
    });
    expect(duplicate).toBe(false);
    expect(item.sha256).toBe(sha256(bytes));
    expect(item.md5).toBe(md5(bytes));
    expect(item.size).toBe(bytes.length);
    expect(item.mediaType).toBe('image/jpeg');
    expect(item.metadata).toMatchObject({
      source: 'Fictional Witness Network',
      collectedBy: 'Field team 2',
      collectedAt: '2025-03-09T10:00:00+02:00',
      url: 'https://example.org/p/1',
      note: 'sent by a contact',
      addedBy: 'analyst-a',
    });
    const stored = ctx.app.evidence.vault.pathOf(item.sha256);
    expect(readFileSync(stored).equals(bytes)).toBe(true);
    expect(statSync(stored).mode & 0o222).toBe(0);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    const streamed: Buffer[] = [];
    for await (const chunk of await openEvidenceStream(ctx.app.evidence, item.id))
      streamed.push(chunk as Buffer);
    expect(Buffer.concat(streamed).equals(bytes)).toBe(true);
  });

  it('holds the same bytes once: a second add is a second custody event on the same item', async () => {
    const bytes = await sceneJpeg(2);
    writeFileSync(join(ctx.dir, 'a.jpg'), bytes);
    writeFileSync(join(ctx.dir, 'copy-of-a.jpg'), bytes);
    const first = await addEvidence(ctx.app.evidence, {
      path: join(ctx.dir, 'a.jpg'),
      fileName: 'a.jpg',
      actor: 'one',
    });
    const second = await addEvidence(ctx.app.evidence, {
      path: join(ctx.dir, 'copy-of-a.jpg'),
      fileName: 'copy-of-a.jpg',
      actor: 'two',
      collectedBy: 'Field team 5',
    });
    expect(second.duplicate).toBe(true);
    expect(second.item.id).toBe(first.item.id);
    expect(await ctx.app.store.evidence.count()).toBe(1);
    const adds = (await custodyChain(ctx.app.evidence, first.item.id)).filter((e) => e.action === 'add');
    expect(adds.map((e) => [e.actor, e.detail?.fileName, e.detail?.duplicate ?? false])).toEqual([
      ['one', 'a.jpg', false],
      ['two', 'copy-of-a.jpg', true],
    ]);
    expect(adds[1]!.detail?.collectedBy).toBe('Field team 5');
  });

  it('judges the type from the bytes, not the name', async () => {
    const file = join(ctx.dir, 'holiday.png');
    writeFileSync(file, await sceneJpeg(3));
    const { item } = await addEvidence(ctx.app.evidence, { path: file, fileName: 'holiday.png', actor: 'a' });
    expect(item.mediaType).toBe('image/jpeg');
    expect(item.fileName).toBe('holiday.png');
  });

  it('stores a thumbnail as a separate working copy linked to the item', async () => {
    const file = join(ctx.dir, 'p.jpg');
    writeFileSync(file, await sceneJpeg(4));
    const { item } = await addEvidence(ctx.app.evidence, { path: file, fileName: 'p.jpg', actor: 'a' });
    const copies = await ctx.app.store.evidence.workingCopies(item.id);
    expect(copies.map((c) => c.role)).toEqual(['thumbnail']);
    const thumb = ctx.app.evidence.vault.workingPathOf(copies[0]!.sha256);
    expect(thumb).not.toBe(ctx.app.evidence.vault.pathOf(item.sha256));
    expect(sha256(readFileSync(thumb))).toBe(copies[0]!.sha256);

    const redacted = join(ctx.dir, 'p-blurred.jpg');
    writeFileSync(redacted, await sceneJpeg(40));
    const copy = await addWorkingCopy(ctx.app.evidence, {
      evidenceId: item.id,
      path: redacted,
      role: 'redacted',
      actor: 'editor',
      note: 'faces blurred',
    });
    expect(copy.role).toBe('redacted');
    expect((await ctx.app.store.evidence.workingCopies(item.id)).map((c) => c.role).sort()).toEqual([
      'redacted',
      'thumbnail',
    ]);
    // The evidentiary copy is untouched by either.
    expect(sha256(readFileSync(ctx.app.evidence.vault.pathOf(item.sha256)))).toBe(item.sha256);
    const derived = (await custodyChain(ctx.app.evidence, item.id)).filter((e) => e.action === 'derive');
    expect(derived.map((e) => e.detail?.role)).toEqual(['thumbnail', 'redacted']);
  });

  it('links items to incidents, and shows pending evidence until an item fulfils it', async () => {
    const incident = await someIncident(ctx.app, ctx.dir);
    const pending = await expectEvidence(ctx.app.evidence, {
      incidentId: incident,
      described: 'a 40-second video of the shelling',
      heldBy: 'a resident (fictional)',
      actor: 'analyst',
    });
    expect((await pendingForIncident(ctx.app.evidence, incident)).map((p) => p.id)).toEqual([pending.id]);

    const file = join(ctx.dir, 'still.jpg');
    writeFileSync(file, await sceneJpeg(5));
    const { item } = await addEvidence(ctx.app.evidence, {
      path: file,
      fileName: 'still.jpg',
      actor: 'analyst',
    });
    expect(await evidenceForIncident(ctx.app.evidence, incident)).toEqual([]);
    const linked = await linkEvidence(ctx.app.evidence, {
      evidenceId: item.id,
      incidentId: incident,
      actor: 'analyst',
      reason: 'the video arrived',
      pendingId: pending.id,
    });
    expect(linked.created).toBe(true);
    expect((await evidenceForIncident(ctx.app.evidence, incident)).map((i) => i.id)).toEqual([item.id]);
    expect(await pendingForIncident(ctx.app.evidence, incident)).toEqual([]);
    const all = await pendingForIncident(ctx.app.evidence, incident, { includeFulfilled: true });
    expect(all.map((p) => p.evidenceId)).toEqual([item.id]);
    // Linking again changes nothing.
    expect(
      (await linkEvidence(ctx.app.evidence, { evidenceId: item.id, incidentId: incident, actor: 'x' }))
        .created,
    ).toBe(false);
  });

  it('refuses to link to an incident that does not exist, and stores nothing for it', async () => {
    const file = join(ctx.dir, 'p.jpg');
    writeFileSync(file, await sceneJpeg(6));
    await expect(
      addEvidence(ctx.app.evidence, { path: file, fileName: 'p.jpg', actor: 'a', incidentId: 'inc-nope' }),
    ).rejects.toThrow(NotFoundError);
    expect(await ctx.app.store.evidence.count()).toBe(0);
    expect(await ctx.app.store.ledger.size()).toBe(0);
  });

  it('records every custody action with who, when, what and why, and prints the chain', async () => {
    const incident = await someIncident(ctx.app, ctx.dir);
    const file = join(ctx.dir, 'p.jpg');
    writeFileSync(file, await sceneJpeg(7));
    const { item } = await addEvidence(ctx.app.evidence, {
      path: file,
      fileName: 'p.jpg',
      actor: 'collector',
    });
    await recordCustody(ctx.app.evidence, {
      evidenceId: item.id,
      action: 'view',
      actor: 'reviewer',
      reason: 'triage',
    });
    await recordCustody(ctx.app.evidence, {
      evidenceId: item.id,
      action: 'download',
      actor: 'reviewer',
      reason: 'analysis',
    });
    await recordCustody(ctx.app.evidence, {
      evidenceId: item.id,
      action: 'transfer',
      actor: 'reviewer',
      reason: 'case file',
      detail: { to: 'Fictional Legal Team' },
    });
    await recordCustody(ctx.app.evidence, {
      evidenceId: item.id,
      action: 'annotation',
      actor: 'reviewer',
      detail: { note: 'smoke at left edge' },
    });
    await linkEvidence(ctx.app.evidence, {
      evidenceId: item.id,
      incidentId: incident,
      actor: 'reviewer',
      reason: 'same place',
    });
    await recordCustody(ctx.app.evidence, {
      evidenceId: item.id,
      action: 'export',
      actor: 'reviewer',
      reason: 'commission',
    });

    const chain = await custodyChain(ctx.app.evidence, item.id);
    expect(chain.map((e) => e.action)).toEqual([
      'add',
      'derive',
      'view',
      'download',
      'transfer',
      'annotation',
      'link',
      'export',
    ]);
    for (const e of chain) {
      expect(e.actor).toBeTruthy();
      expect(Number.isNaN(Date.parse(e.at))).toBe(false);
    }
    expect(chain.find((e) => e.action === 'transfer')).toMatchObject({
      reason: 'case file',
      detail: { to: 'Fictional Legal Team' },
    });
    expect(chain.find((e) => e.action === 'link')?.detail).toEqual({ incidentId: incident });

    const printed = await runCli(['--db', ctx.db, 'evidence', 'custody', item.id]);
    expect(printed.code).toBe(0);
    for (const word of [
      'add',
      'view',
      'download',
      'transfer',
      'annotation',
      'link',
      'export',
      'Fictional Legal Team',
      'commission',
    ]) {
      expect(printed.stdout).toContain(word);
    }
  });

  it('refuses custody events that lack what they need', async () => {
    const file = join(ctx.dir, 'p.jpg');
    writeFileSync(file, await sceneJpeg(8));
    const { item } = await addEvidence(ctx.app.evidence, { path: file, fileName: 'p.jpg', actor: 'a' });
    await expect(
      recordCustody(ctx.app.evidence, { evidenceId: item.id, action: 'transfer', actor: 'a' }),
    ).rejects.toThrow(/custodian/);
    await expect(
      recordCustody(ctx.app.evidence, { evidenceId: 'evi-none', action: 'view', actor: 'a' }),
    ).rejects.toThrow(NotFoundError);
  });
});
