import { createHash } from 'node:crypto';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { InputError } from '../errors.ts';
import { CHUNK, md5Lane as chooseMd5Lane, type Md5Lane } from './md5-lane.ts';

export { CHUNK } from './md5-lane.ts';

/** From this size on, MD5 runs on a worker thread beside SHA-256 (two hashes, two cores). */
const WORKER_FROM = 16 * CHUNK;
/**
 * The copy is flushed to disk in the background every this many bytes written, so the disk
 * writes while the hashes run instead of all at once at the end (the final fdatasync then has
 * little left to do). Only one flush is in flight at a time.
 */
const FLUSH_EVERY = 32 * CHUNK;
const ZERO = Buffer.alloc(CHUNK);

export interface HashFileOptions {
  /** Also compute MD5 (for exchange with tools that use it). */
  md5?: boolean;
  /**
   * Also write a copy here (created exclusively, owner-only). Runs of zeros are skipped, not
   * written, so a sparse file stays sparse; the copy is truncated to the full length and
   * flushed to disk (fdatasync) before this returns.
   */
  copyTo?: string;
  onProgress?: (bytes: number) => void;
}

export interface HashedFile {
  sha256: string;
  md5: string | null;
  size: number;
}

/**
 * Streams a file once, end to end, through SHA-256 (and MD5), never holding more than a few
 * chunks in memory. Fails with an InputError, naming the file, if it is not a regular file or
 * if it changes, shrinks, grows or vanishes while it is read: the digest of a moving target
 * proves nothing.
 */
export async function hashFile(path: string, options: HashFileOptions = {}): Promise<HashedFile> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${describe(error)}`);
  }
  let out: FileHandle | null = null;
  let lane: Md5Lane | null = null;
  try {
    const before = await fh.stat();
    if (!before.isFile()) throw new InputError(`${path} is not a regular file`);
    if (options.copyTo) out = await open(options.copyTo, 'wx', 0o600);
    lane = chooseMd5Lane(options.md5 === true, before.size, WORKER_FROM);
    const sha = createHash('sha256');
    const md5Lane = lane;
    const target = out;
    // Three stages overlap: the next chunk is read (thread pool) while this one is hashed
    // (SHA-256 here, MD5 on the worker) and written (thread pool). `tail` keeps the MD5 updates
    // in file order, each after its chunk's write has released the buffer.
    const readAt = async (at: number) => {
      const buf = await md5Lane.take();
      const { bytesRead } = await fh.read(buf, 0, CHUNK, at);
      return { buf, bytesRead };
    };
    let pos = 0;
    let tail: Promise<void> = Promise.resolve();
    let failure: unknown = null;
    // Marked handled at once: if the loop stops early, a pending read or write must not
    // surface later as an unhandled rejection (it is rethrown below when it matters).
    const settle = <T>(p: Promise<T>) => {
      p.catch(() => {});
      return p;
    };
    let next = settle(readAt(0));
    let flushing: Promise<void> | null = null;
    let flushedTo = 0;
    for (;;) {
      const { buf, bytesRead } = await next;
      if (bytesRead === 0) {
        md5Lane.give(buf);
        break;
      }
      const at = pos;
      pos += bytesRead;
      next = settle(readAt(pos));
      const view = buf.subarray(0, bytesRead);
      sha.update(view);
      const written =
        target && !view.equals(ZERO.subarray(0, bytesRead)) ? target.write(view, 0, bytesRead, at) : null;
      if (target && flushing === null && pos - flushedTo >= FLUSH_EVERY) {
        // Covers the writes already issued; the final fdatasync below covers the rest.
        const upTo = pos;
        flushing = settle<unknown>(written ?? Promise.resolve()).then(() =>
          target.datasync().then(() => {
            flushedTo = upTo;
            flushing = null;
          }),
        );
        settle(flushing);
      }
      tail = tail
        .then(async () => {
          if (written) await written;
          md5Lane.hash(buf, bytesRead);
        })
        .catch((error: unknown) => {
          failure ??= error;
          // Back to the pool, so that a reader waiting for a buffer wakes and sees the failure.
          if (buf.byteLength > 0) md5Lane.give(buf);
        });
      if (failure) throw failure;
      options.onProgress?.(pos);
    }
    await tail;
    if (failure) throw failure;
    if (out) {
      await flushing;
      await out.truncate(pos);
      await out.datasync();
    }
    const md5 = await lane.finish();
    let after: Awaited<ReturnType<typeof stat>>;
    try {
      after = await stat(path);
    } catch {
      throw new InputError(`${path} vanished while it was being read; nothing was stored`);
    }
    if (
      after.ino !== before.ino ||
      after.size !== before.size ||
      after.mtimeMs !== before.mtimeMs ||
      pos !== before.size
    ) {
      throw new InputError(
        `${path} changed while it was being read (${before.size} bytes when opened, ${pos} read, ${after.size} now); nothing was stored`,
      );
    }
    return { sha256: sha.digest('hex'), md5, size: pos };
  } finally {
    lane?.close();
    await out?.close();
    await fh.close();
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return (error as Error)?.message ?? String(error);
}
