import { describe, expect, it } from 'vitest';
import { combineFigures } from '../../src/pipeline/resolve/casualty-rule.ts';

const fig = (claimId: string, group: string, min: number, max: number | null) => ({
  claimId,
  group,
  label: group,
  range: { min, max, text: max === null ? `at least ${min}` : String(min) },
});

describe('combining casualty figures', () => {
  it('never adds up figures that count the same dead', () => {
    const c = combineFigures([
      fig('a', 'monitor', 14, 14),
      fig('b', 'outlet', 14, 14),
      fig('c', 'rights', 14, 14),
    ]);
    expect(c.range).toMatchObject({ min: 14, max: 14 });
    expect(c.conflict).toBeNull();
  });

  it('narrows to the range every origin allows and keeps each figure with its source', () => {
    const c = combineFigures([
      fig('a', 'monitor', 14, 14),
      fig('b', 'residents', 10, null),
      fig('c', 'rights', 5, null),
    ]);
    expect(c.range).toMatchObject({ min: 14, max: 14 });
    expect(c.range!.text).toContain('at least 10 (residents)');
  });

  it('takes an origin’s later, higher count when its own figures cannot both hold', () => {
    const c = combineFigures([fig('a', 'monitor', 5, 5), fig('b', 'monitor', 7, 7)]);
    expect(c.range).toMatchObject({ min: 7, max: 7 });
    expect(c.conflict).toBeNull();
  });

  it('spans disagreeing origins and records the disagreement between them', () => {
    const c = combineFigures([fig('a', 'monitor', 9, 9), fig('b', 'rights', 20, null)]);
    expect(c.range).toMatchObject({ min: 9, max: null });
    expect(c.conflict).toMatchObject({ sideA: ['b'], sideB: ['a'] });
  });
});
