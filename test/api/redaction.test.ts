import { describe, expect, it } from 'vitest';
import type { Claim, Incident, IntakeSubmission } from '../../src/domain/index.ts';
import { markClaims, markIncidents, ROLES, redactFor, seesSensitive } from '../../src/domain/redaction.ts';

const WITNESS = 'Canary Qasimova';
const CONTACT = '+000 555 0199';

function claim(overrides: Partial<Claim> = {}): Claim {
  return {
    id: 'clm-1',
    reportId: 'rep-1',
    ordinal: 0,
    span: [0, 60],
    quote: `${WITNESS} said gunmen burned the bakery in Qardaha.`,
    type: 'Strategic developments',
    subType: 'Looting/property destruction',
    attribution: { source: WITNESS, stance: 'reported', modality: false, text: `${WITNESS} said` },
    place: {
      name: 'Qardaha',
      lat: 35.45,
      lon: 36.06,
      country: 'Syria',
      admin1: 'Latakia',
      wherePrec: 1,
      geoPrecision: 1,
      gazetteerId: null,
    },
    date: null,
    actors: [{ name: 'gunmen', role: 'perpetrator', text: 'gunmen' }],
    casualties: { killed: null, injured: null, abducted: null, displaced: null },
    fatalitiesAcled: null,
    repeatOf: null,
    salience: 1,
    ...overrides,
  };
}

const sensitiveReport = { sensitivity: { paths: [], terms: [WITNESS, CONTACT], places: ['Qardaha'] } };

describe('redactFor', () => {
  it('lets admins and analysts see sensitive fields and nobody else', () => {
    expect(ROLES.filter(seesSensitive)).toEqual(['admin', 'analyst']);
  });

  it('masks a witness name everywhere in a claim from an intake report, keeping text length', () => {
    const [marked] = markClaims(sensitiveReport, [claim()]);
    for (const role of ['viewer', 'public', 'contributor'] as const) {
      const out = redactFor(role, 'claim', marked!);
      const json = JSON.stringify(out);
      expect(json).not.toContain(WITNESS);
      expect(json).not.toContain('Qardaha');
      expect(out.quote.length).toBe(marked!.quote.length);
      expect(out.place?.lat).toBeNull();
      expect(out.place?.name).toBe('Latakia');
    }
    expect(JSON.stringify(redactFor('analyst', 'claim', marked!))).toContain(WITNESS);
  });

  it('never mutates the record it is given', () => {
    const [marked] = markClaims(sensitiveReport, [claim()]);
    const before = JSON.stringify(marked);
    redactFor('viewer', 'claim', marked!);
    expect(JSON.stringify(marked)).toBe(before);
  });

  it('coarsens a place flagged hiding to its region without coordinates', () => {
    const incident = {
      id: 'inc-1',
      place: { ...claim().place!, name: 'Old mill above Snobar', hiding: true },
    } as unknown as Incident;
    const out = redactFor('viewer', 'incident', incident);
    expect(out.place).toMatchObject({ name: 'Latakia', lat: null, lon: null, wherePrec: 4 });
  });

  it('carries claim sensitivity to the incidents built from the claims', () => {
    const [marked] = markClaims(sensitiveReport, [claim()]);
    const incident = { id: 'inc-1', claimIds: ['clm-1'], place: claim().place } as unknown as Incident;
    const [out] = markIncidents([marked!], [incident]);
    expect(out!.place?.hiding).toBe(true);
    expect(JSON.stringify(redactFor('public', 'incident', out!))).not.toContain('Qardaha');
  });

  it('removes the sensitive section of an intake submission and its words from the testimony', () => {
    const intake: IntakeSubmission = {
      id: 'int-1',
      receivedAt: '2025-03-09T10:00:00Z',
      testimony: `I am ${WITNESS}; call me on ${CONTACT}.`,
      placeName: 'Baniyas',
      occurredOn: null,
      language: 'en',
      sensitive: {
        witnessName: WITNESS,
        witnessContact: CONTACT,
        submitter: 'field-contributor',
        hidingPlace: null,
        hidingLat: 35.1,
        hidingLon: 35.9,
      },
      reportId: null,
      evidenceIds: [],
    };
    const out = redactFor('viewer', 'intake', intake);
    expect(Object.values(out.sensitive).every((v) => v === null)).toBe(true);
    expect(out.testimony).not.toContain(WITNESS);
    expect(out.testimony).not.toContain(CONTACT);
  });

  it('drops identifying media metadata such as GPS from evidence for viewers', () => {
    const item = { id: 'ev-1', metadata: { GPSLatitude: 35.1, Make: 'Phone', exif: { Artist: 'X' } } };
    const out = redactFor('viewer', 'evidence', item);
    expect(out.metadata).toEqual({ Make: 'Phone', exif: {} });
    expect(redactFor('admin', 'evidence', item)).toEqual(item);
  });

  it('masks fields named by sensitivity paths, including every array element', () => {
    const value = {
      actors: [{ name: 'A. Witness' }, { name: 'B. Witness' }],
      sensitivity: { paths: ['actors.*.name'], terms: [] },
    };
    const out = redactFor('viewer', 'claim', value);
    expect(out.actors.map((a) => a.name)).toEqual(['[withheld]', '[withheld]']);
  });
});
