import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryPorts } from '../../bench/resolve-memory-ports.ts';
import type { NearDuplicateStore, TextSignature } from '../../src/ports/resolution.ts';
import { storeFixtures } from '../support/stores.ts';

/**
 * One suite for every adapter of the near-duplicate port: the SQL store (SQLite, and PostgreSQL
 * when one is running) and the in-memory store the bulk benchmark resolves over, so the
 * benchmark's figures come from a store that answers as the real ones do.
 */
interface Opened {
  nearDuplicates: NearDuplicateStore;
  close(): Promise<void>;
}

const adapters: { name: string; open(): Promise<Opened> }[] = [
  ...storeFixtures().map((fixture) => ({
    name: fixture.name,
    async open(): Promise<Opened> {
      const opened = await fixture.open();
      return { nearDuplicates: opened.store.nearDuplicates, close: opened.close };
    },
  })),
  {
    name: 'the bulk benchmark memory store',
    async open(): Promise<Opened> {
      return { nearDuplicates: memoryPorts().ports.nearDuplicates, close: async () => {} };
    },
  },
];

const WEEK = 2900;

function signature(reportId: string, bands: string[], over: Partial<TextSignature> = {}): TextSignature {
  return {
    reportId,
    sourceName: 'Harbour Daily',
    published: '2025-07-01',
    ingestedAt: '2025-07-01T09:00:00.000Z',
    words: [1, 0xfffffffe, 77],
    skeleton: [5, 6, 0x80000000],
    bands,
    derivedFrom: null,
    similarity: null,
    skeletonSize: 41,
    ...over,
  };
}

const ids = (list: TextSignature[]) => list.map((s) => s.reportId).sort();

describe.each(adapters)('the near-duplicate store on $name', (adapter) => {
  let store: NearDuplicateStore;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ nearDuplicates: store, close } = await adapter.open());
  });
  afterEach(() => close());

  it('finds signatures sharing a band in one of the weeks asked, never the asking report', async () => {
    await store.put(signature('rep-a', [`w0:abc@${WEEK}`, `s1:def@${WEEK}`]));
    await store.put(signature('rep-b', [`w0:abc@${WEEK + 1}`]));
    await store.put(signature('rep-c', [`w0:abc@${WEEK + 5}`]));
    await store.put(signature('rep-d', [`w0:zzz@${WEEK}`]));
    expect(ids(await store.similar(['w0:abc'], [WEEK - 1, WEEK, WEEK + 1], 'rep-x'))).toEqual([
      'rep-a',
      'rep-b',
    ]);
    expect(ids(await store.similar(['s1:def', 'w9:none'], [WEEK], 'rep-x'))).toEqual(['rep-a']);
    expect(ids(await store.similar(['w0:abc'], [WEEK], 'rep-a'))).toEqual([]);
    expect(await store.similar(['w0:abc'], [], 'rep-x')).toEqual([]);
  });

  it('gives a signature back as put, without its bands, and null for an unknown report', async () => {
    const put = signature('rep-a', [`w0:abc@${WEEK}`], { derivedFrom: 'rep-0', similarity: 0.75 });
    await store.put(put);
    expect(await store.get('rep-a')).toEqual({ ...put, bands: [] });
    expect(await store.get('rep-unknown')).toBeNull();
  });

  it('keeps the recorded bands when a signature is put again without them (re-rooting)', async () => {
    await store.put(signature('rep-a', [`w0:abc@${WEEK}`]));
    await store.put(signature('rep-a', [], { derivedFrom: 'rep-0', similarity: 0.9 }));
    const found = await store.similar(['w0:abc'], [WEEK], 'rep-x');
    expect(ids(found)).toEqual(['rep-a']);
    expect(found[0]!.derivedFrom).toBe('rep-0');
  });

  it('lists the reports recorded as derived from one, following a copy that is re-pointed', async () => {
    await store.put(signature('rep-0', [`w0:abc@${WEEK}`]));
    await store.put(signature('rep-1', [`w0:abc@${WEEK}`], { derivedFrom: 'rep-0', similarity: 0.8 }));
    await store.put(signature('rep-2', [`w0:abc@${WEEK}`], { derivedFrom: 'rep-0', similarity: 0.7 }));
    expect(ids(await store.derivedFrom('rep-0'))).toEqual(['rep-1', 'rep-2']);
    await store.put(signature('rep-2', [], { derivedFrom: 'rep-1', similarity: 0.95 }));
    expect(ids(await store.derivedFrom('rep-0'))).toEqual(['rep-1']);
    expect(ids(await store.derivedFrom('rep-1'))).toEqual(['rep-2']);
    expect(await store.derivedFrom('rep-unknown')).toEqual([]);
  });
});
