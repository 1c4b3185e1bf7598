import { createHash, randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { access, chmod, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from '../../ports/blob-store.ts';

/**
 * Blobs as read-only files under `root/ab/<sha256>` (256 folders: enough to keep folders
 * small up to millions of blobs, few enough that creating them does not dominate). Each is written to a temporary name
 * and renamed into place, so a crash never leaves a partial file under a real address.
 */
export function fsBlobStore(root: string): BlobStore {
  const pathOf = (sha: string) => join(root, sha.slice(0, 2), sha);
  const made = new Set<string>();
  const exists = (path: string) =>
    access(path).then(
      () => true,
      () => false,
    );

  async function settle(tmp: string, sha: string): Promise<boolean> {
    const final = pathOf(sha);
    if (await exists(final)) {
      await rm(tmp, { force: true });
      return true;
    }
    await mkdir(join(root, sha.slice(0, 2)), { recursive: true });
    await chmod(tmp, 0o444);
    await rename(tmp, final);
    return false;
  }

  return {
    pathOf,
    // Synchronous on purpose: for the many small originals of a bulk ingest, three sync
    // syscalls cost far less than the thread-pool round trips of their async forms.
    async put(bytes) {
      const sha = createHash('sha256').update(bytes).digest('hex');
      const final = pathOf(sha);
      if (existsSync(final)) return { sha256: sha, size: bytes.length, existed: true };
      const shard = join(root, sha.slice(0, 2));
      if (!made.has(shard)) {
        mkdirSync(shard, { recursive: true });
        mkdirSync(join(root, 'tmp'), { recursive: true });
        made.add(shard);
      }
      const tmp = join(root, 'tmp', `${sha}.${randomBytes(4).toString('hex')}`);
      writeFileSync(tmp, bytes, { mode: 0o444 });
      renameSync(tmp, final);
      return { sha256: sha, size: bytes.length, existed: false };
    },
    async putFile(path) {
      await mkdir(join(root, 'tmp'), { recursive: true });
      const tmp = join(root, 'tmp', `stream.${randomBytes(8).toString('hex')}`);
      const hash = createHash('sha256');
      let size = 0;
      await pipeline(
        createReadStream(path, { highWaterMark: 1 << 20 }),
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            hash.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(tmp),
      );
      const sha = hash.digest('hex');
      const existed = await settle(tmp, sha);
      return { sha256: sha, size, existed };
    },
    async get(sha) {
      return new Uint8Array(await readFile(pathOf(sha)));
    },
    has: (sha) => exists(pathOf(sha)),
  };
}
