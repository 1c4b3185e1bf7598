import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, chmod, mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvidenceVault, StagedFile } from '../ports/evidence-vault.ts';
import { CHUNK, hashFile } from './hash-file.ts';

/**
 * The evidence vault on a file system:
 *
 *     root/evidence/ab/cd/<sha256>   evidentiary copies, mode 0444, never rewritten
 *     root/working/ab/cd/<sha256>    working copies (thumbnails, redacted versions, transcodes)
 *     root/staging/                  files being received (owner-only), moved into place whole
 *
 * A copy is flushed to disk before it is renamed into place, and the rename is flushed too,
 * so a crash leaves either the whole file under its address or nothing there.
 */
export function fsEvidenceVault(root: string): EvidenceVault {
  const shard = (dir: string, sha: string) => join(root, dir, sha.slice(0, 2), sha.slice(2, 4));
  const pathOf = (sha: string) => join(shard('evidence', sha), sha);
  const workingPathOf = (sha: string) => join(shard('working', sha), sha);
  const staging = join(root, 'staging');
  const exists = (path: string) =>
    access(path).then(
      () => true,
      () => false,
    );

  async function stagingPath(): Promise<string> {
    await mkdir(staging, { recursive: true, mode: 0o700 });
    return join(staging, `${Date.now()}.${randomBytes(8).toString('hex')}`);
  }

  /** Moves a finished file into place read-only; false when those bytes were already there. */
  async function settle(tmp: string, final: string, dir: string): Promise<boolean> {
    if (await exists(final)) {
      await rm(tmp, { force: true });
      return false;
    }
    await mkdir(dir, { recursive: true });
    await chmod(tmp, 0o444);
    await rename(tmp, final);
    await syncDir(dir);
    return true;
  }

  return {
    pathOf,
    workingPathOf,
    async stage(path, options = {}) {
      const tmp = await stagingPath();
      try {
        const hashed = await hashFile(path, { md5: true, copyTo: tmp, onProgress: options.onProgress });
        return { sha256: hashed.sha256, md5: hashed.md5!, size: hashed.size, path: tmp };
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
    },
    async commit(staged: StagedFile) {
      const placed = await settle(staged.path, pathOf(staged.sha256), shard('evidence', staged.sha256));
      return { existed: !placed };
    },
    async discard(staged) {
      await rm(staged.path, { force: true });
    },
    async rollback(sha) {
      await rm(pathOf(sha), { force: true });
    },
    has: (sha) => exists(pathOf(sha)),
    open: (sha) => createReadStream(pathOf(sha), { highWaterMark: CHUNK }),
    async rehash(sha) {
      const path = pathOf(sha);
      if (!(await exists(path))) return null;
      const hashed = await hashFile(path, { md5: true });
      return { sha256: hashed.sha256, md5: hashed.md5!, size: hashed.size };
    },
    async isReadOnly(sha) {
      try {
        return ((await stat(pathOf(sha))).mode & 0o222) === 0;
      } catch {
        return null;
      }
    },
    async putWorking(bytes) {
      const sha = createHash('sha256').update(bytes).digest('hex');
      const final = workingPathOf(sha);
      if (!(await exists(final))) {
        const tmp = await stagingPath();
        await writeFile(tmp, bytes, { mode: 0o600, flush: true });
        await settle(tmp, final, shard('working', sha));
      }
      return { sha256: sha, size: bytes.length };
    },
    async putWorkingFile(path) {
      const tmp = await stagingPath();
      try {
        const hashed = await hashFile(path, { copyTo: tmp });
        await settle(tmp, workingPathOf(hashed.sha256), shard('working', hashed.sha256));
        return { sha256: hashed.sha256, size: hashed.size };
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
    },
    async *held() {
      const base = join(root, 'evidence');
      for (const a of await list(base)) {
        for (const b of await list(join(base, a))) {
          for (const name of await list(join(base, a, b))) {
            if (/^[0-9a-f]{64}$/.test(name)) yield name;
          }
        }
      }
    },
  };
}

async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

/** Flushes a directory entry (the rename) to disk; a no-op where directories cannot be opened. */
async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
  }
}
