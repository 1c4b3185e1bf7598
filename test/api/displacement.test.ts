import { describe, expect, it } from 'vitest';
import { readEnds } from '../../src/api/displacement.ts';
import type { GazetteerEntry, PlaceIndex } from '../../src/ports/gazetteer.ts';

const entry = (name: string, lat: number, lon: number, alternateNames: string[] = []): GazetteerEntry => ({
  id: name,
  name,
  lat,
  lon,
  country: 'SY',
  admin1: null,
  featureCode: 'PPL',
  population: 1000,
  alternateNames,
});

/** A small place index: exact names and alternate names, as the gazetteer would find them. */
function places(entries: GazetteerEntry[]): PlaceIndex {
  return {
    find: (name) =>
      entries.filter((e) =>
        [e.name, ...e.alternateNames].some((n) => n.toLowerCase().includes(name.toLowerCase())),
      ),
    countryArea: () => null,
    admin1Area: () => null,
    get: () => null,
    size: () => entries.length,
  };
}

const index = places([
  entry('Damascus', 33.51, 36.29),
  entry('As-Suwayda', 32.71, 36.57, ['Sweida']),
  entry('Jablah', 35.36, 35.93, ['Jableh']),
  entry('Hmeimim', 35.41, 35.95),
  entry('Russia', 40.23, -84.41),
]);

describe('reading displacement flows from sentences', () => {
  it('takes the place after "from" as the origin and the one after "arrived in" as the destination', () => {
    const q =
      'About 70 families from the suburbs of Damascus have arrived in Suwayda (Sweida) since Saturday.';
    const { from, to } = readEnds([{ quote: q }], index);
    expect(from?.name).toBe('Damascus');
    expect(to?.name).toBe('As-Suwayda');
  });

  it('skips a possessive before the place people went to', () => {
    const q =
      "About 300 families who fled violence in villages around Jableh are sheltering at Russia's Hmeimim air base.";
    const { from, to } = readEnds([{ quote: q }], index);
    expect(from?.name).toBe('Jablah');
    expect(to?.name).toBe('Hmeimim');
  });

  it('finds no destination when the sentence names none', () => {
    const q = 'Hundreds of families from the Jableh countryside fled to the mountains during the week.';
    expect(readEnds([{ quote: q }], index).to).toBeNull();
  });
});
