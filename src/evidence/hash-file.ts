import { createHash, type Hash } from 'node:crypto';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { InputError } from '../errors.ts';

/** Reads are 1 MiB: large enough to amortise syscalls, small enough to keep memory flat. */
export const CHUNK = 1 << 20;
/** From this size on, MD5 runs on a worker thread beside SHA-256 (two hashes, two cores). */
const WORKER_FROM = 16 * CHUNK;
/** Chunks in flight between the reader and the MD5 worker: memory stays at POOL MiB. */
const POOL = 4;
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
    lane = options.md5 ? (before.size >= WORKER_FROM ? new WorkerLane() : new InlineLane()) : new NoLane();
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

/**
 * Where MD5 is computed (nowhere, inline, or on a worker thread) and the pool of chunk buffers
 * the reader reads into. A buffer goes back to the pool only once its chunk has been written
 * and hashed, so the read-ahead never overwrites bytes still in use.
 */
interface Md5Lane {
  /** A free chunk buffer to read into (waits for one when all are in use). */
  take(): Promise<Buffer>;
  /** Returns an unused buffer. */
  give(buf: Buffer): void;
  /** Hashes the first `length` bytes of `buf` (in file order) and then recycles it. */
  hash(buf: Buffer, length: number): void;
  finish(): Promise<string | null>;
  close(): void;
}

class Pool {
  private readonly free: ArrayBuffer[] = [];
  private readonly waiting: ((buf: ArrayBuffer) => void)[] = [];
  constructor(size: number) {
    for (let i = 0; i < size; i++) this.free.push(new ArrayBuffer(CHUNK));
  }
  async take(): Promise<Buffer> {
    const ready = this.free.pop();
    return Buffer.from(ready ?? (await new Promise<ArrayBuffer>((resolve) => this.waiting.push(resolve))));
  }
  release(buf: ArrayBuffer): void {
    const next = this.waiting.shift();
    if (next) next(buf);
    else this.free.push(buf);
  }
}

class NoLane implements Md5Lane {
  private readonly pool = new Pool(2);
  take() {
    return this.pool.take();
  }
  give(buf: Buffer) {
    this.pool.release(buf.buffer as ArrayBuffer);
  }
  hash(buf: Buffer) {
    this.pool.release(buf.buffer as ArrayBuffer);
  }
  async finish() {
    return null;
  }
  close() {}
}

class InlineLane implements Md5Lane {
  private readonly pool = new Pool(2);
  private readonly md5: Hash = createHash('md5');
  take() {
    return this.pool.take();
  }
  give(buf: Buffer) {
    this.pool.release(buf.buffer as ArrayBuffer);
  }
  hash(buf: Buffer, length: number) {
    this.md5.update(buf.subarray(0, length));
    this.pool.release(buf.buffer as ArrayBuffer);
  }
  async finish() {
    return this.md5.digest('hex');
  }
  close() {}
}

// Plain JavaScript, evaluated in the worker: no loader or build step is needed to start it.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const md5 = require('node:crypto').createHash('md5');
parentPort.on('message', (m) => {
  if (m.done) { parentPort.postMessage({ digest: md5.digest('hex') }); return; }
  md5.update(new Uint8Array(m.buf, 0, m.len));
  parentPort.postMessage({ buf: m.buf }, [m.buf]);
});
`;

/**
 * MD5 on a worker thread. Chunk buffers are *transferred* (not copied) to the worker and back,
 * so the reader hashes SHA-256 on one core while MD5 runs on another, with POOL buffers in all.
 */
class WorkerLane implements Md5Lane {
  private readonly worker = new Worker(WORKER_SOURCE, { eval: true });
  private readonly pool = new Pool(POOL);
  private failure: Error | null = null;
  private digest: ((hex: string) => void) | null = null;

  constructor() {
    this.worker.on('message', (m: { buf?: ArrayBuffer; digest?: string }) => {
      if (m.buf) this.pool.release(m.buf);
      if (m.digest !== undefined) this.digest?.(m.digest);
    });
    this.worker.on('error', (error) => {
      this.failure = error;
    });
  }

  async take() {
    if (this.failure) throw this.failure;
    return this.pool.take();
  }

  give(buf: Buffer) {
    this.pool.release(buf.buffer as ArrayBuffer);
  }

  hash(buf: Buffer, length: number) {
    const ab = buf.buffer as ArrayBuffer;
    this.worker.postMessage({ buf: ab, len: length }, [ab]);
  }

  finish() {
    return new Promise<string>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.digest = resolve;
      this.worker.once('error', reject);
      this.worker.postMessage({ done: true });
    });
  }

  close() {
    void this.worker.terminate();
  }
}
