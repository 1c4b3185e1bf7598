import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/domain/index.ts';
import { tally } from '../../src/pipeline/resolve/tally.ts';

const incident = (id: string, over: Partial<Incident>): Incident => ({
  id,
  type: 'Violence against civilians',
  subType: 'Attack',
  place: {
    name: 'Baniyas',
    lat: 35.18,
    lon: 35.95,
    country: 'SY',
    admin1: 'Tartus',
    wherePrec: 1,
    geoPrecision: 1,
    gazetteerId: null,
  },
  date: { start: '2025-03-08', end: '2025-03-08', precision: 1 },
  casualties: { killed: { min: 3, max: 3, text: '3' }, injured: null, abducted: null, displaced: null },
  grade: 'fair',
  gradeReason: '',
  independence: 2,
  claimIds: [`${id}.0`, `${id}.1`, `${id}.2`],
  published: false,
  version: 1,
  updatedAt: '2025-03-09T00:00:00Z',
  ...over,
});

describe('casualty tallies', () => {
  it('sums incidents, not the claims inside them', () => {
    const [row] = tally([
      incident('a', {}),
      incident('b', {
        casualties: {
          killed: { min: 5, max: null, text: 'at least 5' },
          injured: null,
          abducted: null,
          displaced: null,
        },
      }),
    ]);
    expect(row).toMatchObject({ key: 'all', incidents: 2 });
    expect(row!.sums.killed).toEqual({ min: 8, max: null });
  });

  it('counts an incident known only to a span under that span, never on each of its days', () => {
    const rows = tally(
      [incident('a', {}), incident('b', { date: { start: '2025-03-04', end: '2025-03-10', precision: 3 } })],
      { by: 'day' },
    );
    expect(rows.map((r) => r.key)).toEqual(['2025-03-04..2025-03-10', '2025-03-08']);
  });

  it('leaves out discounted incidents, and incidents below --min-grade', () => {
    const list = [
      incident('a', {}),
      incident('b', { grade: 'weak' }),
      incident('c', { grade: 'discounted' }),
    ];
    expect(tally(list)[0]!.incidents).toBe(2);
    expect(tally(list, { minGrade: 'fair' })[0]!.incidents).toBe(1);
    expect(tally(list, { by: 'grade', minGrade: 'discounted' }).map((r) => r.key)).toEqual([
      'discounted',
      'fair',
      'weak',
    ]);
  });
});
