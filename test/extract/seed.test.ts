import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { defaultPlaceIndex, loadDefaultEntries } from '../../src/adapters/memory/default-gazetteer.ts';
import { storedGazetteer } from '../../src/adapters/memory/memory-gazetteer.ts';
import { createPlaceIndex } from '../../src/adapters/memory/place-index.ts';
import { sqlGazetteerStore } from '../../src/adapters/sql/gazetteer-store.ts';
import { openSqlite } from '../../src/adapters/sqlite/open-sqlite.ts';
import type { Claim, Report } from '../../src/domain/index.ts';
import { runExtract } from '../../src/pipeline/extract/run-extract.ts';
import type { GazetteerEntry, PlaceIndex } from '../../src/ports/gazetteer.ts';
import { tempDir } from '../support/cli.ts';
import { describeShared, sharedPath } from '../support/shared.ts';
import { distanceKm } from './golden-match.ts';

const BANIYAS = { lat: 35.18188, lon: 35.94871 };
const JABLEH = { lat: 35.36211, lon: 35.92759 };
// A user's own entry for the village (Hrisun); the coordinates are the user's to give.
const HARISON: GazetteerEntry = {
  id: 'user:harison',
  name: 'Harison',
  lat: 35.2066,
  lon: 35.9803,
  country: 'SY',
  admin1: 'Tartus',
  featureCode: 'PPL',
  population: 0,
  alternateNames: ['Hrisun', 'Hreisoun'],
  origin: 'user',
};

function seedReport(): Report {
  return {
    id: 'seed',
    originalSha256: '0'.repeat(64),
    itemKey: '',
    status: 'parsed',
    reason: null,
    text: readFileSync(sharedPath('seed', 'coastal-violence-report.txt'), 'utf8'),
    title: null,
    url: null,
    sourceName: 'Tehran Times',
    published: '2025-03-12',
    language: 'en',
    mediaType: 'text/plain',
    ingestedAt: '2025-03-12T12:00:00Z',
  };
}

describeShared(
  'the seed report (../shared/seed/coastal-violence-report.txt)',
  'seed/coastal-violence-report.txt',
  () => {
    let entries: GazetteerEntry[];
    let places: PlaceIndex;
    let claims: Claim[];
    const find = (pred: (c: Claim) => boolean) => claims.filter(pred);
    const mentions = (c: Claim, words: RegExp) => words.test(c.quote);

    beforeAll(async () => {
      entries = loadDefaultEntries();
      places = defaultPlaceIndex(entries);
      claims = await runExtract(seedReport(), { places });
    });

    it('1. reads looting, arson and shelling in Harison by armed groups alongside Ministry of Defense forces, reported by the Syrian Observatory, at Hrisun, the village the default gazetteer knows under that spelling (precision 1)', () => {
      const harison = find((c) => c.place?.name === 'Harison');
      const looting = harison.filter(
        (c) => c.subType === 'Looting/property destruction' && /loot/i.test(c.trigger ?? ''),
      );
      const arson = harison.filter(
        (c) => c.subType === 'Looting/property destruction' && /burn/i.test(c.trigger ?? ''),
      );
      const shelling = harison.filter((c) => c.subType === 'Shelling/artillery/missile attack');
      expect(looting.length).toBeGreaterThan(0);
      expect(arson.length).toBeGreaterThan(0);
      expect(shelling.length).toBeGreaterThan(0);
      for (const c of [...looting, ...arson]) {
        expect(c.attribution).toMatchObject({
          source: 'Syrian Observatory for Human Rights',
          stance: 'reported',
        });
        expect(c.actors.filter((a) => a.role === 'perpetrator').map((a) => a.name)).toEqual(
          expect.arrayContaining(['Armed groups', 'Ministry of Defense forces']),
        );
      }
      // Harison and Hrisun share a transliteration skeleton: the village in the Baniyas countryside.
      for (const c of harison) {
        expect(c.place).toMatchObject({ wherePrec: 1, geoPrecision: 1, gazetteerId: 'vigil:hrisun' });
        expect(distanceKm(BANIYAS, { lat: c.place!.lat!, lon: c.place!.lon! })).toBeLessThan(10);
      }
    });

    it('1. resolves Harison to precision 1 once a user adds it to the gazetteer (kept in the store)', async () => {
      const { store: _store, db } = await openSqlite(join(tempDir(), 'vigil.db'));
      const gazetteerStore = sqlGazetteerStore(db);
      await storedGazetteer(gazetteerStore, () => createPlaceIndex()).add([HARISON]);
      // A new process: the default gazetteer again, with what the store kept on top.
      const index = await storedGazetteer(gazetteerStore, () => defaultPlaceIndex(entries)).index();
      const withUser = await runExtract(seedReport(), { places: index });
      const harison = withUser.filter((c) => c.place?.name === 'Harison');
      expect(harison.length).toBeGreaterThanOrEqual(3);
      for (const c of harison)
        expect(c.place).toMatchObject({
          wherePrec: 1,
          geoPrecision: 1,
          gazetteerId: 'user:harison',
          lat: HARISON.lat,
        });
      await db.destroy();
    });

    it('2. reads killings, kidnappings, arson and destruction in the Jableh countryside south of Latakia, from residents’ pleas', () => {
      const jableh = find(
        (c) => /Jableh.{0,3} countryside/.test(c.quote) && c.place !== null && c.place.lat !== null,
      );
      for (const c of jableh) {
        expect(c.place!.wherePrec).toBe(2);
        expect(distanceKm(JABLEH, { lat: c.place!.lat!, lon: c.place!.lon! })).toBeLessThan(1);
      }
      const kinds = (re: RegExp) => jableh.filter((c) => re.test(c.trigger ?? ''));
      expect(kinds(/killings/).map((c) => c.subType)).toContain('Attack');
      expect(kinds(/kidnappings/).map((c) => c.subType)).toContain('Abduction/forced disappearance');
      expect(kinds(/arson/).length).toBeGreaterThan(0);
      expect(kinds(/destruction/).length).toBeGreaterThan(0);
      for (const c of jableh) expect(c.attribution.source?.toLowerCase()).toBe('residents');
    });

    it('3. reads the extortion for US dollars by armed groups as alleged ("reportedly")', () => {
      const [extortion] = find((c) => c.type === 'Extortion');
      expect(extortion).toBeDefined();
      expect(extortion!.attribution.stance).toBe('alleged');
      expect(extortion!.actors).toContainEqual(
        expect.objectContaining({ name: 'Armed groups', role: 'perpetrator' }),
      );
      expect(extortion!.quote).toMatch(/U\.S\. dollars/);
    });

    it('4. reads the flights to Sweida and to the mountains, and the refugees sheltering at Hmeimim', () => {
      const sweida = find(
        (c) => c.type === 'Displacement' && c.destination?.gazetteerId === 'geonames:172408',
      );
      expect(sweida).toHaveLength(1);
      expect(sweida[0]!.place).toMatchObject({ name: 'Damascus', wherePrec: 2 });
      expect(find((c) => c.subType === 'Flight' && mentions(c, /mountains/))).toHaveLength(1);
      const hmeimim = find((c) => c.subType === 'Sheltering');
      expect(hmeimim).toHaveLength(1);
      // The air base rides with the default gazetteer (its project-owned villages and bases).
      expect(hmeimim[0]!.place).toMatchObject({
        name: 'Hmeimim Airbase',
        wherePrec: 1,
        gazetteerId: 'vigil:hmeimim-air-base',
      });
    });

    it('5. puts the Ministry of Defense’s announcement (official) beside the report that the massacres continued', () => {
      const announcement = find(
        (c) => c.subType === 'Operation announcement' && /announced the end/.test(c.quote),
      );
      expect(announcement).toHaveLength(1);
      expect(announcement[0]!.attribution).toMatchObject({
        stance: 'official',
        source: 'Syrian Ministry of Defense',
      });
      const continuing = find(
        (c) => c.type === 'Violence against civilians' && /massacres were continuing/.test(c.quote),
      );
      expect(continuing).toHaveLength(1);
      expect(continuing[0]!.attribution.stance).toBe('asserted');
    });

    it('6. reads the calls for access and investigation by Amnesty, Human Rights Watch, witnesses and the president', () => {
      const calls = find((c) => c.type === 'Call for investigation');
      for (const c of calls) expect(c.attribution.stance).toBe('call');
      const by = (source: string) =>
        calls.filter((c) => c.attribution.source === source).map((c) => c.subType);
      expect(by('Amnesty International')).toContain('Access');
      expect(by('Human Rights Watch').length).toBeGreaterThan(0);
      expect(by('witnesses')).toEqual(expect.arrayContaining(['Protection', 'Investigation']));
      expect(by('President Ahmad al-Sharaa')).toContain('Investigation');
    });

    it('7. reads food shortages, power outages and halted bakeries in Latakia', () => {
      const conditions = find((c) => c.type === 'Humanitarian condition');
      expect(conditions.map((c) => c.subType).sort()).toEqual(['food', 'power', 'services']);
      expect(conditions.find((c) => c.subType === 'services')!.trigger).toMatch(/bakery/);
      for (const c of conditions)
        expect(c.place).toMatchObject({ name: 'Latakia', gazetteerId: 'geonames:173576' });
    });

    it('8. keeps "could number in the thousands" as a range of at least 1,000 with its modality, never a point', () => {
      const [toll] = find((c) => mentions(c, /could number in the thousands/));
      expect(toll!.casualties.killed!.min).toBeGreaterThanOrEqual(1000);
      expect(toll!.casualties.killed!.max).not.toBe(toll!.casualties.killed!.min);
      expect(toll!.casualties.killed!.text).toContain('could number in the thousands');
      expect(toll!.attribution.modality).toBe(true);
      expect(toll!.flags).toContain('modality');
    });

    it('9. reads the video of the massacre order as unverified footage, dated to the week up to the Tuesday it surfaced', () => {
      const [video] = find((c) => mentions(c, /unverified video/));
      expect(video!.attribution.stance).toBe('unverified');
      expect(video!.attribution.basis).toBe('footage');
      // Tuesday is when the video surfaced; what it shows happened on or before that day.
      expect(video!.date).toMatchObject({ start: '2025-03-05', end: '2025-03-11', precision: 3 });
      expect(video!.evidenceMentioned).toMatch(/video/);
    });

    it('10. marks the repeated paragraphs’ claims as repeats of the first telling', () => {
      const byId = new Map(claims.map((c) => [c.id, c]));
      const repeats = find((c) => c.repeatOf !== null);
      const retold = (trigger: RegExp) =>
        repeats.filter((c) => trigger.test(c.trigger ?? '') && c.place?.name === 'Harison');
      expect(retold(/looting/)).toHaveLength(1);
      expect(retold(/burning homes/)).toHaveLength(1);
      expect(retold(/bombarded/)).toHaveLength(1);
      for (const r of repeats) {
        const original = byId.get(r.repeatOf!)!;
        expect(original.ordinal).toBeLessThan(r.ordinal);
        expect(original.type).toBe(r.type);
        expect(original.repeatOf).toBeNull();
      }
      const jablehRepeats = repeats.filter((c) => /Jableh’s countryside/.test(c.quote));
      expect(jablehRepeats.map((c) => c.trigger).sort()).toEqual(
        expect.arrayContaining(['arson', 'killings', 'kidnappings']),
      );
    });
  },
);
