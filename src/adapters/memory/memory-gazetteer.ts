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
 * default gazetteer) is built on first use, then every stored entry and alias goes on top, so
 * a user's "Harison" wins over anything else of that name.
 *
 * The stored places are read at once, when the gazetteer is made: extraction runs inside the
 * ingest transaction, and on SQLite a read issued then would wait for the very connection the
 * transaction holds.
 */
export function storedGazetteer(store: GazetteerStore, base: () => MutablePlaceIndex): Gazetteer {
  const stored = Promise.all([store.entries(), store.aliases()]).then(
    ([entries, aliases]) => ({ ok: true as const, entries, aliases }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  let index: MutablePlaceIndex | null = null;
  const load = async (): Promise<MutablePlaceIndex> => {
    if (index) return index;
    const read = await stored;
    if (!read.ok) throw read.error;
    if (index) return index;
    const i = base();
    for (const e of read.entries) i.add(e);
    for (const a of read.aliases) i.alias(a.alias, a.entryId);
    index = i;
    return i;
  };
  return {
    async lookup(name, query) {
      return (await load()).find(name, query);
    },
    async add(entries) {
      await store.record(entries);
      if (index) for (const e of entries) index.add(e);
    },
    async addAlias(alias, entryId) {
      await store.recordAlias(alias, entryId);
      if (index) index.alias(alias, entryId);
    },
    index: load,
  };
}
