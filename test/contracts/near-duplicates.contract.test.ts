import { describe, expect, it } from 'vitest';
import {
  type Band,
  bandKey,
  bandOf,
  type NearDuplicateStore,
  publicationWeek,
  SKELETON_BAND_SLOT,
  type TextSignature,
} from '../../src/ports/resolution.ts';
import { freshPortEach, resolutionAdapters } from './resolution-adapters.ts';

/**
 * One suite for every adapter of the near-duplicate port: the SQL store (SQLite, and PostgreSQL
 * when one is running) and the in-memory store the bulk benchmark resolves over, so the
 * benchmark's figures come from a store that answers as the real ones do.
 */
const adapters = resolutionAdapters<NearDuplicateStore>(
  (store) => store.nearDuplicates,
  (ports) => ports.nearDuplicates,
);

const PUBLISHED = '2025-07-01';
const WEEK = publicationWeek(PUBLISHED);
/** The publication date `weeks` weeks after PUBLISHED. */
const weeksLater = (weeks: number) =>
  new Date(Date.parse(`${PUBLISHED}T00:00:00Z`) + weeks * 7 * 86_400_000).toISOString().slice(0, 10);

// Bands as signing makes them: a slot (word bands from 0, skeleton bands from 64) and a hash.
const W0 = bandOf(0, 0xabc);
const S1 = bandOf(SKELETON_BAND_SLOT + 1, 0xdef);
const W9 = bandOf(9, 0xfffffff0);
const OTHER = bandOf(0, 0x777);

function signature(reportId: string, bands: Band[], over: Partial<TextSignature> = {}): TextSignature {
  return {
    reportId,
    sourceName: 'Harbour Daily',
    published: PUBLISHED,
    ingestedAt: `${PUBLISHED}T09:00:00.000Z`,
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
  const fresh = freshPortEach(adapter);

  it('finds signatures sharing a band in one of the weeks asked, never the asking report', async () => {
    await fresh.port.put(signature('rep-a', [W0, S1]));
    await fresh.port.put(signature('rep-b', [W0], { published: weeksLater(1) }));
    await fresh.port.put(signature('rep-c', [W0], { published: weeksLater(5) }));
    await fresh.port.put(signature('rep-d', [OTHER]));
    expect(ids(await fresh.port.similar([W0], [WEEK - 1, WEEK, WEEK + 1], 'rep-x'))).toEqual([
      'rep-a',
      'rep-b',
    ]);
    expect(ids(await fresh.port.similar([S1, W9], [WEEK], 'rep-x'))).toEqual(['rep-a']);
    expect(ids(await fresh.port.similar([W0], [WEEK], 'rep-a'))).toEqual([]);
    expect(await fresh.port.similar([W0], [], 'rep-x')).toEqual([]);
  });

  it('tells bands apart by slot as well as hash, for hashes of all 32 bits', async () => {
    await fresh.port.put(signature('rep-a', [W9]));
    // The same hash in another slot (a skeleton band, or another word band) is another band.
    const sameHash = [bandOf(SKELETON_BAND_SLOT + 9, 0xfffffff0), bandOf(8, 0xfffffff0)];
    expect(await fresh.port.similar(sameHash, [WEEK], 'rep-x')).toEqual([]);
    expect(ids(await fresh.port.similar([W9], [WEEK], 'rep-x'))).toEqual(['rep-a']);
  });

  it('gives a signature back as put, without its bands, and null for an unknown report', async () => {
    const put = signature('rep-a', [W0], { derivedFrom: 'rep-0', similarity: 0.75 });
    await fresh.port.put(put);
    expect(await fresh.port.get('rep-a')).toEqual({ ...put, bands: [] });
    expect(await fresh.port.get('rep-unknown')).toBeNull();
  });

  it('keeps the recorded bands when a signature is put again without them (re-rooting)', async () => {
    await fresh.port.put(signature('rep-a', [W0]));
    await fresh.port.put(signature('rep-a', [], { derivedFrom: 'rep-0', similarity: 0.9 }));
    const found = await fresh.port.similar([W0], [WEEK], 'rep-x');
    expect(ids(found)).toEqual(['rep-a']);
    expect(found[0]!.derivedFrom).toBe('rep-0');
  });

  it('lists the reports recorded as derived from one, following a copy that is re-pointed', async () => {
    await fresh.port.put(signature('rep-0', [W0]));
    await fresh.port.put(signature('rep-1', [W0], { derivedFrom: 'rep-0', similarity: 0.8 }));
    await fresh.port.put(signature('rep-2', [W0], { derivedFrom: 'rep-0', similarity: 0.7 }));
    expect(ids(await fresh.port.derivedFrom('rep-0'))).toEqual(['rep-1', 'rep-2']);
    await fresh.port.put(signature('rep-2', [], { derivedFrom: 'rep-1', similarity: 0.95 }));
    expect(ids(await fresh.port.derivedFrom('rep-0'))).toEqual(['rep-1']);
    expect(ids(await fresh.port.derivedFrom('rep-1'))).toEqual(['rep-2']);
    expect(await fresh.port.derivedFrom('rep-unknown')).toEqual([]);
  });
});

describe('band keys as stores keep them', () => {
  it('name the band by kind, number and base-36 hash, tagged with the week', () => {
    expect(bandKey(W0, 2900)).toBe('w0:24c@2900');
    expect(bandKey(S1, 2901)).toBe('s1:2r3@2901');
    expect(bandKey(W9, 0)).toBe(`w9:${(0xfffffff0).toString(36)}@0`);
  });

  it('count weeks from 1970, and take an unreadable date as week 0', () => {
    expect(publicationWeek('1970-01-08')).toBe(1);
    expect(publicationWeek('2025-07-01T23:59:00Z')).toBe(publicationWeek('2025-07-01'));
    expect(publicationWeek('not a date')).toBe(0);
  });
});
