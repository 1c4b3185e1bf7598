import type { Gazetteer, GazetteerEntry, GazetteerQuery } from '../../ports/gazetteer.ts';

/** Accent-folded, lower-case, without Arabic article prefixes or punctuation. */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’ʿʾ`]/g, '')
    .replace(/^(al|as|ad|ar|at|az|an|ash|el)[-\s]/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A gazetteer held in memory: the skeleton's default and a fixture for tests. */
export function memoryGazetteer(initial: GazetteerEntry[] = []): Gazetteer {
  const byName = new Map<string, GazetteerEntry[]>();
  const index = (e: GazetteerEntry) => {
    for (const n of new Set([e.name, ...e.alternateNames].map(foldName))) {
      const list = byName.get(n) ?? [];
      byName.set(
        n,
        list.filter((x) => x.id !== e.id),
      );
      byName.get(n)!.push(e);
    }
  };
  for (const e of initial) index(e);
  return {
    async lookup(name: string, query: GazetteerQuery = {}) {
      const found = [...(byName.get(foldName(name)) ?? [])];
      const score = (e: GazetteerEntry) =>
        (query.countries?.includes(e.country ?? '') ? 1e9 : 0) +
        (query.near ? -distanceKm(query.near, e) * 1e4 : 0) +
        e.population;
      return found.sort((a, b) => score(b) - score(a));
    },
    async add(entries) {
      for (const e of entries) index(e);
    },
  };
}

export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
