import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultPlaceIndex } from '../../src/adapters/memory/default-gazetteer.ts';
import { parseGeoNamesDump } from '../../src/adapters/memory/geonames-dump.ts';
import { createPlaceIndex, type MutablePlaceIndex } from '../../src/adapters/memory/place-index.ts';
import { placeMentions } from '../../src/pipeline/extract/places.ts';
import { countryCode, countryName } from '../../src/pipeline/geocode/countries.ts';
import { foldName, skeletonKey } from '../../src/pipeline/geocode/fold-name.ts';
import { geocodeMention } from '../../src/pipeline/geocode/geocode-place.ts';
import type { PlaceIndex } from '../../src/ports/gazetteer.ts';
import { describeShared, sharedPath } from '../support/shared.ts';

const VARIANTS: [string, string[]][] = [
  ['geonames:169304', ['Jableh', 'Jablah', 'Jabla', 'جبلة']],
  ['geonames:171830', ['Baniyas', 'Banias', 'Bāniyās', 'Banyas']],
  ['geonames:172408', ['Sweida', 'Suwayda', 'As-Suwayda', 'al Suwayda']],
  ['geonames:173576', ['Latakia', 'Lattakia', 'Al-Ladhiqiyah']],
];

function geocode(sentence: string, index: PlaceIndex, countries = ['SY']) {
  const [first] = placeMentions(sentence).filter((m) => m.role === 'event');
  return first ? geocodeMention(first, index, { countries }) : null;
}

describe('place names as keys', () => {
  it('folds accents, case, punctuation and the Arabic article', () => {
    expect(foldName('Bāniyās')).toBe('baniyas');
    expect(foldName('As-Suwayda')).toBe(foldName('Suwayda'));
    expect(foldName('al Qardāḩah')).toBe('qardahah');
    expect(foldName('الحسكة')).toBe(foldName('حسكة'));
  });

  it('gives transliterations one skeleton', () => {
    expect(skeletonKey('Jableh')).toBe(skeletonKey('Jabla'));
    expect(skeletonKey('Lattakia')).toBe(skeletonKey('Latakia'));
    expect(skeletonKey('Hrisun')).toBe(skeletonKey('Harison'));
  });

  it('knows countries by name and adjective', () => {
    expect(countryCode('Syria')).toBe('SY');
    expect(countryCode('Syrian')).toBe('SY');
    expect(countryCode('Russia')).toBe('RU');
    expect(countryCode('DRC')).toBe('CD');
    expect(countryName('CF')).toBe('Central African Republic');
  });
});

describeShared(
  'the GeoNames Syria extract (../shared/data/gazetteer)',
  'data/gazetteer/geonames-cities500-SY.tsv',
  () => {
    let index: MutablePlaceIndex;
    beforeAll(() => {
      const parsed = parseGeoNamesDump(
        readFileSync(sharedPath('data', 'gazetteer', 'geonames-cities500-SY.tsv'), 'utf8'),
        'import',
      );
      expect(parsed.rejected).toBe(0);
      expect(parsed.entries).toHaveLength(290);
      index = createPlaceIndex();
      for (const e of parsed.entries) index.add(e);
    });

    it('finds the coast’s towns under every common spelling, Arabic included', () => {
      for (const [id, names] of VARIANTS) {
        for (const name of names) expect(index.find(name, { countries: ['SY'] })[0]?.id, name).toBe(id);
      }
    });

    it('names each first-order region after its capital', () => {
      expect(index.get('geonames:169304')!.admin1).toBe('Latakia');
      expect(index.admin1Area(index.get('geonames:169304')!)).toMatchObject({
        name: 'Latakia',
        country: 'SY',
      });
    });

    it('places a village it does not know at its context, one step coarser, keeping its name', () => {
      expect(geocode('Gunmen entered the town of Harison in the Baniyas countryside.', index)).toMatchObject({
        name: 'Harison',
        gazetteerId: null,
        wherePrec: 2,
        geoPrecision: 2,
        lat: index.get('geonames:171830')!.lat,
      });
    });

    it('reads "the X countryside", "near X" and "X province" with honest precisions', () => {
      expect(geocode('Shelling hit villages in the Jableh countryside.', index)).toMatchObject({
        gazetteerId: 'geonames:169304',
        wherePrec: 2,
      });
      expect(geocode('Families near Damascus fled.', index)).toMatchObject({ wherePrec: 2, geoPrecision: 2 });
      expect(geocode('Fighting spread across Idlib province.', index)).toMatchObject({
        wherePrec: 4,
        geoPrecision: 3,
        admin1: 'Idlib',
      });
      expect(geocode('Clashes broke out in northern Syria.', index)).toMatchObject({
        wherePrec: 5,
        country: 'SY',
      });
    });
  },
);

describe('the default gazetteer (GeoNames cities500 from npm)', () => {
  let index: MutablePlaceIndex;
  beforeAll(() => {
    index = defaultPlaceIndex();
  });

  it('holds the world’s populated places, offline', () => {
    expect(index.size()).toBeGreaterThan(150_000);
    expect(index.find('Kharkiv')[0]).toMatchObject({ country: 'UA', featureCode: 'PPLA' });
    expect(index.find('Bangui')[0]).toMatchObject({ country: 'CF' });
  });

  it('chooses among same-named places by the report’s country', () => {
    expect(index.find('Tripoli', { countries: ['LB'] })[0]!.country).toBe('LB');
    expect(index.find('Tripoli', { countries: ['LY'] })[0]!.country).toBe('LY');
    expect(index.find('Ariha', { countries: ['SY'] })[0]!.country).toBe('SY');
  });

  it('knows the coast’s villages the dump lacks, and still places an unknown one in its context (precision 2)', () => {
    expect(geocode('Gunmen entered Snobar in the Jableh countryside.', index)).toMatchObject({
      gazetteerId: 'vigil:snobar',
      wherePrec: 1,
      admin1: index.get('geonames:169304')!.admin1,
    });
    expect(geocode('Gunmen entered Sanobar on Friday.', index)?.gazetteerId).toBe('vigil:snobar');
    expect(geocode('Gunmen entered Al-Mukhtariyah on Friday.', index)?.gazetteerId).toBe(
      'vigil:al-mukhtariyah',
    );
    // An invented village: its name is kept, the position is the Baniyas area's.
    expect(geocode('Gunmen entered Qaryat Zahrun in the Baniyas countryside.', index)).toMatchObject({
      name: 'Qaryat Zahrun',
      wherePrec: 2,
      gazetteerId: null,
    });
  });

  it('does not turn capitalised common words into towns abroad', () => {
    expect(geocode('Police said the road was closed near the checkpoint.', index)).toBeNull();
    expect(geocode('Refugees at Abo airbase were moved.', index, ['SY'])).toBeNull();
  });
});

describe('GeoNames dumps', () => {
  it('parses a 50,000-row country dump, keeps places and areas, and reports malformed lines', () => {
    const lines: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      const cls = i % 10 === 0 ? 'H' : 'P';
      lines.push(
        [
          i + 1,
          `Qaryat ${i}`,
          `Qaryat ${i}`,
          `Qarya ${i},قرية ${i}`,
          (32 + (i % 500) / 100).toFixed(5),
          (36 + (i % 300) / 100).toFixed(5),
          cls,
          cls === 'P' ? 'PPL' : 'STM',
          'SY',
          '',
          String(1 + (i % 14)).padStart(2, '0'),
          '',
          '',
          '',
          String(i),
          '',
          '100',
          'Asia/Damascus',
          '2020-01-01',
        ].join('\t'),
      );
    }
    lines.splice(10, 0, 'not a geonames line');
    const parsed = parseGeoNamesDump(`${lines.join('\n')}\n`, 'import');
    expect(parsed.entries).toHaveLength(45_000);
    expect(parsed.rejected).toBe(1);
    expect(parsed.firstRejectedLine).toBe(11);
    const index = createPlaceIndex();
    for (const e of parsed.entries) index.add(e);
    expect(index.find('Qarya 41', { countries: ['SY'] })[0]?.id).toBe('geonames:42');
  });
});
