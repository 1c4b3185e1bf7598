import { noCasualties } from '../../src/domain/casualties.ts';
import type { Claim, Incident, Report } from '../../src/domain/index.ts';
import { sha256Hex } from '../../src/ledger/canonical.ts';
import type { OriginalRecord } from '../../src/ports/store.ts';

/** Invented records for the contract suites: fictional outlets, real place names. */
export function anOriginal(seed: string, overrides: Partial<OriginalRecord> = {}): OriginalRecord {
  return {
    sha256: sha256Hex(seed),
    size: 1234,
    mediaType: 'text/plain',
    origin: `${seed}.txt`,
    receivedAt: '2025-03-10T08:00:00.000Z',
    ...overrides,
  };
}

export function aReport(original: OriginalRecord, overrides: Partial<Report> = {}): Report {
  return {
    id: `rep-${original.sha256.slice(0, 16)}`,
    originalSha256: original.sha256,
    itemKey: '0',
    status: 'parsed',
    reason: null,
    text: 'Shelling hit the market in Jableh on Sunday, the Coastal Monitor said.',
    title: 'Market shelled',
    url: 'https://example.org/market',
    sourceName: 'Coastal Monitor',
    published: '2025-03-09',
    language: 'en',
    mediaType: original.mediaType,
    ingestedAt: original.receivedAt,
    ...overrides,
  };
}

export function aClaim(reportId: string, ordinal: number, overrides: Partial<Claim> = {}): Claim {
  return {
    id: `${reportId}.${ordinal}`,
    reportId,
    ordinal,
    span: [0, 20],
    quote: 'Shelling hit the market in Jableh.',
    type: 'Explosions/Remote violence',
    subType: 'Shelling/artillery/missile attack',
    attribution: { source: 'Coastal Monitor', stance: 'reported', modality: false },
    place: {
      name: 'Jableh',
      lat: 35.3614,
      lon: 35.9256,
      country: 'SY',
      admin1: 'Latakia',
      wherePrec: 1,
      geoPrecision: 1,
      gazetteerId: 'starter:jableh',
    },
    date: { start: '2025-03-09', end: '2025-03-09', precision: 1 },
    actors: [],
    casualties: { ...noCasualties(), killed: { min: 3, max: 5, text: 'three to five people' } },
    fatalitiesAcled: 3,
    repeatOf: null,
    salience: 0,
    ...overrides,
  };
}

export function anIncident(id: string, claimIds: string[], overrides: Partial<Incident> = {}): Incident {
  return {
    id,
    type: 'Explosions/Remote violence',
    subType: 'Shelling/artillery/missile attack',
    place: {
      name: 'Jableh',
      lat: 35.3614,
      lon: 35.9256,
      country: 'SY',
      admin1: 'Latakia',
      wherePrec: 1,
      geoPrecision: 1,
      gazetteerId: 'starter:jableh',
    },
    date: { start: '2025-03-09', end: '2025-03-09', precision: 1 },
    casualties: noCasualties(),
    grade: 'weak',
    gradeReason: 'weak: a single origin — Coastal Monitor',
    independence: 1,
    claimIds,
    published: false,
    version: 1,
    updatedAt: '2025-03-10T08:00:00.000Z',
    ...overrides,
  };
}
