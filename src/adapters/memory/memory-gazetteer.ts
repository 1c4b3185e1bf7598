import { foldName } from '../../pipeline/geocode/fold-name.ts';
import type { Gazetteer, GazetteerEntry, GazetteerStore } from '../../ports/gazetteer.ts';
import { createPlaceIndex, distanceKm, type MutablePlaceIndex } from './place-index.ts';

export { distanceKm, foldName };

/**
 * A gazetteer held in memory. `base` builds the index on first use (the default gazetteer
 * takes about a second to load, so commands that never geocode never pay for it).
 */
export function memoryGazetteer(base: GazetteerEntry[] | (() => MutablePlaceIndex) = []): Gazetteer {
  let index: MutablePlaceIndex | null = null;
  const load = (): MutablePlaceIndex => {
    if (!index) {
      if (typeof base === 'function') index = base();
      else {
        index = createPlaceIndex();
        for (const e of base) index.add(e);
      }
    }
    return index;
  };
  return {
    async lookup(name, query) {
      return load().find(name, query);
    },
    async add(entries) {
      const i = load();
      for (const e of entries) i.add(e);
    },
    async addAlias(alias, entryId) {
      load().alias(alias, entryId);
    },
    async index() {
      return load();
    },
  };
}

/**
 * The gazetteer with user-added and imported places kept in the store: the base index (the
 * default gazetteer) is loaded first, then every stored entry and alias on top, so a user's
 * "Harison" wins over anything else of that name.
 */
export function storedGazetteer(store: GazetteerStore, base: () => MutablePlaceIndex): Gazetteer {
  let loading: Promise<MutablePlaceIndex> | null = null;
  const load = () => {
    loading ??= (async () => {
      const i = base();
      for (const e of await store.entries()) i.add(e);
      for (const a of await store.aliases()) i.alias(a.alias, a.entryId);
      return i;
    })();
    return loading;
  };
  return {
    async lookup(name, query) {
      return (await load()).find(name, query);
    },
    async add(entries) {
      await store.record(entries);
      if (loading) {
        const i = await loading;
        for (const e of entries) i.add(e);
      }
    },
    async addAlias(alias, entryId) {
      await store.recordAlias(alias, entryId);
      if (loading) (await loading).alias(alias, entryId);
    },
    index: load,
  };
}
