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
import type { BlobStore, HeldBytes } from '../../ports/blob-store.ts';

/** Small blobs held in the record store instead of files. */
export interface HeldOption {
  bytes: HeldBytes;
  /** Blobs up to this many bytes are held there; larger ones are files. */
  limit: number;
}

/**
 * Originals up to 256 KiB are held in the database: a file per report costs more than
 * everything else in storing it (creating a file is the slowest system call of an ingest), and
 * held bytes commit with their report. Reports are a few KiB; PDFs and media stay files.
 */
export const DEFAULT_HOLD_LIMIT = 256 * 1024;

/**
 * Blobs as read-only files under `root/ab/<sha256>` (256 folders: enough to keep folders
 * small up to millions of blobs, few enough that creating them does not dominate). Each is written to a temporary name
 * and renamed into place, so a crash never leaves a partial file under a real address.
 * With `held`, blobs up to its limit are held in the record store instead, and reads look there
 * first, then in the files (a store from before it keeps its originals as files).
 */
export function fsBlobStore(root: string, held?: HeldOption): BlobStore {
  const pathOf = (sha: string) => join(root, sha.slice(0, 2), sha);
  const addressOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
  const holdLimit = held?.limit ?? 0;
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

  async function readBlob(sha: string): Promise<Uint8Array | null> {
    const kept = held ? await held.bytes.get(sha) : null;
    if (kept) return kept;
    try {
      return new Uint8Array(await readFile(pathOf(sha)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  return {
    pathOf,
    addressOf,
    holdLimit,
    // Synchronous on purpose: for the many small originals of a bulk ingest, three sync
    // syscalls cost far less than the thread-pool round trips of their async forms.
    async put(bytes) {
      const sha = addressOf(bytes);
      if (held && bytes.length <= held.limit) {
        // A file from before holding began is the same blob: never keep it twice.
        if (existsSync(pathOf(sha))) return { sha256: sha, size: bytes.length, existed: true };
        const added = await held.bytes.hold(sha, bytes);
        return { sha256: sha, size: bytes.length, existed: !added };
      }
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
      const bytes = await readBlob(sha);
      if (!bytes) throw new Error(`blob ${sha} is held neither in the store nor under ${root}`);
      return bytes;
    },
    async has(sha) {
      return (held ? await held.bytes.has(sha) : false) || exists(pathOf(sha));
    },
    async rehash(sha) {
      if (held) {
        const kept = await held.bytes.get(sha);
        if (kept) return { sha256: addressOf(kept), size: kept.length };
      }
      // A file is streamed: a large original is never read whole into memory.
      if (!(await exists(pathOf(sha)))) return null;
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of createReadStream(pathOf(sha), { highWaterMark: 1 << 20 })) {
        hash.update(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
      return { sha256: hash.digest('hex'), size };
    },
  };
}
