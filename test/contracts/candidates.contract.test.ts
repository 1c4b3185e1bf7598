import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/domain/index.ts';
import { dayIso, dayNumber } from '../../src/pipeline/resolve/claim-view.ts';
import type { CandidateBlock, IncidentIndex, IncidentProfile } from '../../src/ports/resolution.ts';
import { anIncident } from './records.ts';
import { freshPortEach, resolutionAdapters } from './resolution-adapters.ts';

/**
 * One suite for every adapter of resolution's candidate search (`IncidentIndex`): the SQL store
 * (SQLite, and PostgreSQL when one is running) and the in-memory index the bulk benchmark
 * resolves over, so the benchmark's figures come from a search that answers as the real ones do.
 * Places sit well inside or well outside each reach: the stores may differ by rounding at the edge.
 */
const adapters = resolutionAdapters<IncidentIndex>(
  (store) => store.incidents,
  (ports) => ports.incidents,
);

const DAY = dayNumber('2025-03-09');
const LAT = 35.36;
const LON = 35.93;
/** Degrees of latitude in a kilometre. */
const KM = 1 / 110.574;
const RADIUS: Record<number, number> = { 1: 3, 2: 25, 3: 50, 4: 150 };

interface Shape {
  lat?: number;
  lon?: number;
  /** Precision of the place: 1 town (3 km) … 4 governorate (150 km); 5 a country, no radius. */
  wherePrec?: number;
  first?: number;
  last?: number;
  family?: IncidentProfile['family'];
  mode?: IncidentProfile['mode'];
}

/** An incident and the profile resolution would record for it. */
function incident(id: string, shape: Shape = {}): { incident: Incident; profile: IncidentProfile } {
  const { lat = LAT, lon = LON, wherePrec = 1, first = DAY, last = first, family = 'violence' } = shape;
  const mode = shape.mode ?? 'event';
  const radiusKm = RADIUS[wherePrec] ?? null;
  const inc = anIncident(id, [], {
    place: {
      name: `Place of ${id}`,
      lat,
      lon,
      country: 'SY',
      admin1: null,
      wherePrec,
      geoPrecision: wherePrec,
      gazetteerId: null,
    },
    date: { start: dayIso(first), end: dayIso(last), precision: last === first ? 1 : 3 },
  });
  const profile: IncidentProfile = {
    id,
    family: mode === 'statement' ? 'statement' : family,
    mode,
    type: inc.type,
    subType: inc.subType,
    lat: radiusKm === null ? null : lat,
    lon: radiusKm === null ? null : lon,
    radiusKm,
    wherePrec,
    gazetteerId: null,
    placeName: inc.place!.name,
    country: 'SY',
    admin1: null,
    firstDay: first,
    lastDay: last,
    inferredDate: false,
    perpetrators: [],
    targets: [],
    casualties: {},
    memberCount: 1,
  };
  return { incident: inc, profile };
}

const town = (over: Partial<CandidateBlock> = {}): CandidateBlock => ({
  family: 'violence',
  lat: LAT,
  lon: LON,
  reachKm: 3,
  firstDay: DAY,
  lastDay: DAY,
  ...over,
});

describe.each(adapters)('candidate search on $name', (adapter) => {
  const fresh = freshPortEach(adapter);

  const save = async (...list: { incident: Incident; profile: IncidentProfile }[]) => {
    for (const x of list) await fresh.port.save(x.incident, x.profile);
  };
  const found = async (block: CandidateBlock) =>
    (await fresh.port.findCandidates(block)).map((p) => p.id).sort();

  it('finds events of the family whose place is within both radii, on days that overlap', async () => {
    await save(
      incident('inc-here'),
      incident('inc-20km-north', { lat: LAT + 20 * KM }),
      incident('inc-20km-north-district', { lat: LAT + 20 * KM, wherePrec: 2 }),
      incident('inc-20km-south-district', { lat: LAT - 20 * KM, wherePrec: 2 }),
      incident('inc-20km-east', { lon: LON + 20 * KM * 1.3 }),
      incident('inc-100km-governorate', { lat: LAT - 100 * KM, wherePrec: 4 }),
      incident('inc-other-family', { family: 'property' }),
      incident('inc-five-days-later', { first: DAY + 5 }),
      incident('inc-the-week-around', { first: DAY - 3, last: DAY + 3 }),
      incident('inc-the-month-around', { first: DAY - 15, last: DAY + 15 }),
      incident('inc-the-month-before', { first: DAY - 40, last: DAY - 10 }),
      incident('inc-a-statement', { mode: 'statement' }),
    );
    expect(await found(town())).toEqual([
      'inc-100km-governorate',
      'inc-20km-north-district',
      'inc-20km-south-district',
      'inc-here',
      'inc-the-month-around',
      'inc-the-week-around',
    ]);
    // A claim placed to a district reaches the towns 20 km away.
    expect(await found(town({ reachKm: 25 }))).toEqual([
      'inc-100km-governorate',
      'inc-20km-east',
      'inc-20km-north',
      'inc-20km-north-district',
      'inc-20km-south-district',
      'inc-here',
      'inc-the-month-around',
      'inc-the-week-around',
    ]);
    // Days: a claim dated a week later meets only what spans it.
    expect(await found(town({ firstDay: DAY + 5, lastDay: DAY + 5 }))).toEqual([
      'inc-five-days-later',
      'inc-the-month-around',
    ]);
    expect(await found(town({ family: 'property' }))).toEqual(['inc-other-family']);
  });

  it('finds an incident once, where it was last saved, and not after it is retired', async () => {
    const moved = incident('inc-moves');
    await save(moved, incident('inc-stays'));
    // Saved again unchanged (a claim joined it), then moved 60 km south with its dates widened.
    await save(moved);
    expect(await found(town({ firstDay: DAY - 2, lastDay: DAY + 2 }))).toEqual(['inc-moves', 'inc-stays']);
    await save(incident('inc-moves', { lat: LAT - 60 * KM, first: DAY - 1, last: DAY + 1 }));
    expect(await found(town())).toEqual(['inc-stays']);
    expect(await found(town({ lat: LAT - 60 * KM }))).toEqual(['inc-moves']);
    await fresh.port.retire('inc-stays');
    expect(await found(town())).toEqual([]);
    expect(await fresh.port.existing(['inc-moves', 'inc-stays'])).toEqual(new Set(['inc-moves']));
  });

  it('finds events dated long before 1970 and after 2149 as it finds recent ones', async () => {
    // (The bench's index keeps the days most dates fall in apart from the rest.)
    const old = dayNumber('1965-06-01');
    const far = dayNumber('2151-06-01');
    await save(
      incident('inc-1965', { first: old }),
      incident('inc-1965-month', { first: old - 15, last: old + 15 }),
      incident('inc-2151', { first: far }),
      incident('inc-recent'),
    );
    expect(await found(town({ firstDay: old, lastDay: old }))).toEqual(['inc-1965', 'inc-1965-month']);
    expect(await found(town({ firstDay: old + 10, lastDay: old + 10 }))).toEqual(['inc-1965-month']);
    expect(await found(town({ firstDay: far - 1, lastDay: far + 1 }))).toEqual(['inc-2151']);
    expect(await found(town())).toEqual(['inc-recent']);
  });

  it('reaches incidents placed too coarsely for a radius only when asked to', async () => {
    await save(incident('inc-country', { wherePrec: 5 }), incident('inc-here'));
    expect(await found(town())).toEqual(['inc-here']);
    expect(await found(town({ coarse: true }))).toEqual(['inc-country', 'inc-here']);
    expect(await found(town({ coarse: true, lat: LAT + 50 * KM }))).toEqual([]);
  });
});
