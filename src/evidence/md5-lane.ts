import { createHash, type Hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** Reads are 1 MiB: large enough to amortise syscalls, small enough to keep memory flat. */
export const CHUNK = 1 << 20;
/** Chunks in flight between the reader, the writer and the MD5 worker: memory stays at POOL MiB. */
const POOL = 8;

/**
 * Where MD5 is computed (nowhere, inline, or on the shared worker thread) and the pool of
 * chunk buffers the reader reads into. A buffer goes back to the pool only once its chunk has
 * been written and hashed, so the read-ahead never overwrites bytes still in use.
 */
export interface Md5Lane {
  /** A free chunk buffer to read into (waits for one when all are in use). */
  take(): Promise<Buffer>;
  /** Returns an unused buffer. */
  give(buf: Buffer): void;
  /** Hashes the first `length` bytes of `buf` (in file order) and then recycles it. */
  hash(buf: Buffer, length: number): void;
  finish(): Promise<string | null>;
  close(): void;
}

/** Chooses the lane: none, inline for small files, the worker from `workerFrom` bytes on. */
export function md5Lane(md5: boolean, size: number, workerFrom: number): Md5Lane {
  if (!md5) return new NoLane();
  return size >= workerFrom ? new WorkerLane() : new InlineLane();
}

class Pool {
  private readonly free: ArrayBuffer[] = [];
  private readonly waiting: { resolve: (buf: ArrayBuffer) => void; reject: (error: Error) => void }[] = [];
  private failure: Error | null = null;
  constructor(size: number) {
    for (let i = 0; i < size; i++) this.free.push(new ArrayBuffer(CHUNK));
  }
  async take(): Promise<Buffer> {
    if (this.failure) throw this.failure;
    const ready = this.free.pop();
    return Buffer.from(
      ready ?? (await new Promise<ArrayBuffer>((resolve, reject) => this.waiting.push({ resolve, reject }))),
    );
  }
  release(buf: ArrayBuffer): void {
    const next = this.waiting.shift();
    if (next) next.resolve(buf);
    else this.free.push(buf);
  }
  /** Wakes every reader waiting for a buffer with the error (the worker died). */
  fail(error: Error): void {
    this.failure ??= error;
    for (const w of this.waiting.splice(0)) w.reject(error);
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
// One worker serves every file being hashed, each job under its own id.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const jobs = new Map();
parentPort.on('message', (m) => {
  if (m.drop) { jobs.delete(m.id); return; }
  let md5 = jobs.get(m.id);
  if (!md5) { md5 = createHash('md5'); jobs.set(m.id, md5); }
  if (m.done) { jobs.delete(m.id); parentPort.postMessage({ id: m.id, digest: md5.digest('hex') }); return; }
  md5.update(new Uint8Array(m.buf, 0, m.len));
  parentPort.postMessage({ id: m.id, buf: m.buf }, [m.buf]);
});
`;

interface Job {
  returned(buf: ArrayBuffer): void;
  digest(hex: string): void;
  fail(error: Error): void;
}

/**
 * The one MD5 worker thread, started on first use and kept: starting a worker costs tens of
 * milliseconds, which adding many files one after another would pay each time. It holds the
 * process open only while a job is running.
 */
const shared = {
  worker: null as Worker | null,
  jobs: new Map<number, Job>(),
  next: 1,
  start(job: Job): { id: number; worker: Worker } {
    if (!this.worker) {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      const died = (error: Error) => {
        if (this.worker === worker) this.worker = null;
        for (const j of this.jobs.values()) j.fail(error);
        this.jobs.clear();
      };
      worker.on('message', (m: { id: number; buf?: ArrayBuffer; digest?: string }) => {
        const j = this.jobs.get(m.id);
        if (m.buf) j?.returned(m.buf);
        if (m.digest !== undefined) j?.digest(m.digest);
      });
      worker.on('error', died);
      worker.on('exit', (code) => died(new Error(`the MD5 worker stopped (exit code ${code})`)));
      worker.unref();
      this.worker = worker;
    }
    const id = this.next++;
    if (this.jobs.size === 0) this.worker.ref();
    this.jobs.set(id, job);
    return { id, worker: this.worker };
  },
  end(id: number): void {
    if (!this.jobs.delete(id)) return;
    this.worker?.postMessage({ id, drop: true });
    if (this.jobs.size === 0) this.worker?.unref();
  },
};

/**
 * MD5 on the worker thread. Chunk buffers are *transferred* (not copied) to the worker and
 * back, so the reader hashes SHA-256 on one core while MD5 runs on another.
 */
class WorkerLane implements Md5Lane {
  private readonly pool = new Pool(POOL);
  private readonly id: number;
  private readonly worker: Worker;
  private failure: Error | null = null;
  private waiting: { resolve: (hex: string) => void; reject: (error: Error) => void } | null = null;

  constructor() {
    const started = shared.start({
      returned: (buf) => this.pool.release(buf),
      digest: (hex) => this.waiting?.resolve(hex),
      fail: (error) => {
        this.failure ??= error;
        this.pool.fail(error);
        this.waiting?.reject(error);
      },
    });
    this.id = started.id;
    this.worker = started.worker;
  }

  async take() {
    if (this.failure) throw this.failure;
    return this.pool.take();
  }

  give(buf: Buffer) {
    this.pool.release(buf.buffer as ArrayBuffer);
  }

  hash(buf: Buffer, length: number) {
    if (this.failure) throw this.failure;
    const ab = buf.buffer as ArrayBuffer;
    this.worker.postMessage({ id: this.id, buf: ab, len: length }, [ab]);
  }

  finish() {
    return new Promise<string>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.waiting = { resolve, reject };
      this.worker.postMessage({ id: this.id, done: true });
    });
  }

  close() {
    shared.end(this.id);
  }
}
