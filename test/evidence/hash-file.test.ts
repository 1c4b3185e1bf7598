import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHUNK, hashFile } from '../../src/evidence/hash-file.ts';
import { tempDir } from '../support/cli.ts';

const digest = (alg: string, b: Buffer) => createHash(alg).update(b).digest('hex');

describe('streaming a file through SHA-256 and MD5', () => {
  it.each([
    ['a small file (MD5 inline)', 3 * CHUNK + 17],
    ['a large file (MD5 on the worker)', 40 * CHUNK + 12_345],
    ['a file of exactly whole chunks', 17 * CHUNK],
  ])('gives the same digests as hashing %s at once, and an identical copy', (_, size) => {
    const dir = tempDir();
    // Random bytes with runs of zeros in the middle, so skipped (sparse) writes are exercised.
    const bytes = randomBytes(size);
    bytes.fill(0, CHUNK, 3 * CHUNK);
    const file = join(dir, 'in.bin');
    writeFileSync(file, bytes);
    return hashFile(file, { md5: true, copyTo: join(dir, 'copy.bin') }).then((got) => {
      expect(got).toEqual({ sha256: digest('sha256', bytes), md5: digest('md5', bytes), size });
      const copy = readFileSync(join(dir, 'copy.bin'));
      expect(copy.equals(bytes)).toBe(true);
      expect(statSync(join(dir, 'copy.bin')).mode & 0o077).toBe(0);
    });
  });

  it('gives each of several large files hashed at once its own digests (one MD5 worker serves them all)', async () => {
    const dir = tempDir();
    const files = [0, 1, 2].map((i) => {
      const bytes = randomBytes(16 * CHUNK + i * 777);
      const file = join(dir, `in-${i}.bin`);
      writeFileSync(file, bytes);
      return { file, bytes, copy: join(dir, `copy-${i}.bin`) };
    });
    const got = await Promise.all(files.map((f) => hashFile(f.file, { md5: true, copyTo: f.copy })));
    files.forEach((f, i) => {
      expect(got[i]).toEqual({
        sha256: digest('sha256', f.bytes),
        md5: digest('md5', f.bytes),
        size: f.bytes.length,
      });
      expect(readFileSync(f.copy).equals(f.bytes)).toBe(true);
    });
  });

  it('refuses to overwrite an existing copy target', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.bin'), 'x');
    writeFileSync(join(dir, 'copy.bin'), 'y');
    await expect(hashFile(join(dir, 'in.bin'), { copyTo: join(dir, 'copy.bin') })).rejects.toThrow(/EEXIST/);
  });
});
