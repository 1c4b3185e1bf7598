import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultPlaceIndex } from '../../src/adapters/memory/default-gazetteer.ts';
import { extractText } from '../../src/pipeline/extract/extract-text.ts';
import type { PlaceIndex } from '../../src/ports/gazetteer.ts';
import { ROOT } from '../support/shared.ts';
import { bestMatch, compareEvent, loadGoldenCases, strictFields } from './golden-match.ts';

const cases = loadGoldenCases(join(ROOT, 'test', 'golden', 'extract'));
let places: PlaceIndex;

beforeAll(() => {
  places = defaultPlaceIndex();
});

describe('golden extraction cases (test/golden/extract/<case>)', () => {
  it('has at least 60 sentences across the cases, hard negatives included', () => {
    const sentences = cases.reduce(
      (n, c) => n + c.text.split(/(?<=[.!?])\s+/).filter((s) => s.trim()).length,
      0,
    );
    expect(sentences).toBeGreaterThanOrEqual(60);
    expect(cases.filter((c) => c.expected.count === 0).length).toBeGreaterThanOrEqual(10);
  });

  for (const c of cases) {
    it(`extracts ${c.name} as expected`, () => {
      const record = extractText(
        { id: c.name, text: c.text, published: c.published, source: c.source },
        { places },
      );
      const problems: string[] = [];
      if (c.expected.count !== undefined && record.events.length !== c.expected.count) {
        problems.push(
          `expected ${c.expected.count} events, got ${record.events.length}: ${record.events.map((e) => `${e.type}/${e.subType} [${e.trigger}]`).join('; ')}`,
        );
      }
      for (const exp of c.expected.events) {
        if (exp.todo) continue;
        const { event, fields } = bestMatch(exp, record.events);
        const wrong = strictFields(fields)
          .filter(([, ok]) => !ok)
          .map(([k]) => k);
        if (!event || wrong.length) {
          problems.push(
            `${exp.type}/${exp.subType ?? '*'}: ${event ? `wrong ${wrong.join(', ')} in ${JSON.stringify({ subType: event.subType, place: event.place, date: event.date, casualties: event.casualties, attribution: event.attribution, actors: event.actors, trigger: event.trigger })}` : 'no event of that type'}`,
          );
        }
      }
      for (const absent of c.expected.absent ?? []) {
        const hit = record.events.find(
          (e, i) =>
            compareEvent({ ...absent }, e, i).type && (!absent.subType || e.subType === absent.subType),
        );
        if (hit) problems.push(`unexpected ${hit.type}/${hit.subType} [${hit.trigger}]`);
      }
      expect(problems).toEqual([]);
    });
  }
});
