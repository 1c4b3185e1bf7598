import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Place } from '../../src/domain/place.ts';
import { tempDir } from '../support/cli.ts';
import { type GoldenInput, type GoldenReport, runCase } from './golden-harness.ts';

const scratch = tempDir('vigil-late-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Two villages 4 km apart: within each other's reach (3 km + 3 km), but two different named
// places at precision 1, so never one event.
const village = (name: string, lat: number, lon: number): Place => ({
  name,
  lat,
  lon,
  country: 'SY',
  admin1: 'Latakia',
  wherePrec: 1,
  geoPrecision: 1,
  gazetteerId: `g-${name.toLowerCase()}`,
});
const EAST = village('Qarfeen', 35.5, 35.95);
const WEST = village('Dalmeer', 35.5, 35.906);

function killing(id: string, source: string, place: Place, killed: number): GoldenReport {
  const quote = `${source} said ${killed} civilians were killed in ${place.name} on Friday.`;
  return {
    id,
    source,
    // One publication day: the canonical order within it is by report id.
    published: '2025-03-08',
    text: quote,
    claims: [
      {
        quote,
        type: 'Violence against civilians',
        subType: 'Attack',
        attribution: { source, stance: 'reported', modality: false },
        place,
        date: { start: '2025-03-07', end: '2025-03-07', precision: 1 },
        casualties: {
          killed: { min: killed, max: killed, text: `${killed} civilians` },
          injured: null,
          abducted: null,
          displaced: null,
        },
      },
    ],
  };
}

async function resolve(reports: GoldenReport[], name: string) {
  const input: GoldenInput = { description: name, reports };
  const run = await runCase(input, join(scratch, `${name}.db`));
  try {
    const ids = reports.map((r) => `${r.id}.0`);
    const links = await run.store.claimLinks.forClaims(ids);
    const incidents = run.snapshots
      .at(-1)!
      .incidents.map((i) => ({ id: i.id, claims: [...i.claimIds].sort(), grade: i.grade }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    return { incidents, seq: Object.fromEntries(links.map((l) => [l.claimId, l.seq])) };
  } finally {
    await run.close();
  }
}

describe('a report arriving after reports later in the canonical order', () => {
  it('leaves the later claims its own cannot change where they are, with the record as if it came first', async () => {
    // rep-b and rep-c tell one killing in Qarfeen; rep-a (earlier in the order: same day, lower
    // id) tells another in Dalmeer, 4 km away, and arrives last.
    const b = killing('rep-b', 'Harbour Daily', EAST, 7);
    const c = killing('rep-c', 'Coastal Rights Monitor', EAST, 7);
    const a = killing('rep-a', 'Sahel Voice', WEST, 3);
    const late = await resolve([b, c, a], 'late');
    const inOrder = await resolve([a, b, c], 'in-order');
    expect(late.incidents).toEqual(inOrder.incidents);
    expect(late.incidents.map((i) => i.claims)).toEqual(
      expect.arrayContaining([['rep-a.0'], ['rep-b.0', 'rep-c.0']]),
    );
    // Placed once each: the late report's claim was checked against their incident, not moved.
    expect(late.seq['rep-b.0']).toBeLessThan(late.seq['rep-c.0']!);
    expect(late.seq['rep-c.0']).toBeLessThan(late.seq['rep-a.0']!);
  }, 60_000);

  it('places the later claims again when the late claim founds the incident they belong to', async () => {
    // rep-a now tells the same killing in Qarfeen: it comes first in the order, so the incident
    // is its own (its id comes from rep-a's claim) and the later claims join it.
    const b = killing('rep-b', 'Harbour Daily', EAST, 7);
    const c = killing('rep-c', 'Coastal Rights Monitor', EAST, 7);
    const a = killing('rep-a', 'Sahel Voice', EAST, 7);
    const late = await resolve([b, c, a], 'late-founder');
    const inOrder = await resolve([a, b, c], 'in-order-founder');
    expect(late.incidents).toEqual(inOrder.incidents);
    expect(late.incidents).toHaveLength(1);
    expect(late.seq['rep-b.0']).toBeGreaterThan(late.seq['rep-a.0']!);
    expect(late.seq['rep-c.0']).toBeGreaterThan(late.seq['rep-a.0']!);
  }, 60_000);
});
