import { describe, expect, it } from 'vitest';
import { storeFixtures } from '../support/stores.ts';
import { freshStoreEach } from './open-each.ts';

describe.each(storeFixtures())('the failure store on $name', (fixture) => {
  const s = freshStoreEach(fixture);

  it('keeps every input that could not be read, newest first', async () => {
    await s.store.failures.record('missing.txt', 'no such file', '2025-03-10T08:00:00.000Z');
    await s.store.failures.record('https://down.example/a', 'HTTP 503', '2025-03-10T08:01:00.000Z');
    await s.store.failures.record('missing.txt', 'no such file', '2025-03-10T08:02:00.000Z');
    expect(await s.store.failures.list()).toEqual([
      { target: 'missing.txt', reason: 'no such file', at: '2025-03-10T08:02:00.000Z' },
      { target: 'https://down.example/a', reason: 'HTTP 503', at: '2025-03-10T08:01:00.000Z' },
      { target: 'missing.txt', reason: 'no such file', at: '2025-03-10T08:00:00.000Z' },
    ]);
  });

  it('lists at most the number asked for', async () => {
    for (let i = 0; i < 5; i++) await s.store.failures.record(`f${i}`, 'unreadable', `2025-03-1${i}`);
    expect((await s.store.failures.list(2)).map((f) => f.target)).toEqual(['f4', 'f3']);
  });
});
