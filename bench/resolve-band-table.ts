/**
 * One week's LSH bands for the bulk benchmark's memory store: band key (30 bits) → the numbers
 * of the reports holding it, in an open-addressing table of typed arrays. A report looks up
 * some fifty bands in each of three weeks, and most find nothing: a probe of one typed array
 * costs less than a `Map` lookup (its bucket array, then its entry) on tables of tens of
 * thousands of keys.
 */
export class BandTable {
  // A busy week holds some 20,000 keys: starting at 8,192 slots spares the first doublings.
  /** Key + 1 per slot (0 marks an empty slot). */
  private keys = new Int32Array(8192);
  /** Per slot: a report number, or −(index + 1) into `lists` when several reports share the key. */
  private values = new Int32Array(8192);
  private lists: number[][] = [];
  private size = 0;

  /** Adds the numbers of the reports holding this key to `out`. */
  collect(key: number, out: Set<number>): void {
    const mask = this.keys.length - 1;
    for (let at = slotOf(key, mask); ; at = (at + 1) & mask) {
      const held = this.keys[at]!;
      if (held === 0) return;
      if (held !== key + 1) continue;
      const v = this.values[at]!;
      if (v >= 0) out.add(v);
      else for (const n of this.lists[-v - 1]!) out.add(n);
      return;
    }
  }

  add(key: number, report: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    for (let at = slotOf(key, mask); ; at = (at + 1) & mask) {
      const held = this.keys[at]!;
      if (held === 0) {
        this.keys[at] = key + 1;
        this.values[at] = report;
        this.size++;
        return;
      }
      if (held !== key + 1) continue;
      const v = this.values[at]!;
      if (v >= 0) {
        this.lists.push([v, report]);
        this.values[at] = -this.lists.length;
      } else this.lists[-v - 1]!.push(report);
      return;
    }
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    const mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === 0) continue;
      let at = slotOf(keys[i]! - 1, mask);
      while (this.keys[at] !== 0) at = (at + 1) & mask;
      this.keys[at] = keys[i]!;
      this.values[at] = values[i]!;
    }
  }
}

/** Keys are already well-mixed hashes: their low bits pick the slot. */
function slotOf(key: number, mask: number): number {
  return key & mask;
}
