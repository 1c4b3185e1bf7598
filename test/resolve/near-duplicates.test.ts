import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  judgeNearDuplicate,
  SKELETON_THRESHOLD,
  signatures,
  WORDS_THRESHOLD,
} from '../../src/pipeline/resolve/text-signature.ts';
import { ROOT } from '../support/shared.ts';
import { readCase } from './golden-harness.ts';

const wire = readCase(join(ROOT, 'test', 'golden', 'resolve', 'wire-copies-and-spun-clone')).input.reports;
const text = (id: string) => wire.find((r) => r.id === id)!.text;
const judge = (a: string, b: string) => {
  const sa = signatures(a);
  return judgeNearDuplicate(sa, signatures(b), sa.skeletonSize);
};

const independent = [
  'The Coastal Rights Monitor documented the killing of 14 civilians in Sanobar, a village in the Jableh countryside, on Friday 7 March. Gunmen went from house to house, residents said, and led the men outside before shooting them. Families are still searching for relatives who have not been seen since the attack, and the Monitor expects the toll to rise as more bodies are found in the fields behind the village.',
  'Justice Now International said on Monday it had verified reports that armed men killed civilians near Jableh on 7 March, among them a family of five. The organisation called on the authorities to open an independent investigation, to protect witnesses and to allow its researchers to visit the area, which has been closed to journalists since the weekend.',
];

describe('near-duplicate text', () => {
  it('takes a verbatim wire copy under a new headline for a copy, by its words', () => {
    const v = judge(text('rep-harbour'), text('rep-wire'));
    expect(v.duplicate).toBe(true);
    expect(v.by).toBe('words');
    expect(v.words).toBeGreaterThanOrEqual(WORDS_THRESHOLD);
  });

  it('takes a rewrite with a new first paragraph and a copy cut short for copies', () => {
    expect(judge(text('rep-coastline'), text('rep-wire')).duplicate).toBe(true);
    expect(judge(text('rep-courier'), text('rep-wire')).duplicate).toBe(true);
  });

  it('takes a machine-spun clone with swapped words and garbled names for a copy, by its skeleton', () => {
    const v = judge(text('rep-spun'), text('rep-wire'));
    expect(v.words).toBeLessThan(WORDS_THRESHOLD);
    expect(v.skeleton).toBeGreaterThanOrEqual(SKELETON_THRESHOLD);
    expect(v.duplicate).toBe(true);
  });

  it('keeps two independent accounts of the same killing apart', () => {
    const v = judge(independent[0]!, independent[1]!);
    expect(v.duplicate).toBe(false);
    expect(judge(independent[0]!, text('rep-wire')).duplicate).toBe(false);
  });

  it('gives copies shared band keys, so the store finds them without comparing every report', () => {
    const a = new Set(signatures(text('rep-wire')).bands);
    expect(signatures(text('rep-spun')).bands.some((b) => a.has(b))).toBe(true);
    expect(signatures(independent[0]!).bands.some((b) => a.has(b))).toBe(false);
  });
});
