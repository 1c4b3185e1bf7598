import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/errors.ts';
import { storeFixtures } from '../support/stores.ts';
import { freshStoreEach } from './open-each.ts';

describe.each(storeFixtures())('the source store on $name', (fixture) => {
  const s = freshStoreEach(fixture);

  it('creates a new source as its own origin group, with the kind given', async () => {
    const source = await s.store.sources.ensure('Coastal Monitor', 'monitor', 'coastal.example');
    expect(source).toEqual({
      id: expect.stringMatching(/^src-[0-9a-f]{12}$/),
      name: 'Coastal Monitor',
      kind: 'monitor',
      originGroup: 'Coastal Monitor',
      site: 'coastal.example',
    });
  });

  it('returns the existing source for a known name without changing it', async () => {
    const first = await s.store.sources.ensure('Harbour Daily', 'outlet');
    const again = await s.store.sources.ensure('Harbour Daily', 'wire', 'other.example');
    expect(again).toEqual(first);
    expect(await s.store.sources.list()).toHaveLength(1);
  });

  it('makes one source when several writers ensure the same name at once', async () => {
    const made = await Promise.all(
      Array.from({ length: 6 }, () => s.store.sources.ensure('Valley Voice', 'outlet')),
    );
    expect(new Set(made.map((m) => m.id)).size).toBe(1);
    expect(await s.store.sources.list()).toHaveLength(1);
  });

  it('lists sources by name, byte order', async () => {
    for (const name of ['delta Wire', 'Bravo Daily', 'alpha Monitor', 'Charlie Post']) {
      await s.store.sources.ensure(name);
    }
    expect((await s.store.sources.list()).map((x) => x.name)).toEqual([
      'Bravo Daily',
      'Charlie Post',
      'alpha Monitor',
      'delta Wire',
    ]);
  });

  it('moves a source into another origin group', async () => {
    const wire = await s.store.sources.ensure('North Wire', 'wire');
    const moved = await s.store.sources.setOriginGroup(wire.id, 'Coastal Monitor');
    expect(moved).toEqual({ ...wire, originGroup: 'Coastal Monitor' });
    expect((await s.store.sources.list())[0]?.originGroup).toBe('Coastal Monitor');
  });

  it('says so when the source to regroup does not exist', async () => {
    await expect(s.store.sources.setOriginGroup('src-missing', 'x')).rejects.toBeInstanceOf(NotFoundError);
  });
});
