import { describe, expect, it } from 'vitest';
import type { OriginalRecord } from '../../src/ports/store.ts';
import { storeFixtures } from '../support/stores.ts';
import { freshStoreEach } from './open-each.ts';
import { anOriginal, aReport } from './records.ts';

describe.each(storeFixtures())('the report store on $name', (fixture) => {
  const s = freshStoreEach(fixture);

  it('keeps the first record of an original when the same bytes are recorded again', async () => {
    const original = anOriginal('a');
    await s.store.reports.recordOriginal(original);
    await s.store.reports.recordOriginal({ ...original, origin: 'second-name.txt' });
    expect(await s.store.reports.findOriginal(original.sha256)).toEqual(original);
    expect(await s.store.reports.findOriginal(anOriginal('unknown').sha256)).toBeNull();
  });

  it('gives back a recorded report exactly as it was recorded, nulls included', async () => {
    const original = anOriginal('b', { size: 5_000_000_000 });
    await s.store.reports.recordOriginal(original);
    const report = aReport(original, { url: null, title: null, language: null, sourceName: null });
    await s.store.reports.recordReport(report);
    expect(await s.store.reports.get(report.id)).toEqual(report);
    expect((await s.store.reports.findOriginal(original.sha256))?.size).toBe(5_000_000_000);
    expect(await s.store.reports.get('rep-none')).toBeNull();
  });

  it('refuses to change a parsed report', async () => {
    const original = anOriginal('c');
    await s.store.reports.recordOriginal(original);
    const report = aReport(original);
    await s.store.reports.recordReport(report);
    await expect(s.store.reports.recordReport({ ...report, text: 'changed' })).rejects.toThrow(/immutable/);
    expect((await s.store.reports.get(report.id))?.text).toBe(report.text);
  });

  it('replaces an unparsed placeholder when its original is parsed again', async () => {
    const original = anOriginal('d');
    await s.store.reports.recordOriginal(original);
    const placeholder = aReport(original, { status: 'unparsed', reason: 'no parser', text: '', title: null });
    await s.store.reports.recordReport(placeholder);
    expect(await s.store.reports.list({ text: 'market' })).toEqual([]);
    await s.store.reports.recordReport(aReport(original));
    expect((await s.store.reports.get(placeholder.id))?.status).toBe('parsed');
    expect((await s.store.reports.list({ text: 'market' })).map((r) => r.id)).toEqual([placeholder.id]);
  });

  it('drops only the unparsed placeholders of an original and says how many', async () => {
    const original = anOriginal('e');
    await s.store.reports.recordOriginal(original);
    await s.store.reports.recordReport(
      aReport(original, { status: 'unparsed', reason: 'bad bytes', text: '', title: null }),
    );
    const other = anOriginal('f');
    await s.store.reports.recordOriginal(other);
    await s.store.reports.recordReport(aReport(other));
    expect(await s.store.reports.dropUnparsed(original.sha256)).toBe(1);
    expect(await s.store.reports.dropUnparsed(other.sha256)).toBe(0);
    expect(await s.store.reports.forOriginal(original.sha256)).toEqual([]);
    expect(await s.store.reports.forOriginal(other.sha256)).toHaveLength(1);
  });

  it('lists the reports of one original in item order', async () => {
    const feed = anOriginal('feed', { mediaType: 'application/rss+xml' });
    await s.store.reports.recordOriginal(feed);
    for (const key of ['b', 'c', 'a']) {
      await s.store.reports.recordReport(aReport(feed, { id: `rep-feed-${key}`, itemKey: key }));
    }
    const items = await s.store.reports.forOriginal(feed.sha256);
    expect(items.map((r) => r.itemKey)).toEqual(['a', 'b', 'c']);
  });

  it('filters by status and pages in ingestion order', async () => {
    for (let i = 0; i < 5; i++) {
      const original = anOriginal(`page-${i}`, { receivedAt: `2025-03-1${i}T00:00:00.000Z` });
      await s.store.reports.recordOriginal(original);
      await s.store.reports.recordReport(
        i === 2
          ? aReport(original, { status: 'unparsed', reason: 'empty', text: '', title: null })
          : aReport(original),
      );
    }
    const all = await s.store.reports.list();
    expect(all.map((r) => r.ingestedAt)).toEqual([...all.map((r) => r.ingestedAt)].sort());
    expect(await s.store.reports.count()).toBe(5);
    expect(await s.store.reports.count({ status: 'parsed' })).toBe(4);
    expect(await s.store.reports.count({ status: 'unparsed' })).toBe(1);
    expect(typeof (await s.store.reports.count())).toBe('number');
    const page = await s.store.reports.list({ status: 'parsed', limit: 2, offset: 1 });
    expect(page.map((r) => r.id)).toEqual(
      all
        .filter((r) => r.status === 'parsed')
        .map((r) => r.id)
        .slice(1, 3),
    );
  });

  it('finds reports by words of their title or text, whatever the case', async () => {
    const texts = [
      ['Market shelled', 'Shelling hit the market in Jableh.'],
      ['Families flee', 'Families fled Baniyas toward the mountains.'],
      ['Bakeries halted', 'Power cuts halted the bakeries of Latakia.'],
    ];
    for (const [i, [title, text]] of texts.entries()) {
      const original = anOriginal(`fts-${i}`);
      await s.store.reports.recordOriginal(original);
      await s.store.reports.recordReport(aReport(original, { title: title!, text: text! }));
    }
    const ids = async (text: string) => (await s.store.reports.list({ text })).map((r) => r.title);
    expect(await ids('baniyas')).toEqual(['Families flee']);
    expect(await ids('BAKERIES')).toEqual(['Bakeries halted']);
    expect(await ids('market Jableh')).toEqual(['Market shelled']);
    expect(await ids('market Baniyas')).toEqual([]);
    expect(await s.store.reports.count({ status: 'parsed' })).toBe(3);
  });

  it('treats search words as words, not as query syntax', async () => {
    const original = anOriginal('syntax');
    await s.store.reports.recordOriginal(original);
    await s.store.reports.recordReport(aReport(original));
    for (const text of ['"market', 'market OR', 'NOT market', 'market*', "market' --", '(market)', ':', '']) {
      await expect(s.store.reports.list({ text })).resolves.toBeInstanceOf(Array);
    }
    expect((await s.store.reports.list({ text: '(market)' })).length).toBe(1);
  });

  it('walks every original in address order, past one page', async () => {
    const recorded: OriginalRecord[] = [];
    await s.store.atomically(async (tx) => {
      for (let i = 0; i < 1100; i++) {
        const original = anOriginal(`walk-${i}`);
        recorded.push(original);
        await tx.reports.recordOriginal(original);
      }
    });
    const walked: OriginalRecord[] = [];
    for await (const o of s.store.reports.originals()) walked.push(o);
    expect(walked).toEqual(recorded.sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1)));
  });
});
