/**
 * A typed array reused across calls. Signing allocates four arrays the size of the text per
 * report otherwise, each with a backing store outside the heap that the collector must track
 * and free: over a million claims that was a measurable share of collection. Views handed out
 * are valid only until the next `take` (signing is synchronous and consumes them at once).
 */
export class Scratch {
  private buffer = new Uint32Array(1024);
  take(n: number): Uint32Array {
    if (this.buffer.length < n) this.buffer = new Uint32Array(Math.max(n, this.buffer.length * 2));
    return this.buffer.subarray(0, n);
  }
}
