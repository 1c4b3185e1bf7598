import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  statSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { evidencePaths } from '../../src/evidence/paths.ts';
import { addEvidence } from '../../src/evidence/vault.ts';
import { runVerify } from '../../src/ledger/verify.ts';
import type { Store } from '../../src/ports/store.ts';
import { runCli } from '../support/cli.ts';
import { requireComponent } from '../support/shared.ts';
import { freshApp, hasBinary, sceneJpeg } from './fixtures.ts';

let ctx: Awaited<ReturnType<typeof freshApp>>;
let vaultDir: string;
beforeEach(async () => {
  ctx = await freshApp();
  vaultDir = evidencePaths(ctx.app.config).vault;
});
afterEach(async () => {
  await ctx.close();
});

/** Files under the vault (evidentiary, working and staging), by relative path. */
function vaultFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name), `${rel}${e.name}/`);
      else out.push(`${rel}${e.name}`);
    }
  };
  walk(vaultDir, '');
  return out;
}

async function expectNothingStored(): Promise<void> {
  expect(await ctx.app.store.evidence.count()).toBe(0);
  expect(await ctx.app.store.ledger.size()).toBe(0);
  expect(vaultFiles()).toEqual([]);
}

function sparseFile(path: string, size: number): void {
  const fd = openSync(path, 'w');
  closeSync(fd);
  truncateSync(path, size);
}

describe('bad evidence input', () => {
  it('refuses a zero-byte file with a clear message, and stores nothing', async () => {
    const file = join(ctx.dir, 'empty.jpg');
    writeFileSync(file, '');
    await expect(
      addEvidence(ctx.app.evidence, { path: file, fileName: 'empty.jpg', actor: 'a' }),
    ).rejects.toThrow('empty.jpg is empty (0 bytes): there is nothing to preserve');
    await expectNothingStored();
    const cli = await runCli(['--db', ctx.db, 'evidence', 'add', file]);
    expect(cli.code).toBe(7);
    expect(cli.stderr).toContain('is empty (0 bytes)');
  });

  it('refuses a missing file and a directory', async () => {
    await expect(
      addEvidence(ctx.app.evidence, { path: join(ctx.dir, 'nope.jpg'), fileName: 'nope.jpg', actor: 'a' }),
    ).rejects.toThrow('cannot read nope.jpg: no such file');
    mkdirSync(join(ctx.dir, 'folder'));
    await expect(
      addEvidence(ctx.app.evidence, { path: join(ctx.dir, 'folder'), fileName: 'folder', actor: 'a' }),
    ).rejects.toThrow('folder is not a regular file');
    await expectNothingStored();
  });

  it('refuses a file that vanishes while it is read, and stores nothing', async () => {
    const file = join(ctx.dir, 'going.bin');
    sparseFile(file, 64 * 1024 * 1024);
    let gone = false;
    await expect(
      addEvidence(ctx.app.evidence, {
        path: file,
        fileName: 'going.bin',
        actor: 'a',
        onProgress() {
          if (!gone) {
            gone = true;
            unlinkSync(file);
          }
        },
      }),
    ).rejects.toThrow('going.bin vanished while it was being read; nothing was stored');
    await expectNothingStored();
  });

  it('refuses a file that is cut short while it is read, and stores nothing', async () => {
    const file = join(ctx.dir, 'shrinking.bin');
    sparseFile(file, 64 * 1024 * 1024);
    let cut = false;
    const error = await addEvidence(ctx.app.evidence, {
      path: file,
      fileName: 'shrinking.bin',
      actor: 'a',
      onProgress() {
        if (!cut) {
          cut = true;
          truncateSync(file, 3 * 1024 * 1024);
        }
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(
      /^shrinking\.bin changed while it was being read \(67108864 bytes when opened/,
    );
    await expectNothingStored();
  });

  it('streams a 4 GB sparse file in bounded memory and keeps its copy sparse', async () => {
    const file = join(ctx.dir, 'huge.bin');
    const size = 4 * 1024 ** 3;
    sparseFile(file, size);
    const base = process.memoryUsage().rss;
    let peak = base;
    const { item } = await addEvidence(ctx.app.evidence, {
      path: file,
      fileName: 'huge.bin',
      actor: 'a',
      onProgress() {
        peak = Math.max(peak, process.memoryUsage().rss);
      },
    });
    expect(item.size).toBe(size);
    expect(peak - base).toBeLessThan(200 * 1024 * 1024);
    const copy = statSync(ctx.app.evidence.vault.pathOf(item.sha256));
    expect(copy.size).toBe(size);
    expect(copy.blocks * 512).toBeLessThan(16 * 1024 * 1024);
    expect(copy.mode & 0o222).toBe(0);
  }, 600_000);

  it('keeps a corrupt JPEG as evidence, saying it could not be decoded', async () => {
    const good = await sceneJpeg(5);
    const corrupt = Buffer.concat([good.subarray(0, 600), Buffer.alloc(400, 0x55)]);
    const file = join(ctx.dir, 'broken.jpg');
    writeFileSync(file, corrupt);
    const { item, warnings } = await addEvidence(ctx.app.evidence, {
      path: file,
      fileName: 'broken.jpg',
      actor: 'a',
    });
    expect(item.mediaType).toBe('image/jpeg');
    expect(item.size).toBe(corrupt.length);
    expect(warnings.some((w) => w.startsWith('the image could not be decoded (corrupt or truncated?)'))).toBe(
      true,
    );
    expect(item.metadata.perceptual).toBeUndefined();
    const report = await runVerify({
      store: ctx.app.store,
      blobs: ctx.app.blobs,
      vault: ctx.app.evidence.vault,
      keysDir: ctx.app.keysDir,
    });
    expect(report.failures).toEqual([]);
  });

  const ffmpeg = requireComponent('ffmpeg', hasBinary('ffmpeg') && hasBinary('ffprobe'));
  it.skipIf(ffmpeg === 'skip')('keeps a video ffprobe cannot read, saying so', async () => {
    const file = join(ctx.dir, 'broken.mp4');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(5000, 0x42)]),
    );
    const { item, warnings } = await addEvidence(ctx.app.evidence, {
      path: file,
      fileName: 'broken.mp4',
      actor: 'a',
    });
    expect(item.mediaType).toBe('video/mp4');
    expect(warnings.some((w) => w.startsWith('ffprobe could not read this file:'))).toBe(true);
    expect(warnings.join('\n')).not.toContain(file);
  });

  it('removes the copy it placed when the record cannot be written: nothing half stored', async () => {
    const file = join(ctx.dir, 'p.jpg');
    writeFileSync(file, await sceneJpeg(6));
    const failing: Store = {
      ...ctx.app.store,
      atomically: (work) =>
        ctx.app.store.atomically(async (tx) => {
          await work(tx);
          throw new Error('disk full');
        }),
    };
    await expect(
      addEvidence({ ...ctx.app.evidence, store: failing }, { path: file, fileName: 'p.jpg', actor: 'a' }),
    ).rejects.toThrow('disk full');
    expect(await ctx.app.store.evidence.count()).toBe(0);
    expect(await ctx.app.store.ledger.size()).toBe(0);
    expect(vaultFiles().filter((f) => f.startsWith('evidence/') || f.startsWith('staging/'))).toEqual([]);
  });
});
