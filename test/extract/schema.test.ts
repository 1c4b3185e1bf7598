import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractSchema } from '../../bench/extract-schema.ts';
import { defaultPlaceIndex } from '../../src/adapters/memory/default-gazetteer.ts';
import { extractText } from '../../src/pipeline/extract/extract-text.ts';
import type { PlaceIndex } from '../../src/ports/gazetteer.ts';
import { ROOT } from '../support/shared.ts';
import { loadGoldenCases } from './golden-match.ts';
import { validate } from './json-schema.ts';

const schema = JSON.parse(readFileSync(join(ROOT, 'docs', 'extract-schema.json'), 'utf8')) as Record<
  string,
  unknown
>;
let places: PlaceIndex;

beforeAll(() => {
  places = defaultPlaceIndex();
});

describe('the published JSON Schema of vigil extract output (docs/extract-schema.json)', () => {
  it('is the schema the code emits (regenerate with node --import ./bin/ts-register.js bench/extract-schema.ts)', () => {
    expect(schema).toEqual(JSON.parse(JSON.stringify(extractSchema())));
  });

  it('accepts every golden case’s output', () => {
    for (const c of loadGoldenCases(join(ROOT, 'test', 'golden', 'extract'))) {
      const record = extractText(
        { id: c.name, text: c.text, published: c.published, source: c.source },
        { places },
      );
      expect(validate(schema, JSON.parse(JSON.stringify(record))), c.name).toEqual([]);
    }
  });

  it('rejects a record that breaks the contract', () => {
    const record = extractText(
      { id: 'x', text: 'Gunmen killed five people in Aleppo on Monday.', published: '2024-01-10' },
      { places },
    );
    const broken = JSON.parse(JSON.stringify(record));
    broken.events[0].casualties.killed = 5;
    broken.events[0].place.wherePrec = 9;
    const errors = validate(schema, broken);
    expect(errors.some((e) => e.includes('casualties.killed'))).toBe(true);
    expect(errors.some((e) => e.includes('wherePrec'))).toBe(true);
  });
});
