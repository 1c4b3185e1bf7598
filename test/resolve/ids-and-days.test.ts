import { describe, expect, it } from 'vitest';
import { dayIso, dayNumber } from '../../src/pipeline/resolve/claim-view.ts';
import { incidentIdFor, stableId } from '../../src/pipeline/resolve/ids.ts';
import { fmix32, hashString } from '../../src/pipeline/resolve/text-tokens.ts';
import { seeded } from '../support/seeded.ts';

/**
 * Incident ids and day numbers are stored and compared across runs and stores: the fast paths
 * that make them must give exactly what the plain formulas give.
 */
describe('stable ids', () => {
  const plain = (prefix: string, text: string) => {
    const a = hashString(text);
    const b = fmix32(hashString(`${text}\0`) ^ 0x5bd1e995);
    return `${prefix}-${a.toString(36).padStart(7, '0')}${b.toString(36).padStart(7, '0')}`;
  };

  it('are two 32-bit hashes of the text in base 36, seven digits each', () => {
    const rand = seeded(7);
    const texts = ['', 'a', 'clm-0001', 'inc#2', 'Bāniyās', 'x'.repeat(500)];
    for (let i = 0; i < 2000; i++) texts.push(`clm-${Math.floor(rand() * 1e9).toString(36)}#${i % 3}`);
    expect(texts.filter((t) => stableId('inc', t) !== plain('inc', t))).toEqual([]);
    expect(stableId('inc', 'clm-0001')).toBe(plain('inc', 'clm-0001'));
    expect(stableId('con', 'x')).toMatch(/^con-[0-9a-z]{14}$/);
  });

  it('give a claim the same incident id every time, and another per attempt', () => {
    expect(incidentIdFor('clm-1')).toBe(incidentIdFor('clm-1', 0));
    expect(incidentIdFor('clm-1', 1)).toBe(stableId('inc', 'clm-1#1'));
    expect(incidentIdFor('clm-1', 1)).not.toBe(incidentIdFor('clm-1'));
  });
});

describe('day numbers', () => {
  const plain = (iso: string) =>
    Math.floor(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000);

  it('count days from 1970 for every date of four centuries, leap days included', () => {
    const start = plain('1800-01-01');
    const wrong: string[] = [];
    for (let day = start; day < start + 400 * 366; day += 1) {
      const iso = dayIso(day);
      if (dayNumber(iso) !== day) wrong.push(iso);
    }
    expect(wrong).toEqual([]);
    expect(dayNumber('2024-02-29')).toBe(plain('2024-03-01') - 1);
    expect(dayNumber('1970-01-01')).toBe(0);
  });

  it('read timestamps by their date, and odd dates as Date.UTC does', () => {
    expect(dayNumber('2025-03-09T23:59:59Z')).toBe(plain('2025-03-09'));
    for (const odd of [
      '2025-02-31',
      '2025-03-00',
      '0050-06-01',
      '2025-13-01',
      '2025-3-9',
      'unknown',
      '2025-03',
    ])
      expect(dayNumber(odd)).toEqual(plain(odd));
  });
});
