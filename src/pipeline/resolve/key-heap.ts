/**
 * A binary min-heap of items by their key (string order): the queue of claims a run places in the
 * canonical order (canonical-run.ts). Items with equal keys come out in no particular order.
 */
export class KeyHeap<T extends { key: string }> {
  private items: T[] = [];

  push(item: T): void {
    const heap = this.items;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (heap[up]!.key <= heap[i]!.key) break;
      [heap[up], heap[i]] = [heap[i]!, heap[up]!];
      i = up;
    }
  }

  /** The item with the least key, taken out; undefined when the heap is empty. */
  pop(): T | undefined {
    const heap = this.items;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l]!.key < heap[m]!.key) m = l;
        if (r < heap.length && heap[r]!.key < heap[m]!.key) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    }
    return top;
  }
}
