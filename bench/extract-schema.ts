// Writes docs/extract-schema.json, the JSON Schema of `vigil extract` output, from the zod
// schema the code uses. test/extract/schema.test.ts fails when the two drift apart.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ExtractRecord } from '../src/pipeline/extract/extract-record.ts';

export function extractSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ExtractRecord, { target: 'draft-2020-12' }),
    $id: 'https://vigil.invalid/schemas/extract-record.json',
    title: 'vigil extract: one record per input text',
    description:
      'Events by salience (the main event first). Places carry UCDP where_prec (1-7) and ACLED geo_precision (1-3); dates UCDP date_prec (1-5); casualties are ranges (max null: open-ended) that keep their words.',
  };
}

if (process.argv[1]?.endsWith('extract-schema.ts')) {
  const path = join(import.meta.dirname, '..', 'docs', 'extract-schema.json');
  writeFileSync(path, `${JSON.stringify(extractSchema(), null, 2)}\n`);
  console.log(`wrote ${path}`);
}
