import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hamming, pHash } from '../../src/evidence/perceptual-hash.ts';
import { compare } from '../../src/evidence/similarity.ts';
import { addEvidence, relatedTo } from '../../src/evidence/vault.ts';
import { runCli } from '../support/cli.ts';
import { requireComponent } from '../support/shared.ts';
import { freshApp, hasBinary, makeVideo, sceneJpeg, sceneSvg } from './fixtures.ts';

let ctx: Awaited<ReturnType<typeof freshApp>>;
beforeEach(async () => {
  ctx = await freshApp();
});
afterEach(async () => {
  await ctx.close();
});

async function add(name: string, bytes: Buffer) {
  const path = join(ctx.dir, name);
  writeFileSync(path, bytes);
  return addEvidence(ctx.app.evidence, { path, fileName: name, actor: 'analyst' });
}

describe('near-duplicate media', () => {
  it('flags a resized, recompressed copy as a possible duplicate and a cropped one as possibly related', async () => {
    const original = await sceneJpeg(7);
    const first = await add('original.jpg', original);
    expect(first.related).toEqual([]);

    const smaller = await add(
      'forwarded.jpg',
      await sharp(original).resize(400).jpeg({ quality: 50 }).toBuffer(),
    );
    expect(smaller.duplicate).toBe(false);
    expect(smaller.related).toEqual([{ id: first.item.id, kind: 'duplicate', distance: expect.any(Number) }]);
    expect(smaller.related[0]!.distance).toBeLessThanOrEqual(8);

    const cropped = await add(
      'cropped.jpg',
      await sharp(original)
        .extract({ left: 80, top: 60, width: 640, height: 480 })
        .resize(800, 600)
        .jpeg()
        .toBuffer(),
    );
    expect(cropped.related.map((r) => `${r.id} ${r.kind}`).sort()).toEqual(
      [`${first.item.id} related`, `${smaller.item.id} related`].sort(),
    );

    const unrelated = await add('other.jpg', await sceneJpeg(8));
    expect(unrelated.related).toEqual([]);

    // The relation is found from either side afterwards.
    expect((await relatedTo(ctx.app.evidence, first.item.id)).map((r) => `${r.id} ${r.kind}`)).toEqual([
      `${smaller.item.id} duplicate`,
      `${cropped.item.id} related`,
    ]);
  });

  it('prints "possible duplicate of" when the CLI adds a near copy', async () => {
    const original = await sceneJpeg(9);
    const first = await add('a.jpg', original);
    const copy = join(ctx.dir, 'b.png');
    await sharp(original).png().toFile(copy);
    const result = await runCli(['--db', ctx.db, 'evidence', 'add', copy]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`possible duplicate of ${first.item.id}`);
  });

  it('does not compare blank images, which would all match each other', async () => {
    const blank = () =>
      sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } })
        .png()
        .toBuffer();
    const a = await add('blank1.png', await blank());
    const b = await add(
      'blank2.png',
      await sharp(await blank())
        .jpeg()
        .toBuffer(),
    );
    expect(a.warnings.join()).toContain('too uniform');
    expect(b.related).toEqual([]);
  });

  it('keeps pHash distances small under brightness changes and large between different scenes', async () => {
    const grey = async (svg: Buffer, brighten = 1) =>
      new Uint8Array(
        await sharp(svg)
          .modulate({ brightness: brighten })
          .greyscale()
          .resize(32, 32, { fit: 'fill' })
          .raw()
          .toBuffer(),
      );
    const a = pHash(await grey(sceneSvg(3)));
    expect(hamming(a, pHash(await grey(sceneSvg(3), 1.2)))).toBeLessThanOrEqual(4);
    expect(hamming(a, pHash(await grey(sceneSvg(4))))).toBeGreaterThan(18);
  });
});

const ffmpeg = requireComponent('ffmpeg', hasBinary('ffmpeg') && hasBinary('ffprobe'));
describe.skipIf(ffmpeg === 'skip')('near-duplicate video (key frames, with ffmpeg)', () => {
  it('flags a re-encoded video as a possible duplicate, a still from it as related, and another video as neither', async () => {
    const original = join(ctx.dir, 'clip.mp4');
    makeVideo(original, { source: 'testsrc2', seconds: 4, size: '320x240', gop: 25 });
    const first = await addEvidence(ctx.app.evidence, { path: original, fileName: 'clip.mp4', actor: 'a' });
    expect((first.item.metadata.perceptual as { phash: string[] }).phash.length).toBeGreaterThanOrEqual(3);

    const reencoded = join(ctx.dir, 'reupload.mp4');
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      original,
      '-vf',
      'scale=240:180',
      '-c:v',
      'libx264',
      '-crf',
      '35',
      '-g',
      '25',
      reencoded,
    ]);
    const second = await addEvidence(ctx.app.evidence, {
      path: reencoded,
      fileName: 'reupload.mp4',
      actor: 'a',
    });
    expect(second.related).toEqual([expect.objectContaining({ id: first.item.id, kind: 'duplicate' })]);

    const still = join(ctx.dir, 'still.png');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-ss', '2', '-i', original, '-frames:v', '1', still]);
    const third = await addEvidence(ctx.app.evidence, { path: still, fileName: 'still.png', actor: 'a' });
    expect(third.related.map((r) => [r.id, r.kind])).toContainEqual([first.item.id, 'related']);

    const other = join(ctx.dir, 'other.mp4');
    makeVideo(other, { source: 'mandelbrot', seconds: 3 });
    const fourth = await addEvidence(ctx.app.evidence, { path: other, fileName: 'other.mp4', actor: 'a' });
    expect(fourth.related).toEqual([]);
    // The video got a thumbnail working copy from its first key frame.
    expect((await ctx.app.store.evidence.workingCopies(first.item.id)).map((c) => c.role)).toEqual([
      'thumbnail',
    ]);
  });
});

describe('the duplicate rule', () => {
  it('needs most frames of both items to match, so one shared frame is only "related"', () => {
    const f = (h: string) => h.repeat(16).slice(0, 16);
    const video = { dhash: ['0', '3', '5', '9'].map(f), phash: ['0', '3', '5', '9'].map(f) };
    const still = { dhash: [f('5')], phash: [f('5')] };
    expect(compare(video, still).kind).toBe('related');
    expect(compare(video, { dhash: [...video.dhash], phash: [...video.phash] }).kind).toBe('duplicate');
    expect(compare(video, { dhash: [f('6')], phash: [f('6')] }).kind).toBeNull();
  });
});
