import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { check } from '@placemarkio/check-geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.ts';
import { runCli, tempDir } from '../support/cli.ts';
import { csvObjects, FIXTURES, ucdpCsv, writeFile } from './support.ts';

describe('vigil import and vigil export', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = tempDir('vigil-interop-cli-');
    db = join(dir, 'vigil.db');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a dataset, then says it is held when given the same file again', async () => {
    const file = join(FIXTURES, 'acled-sample.csv');
    const first = await runCli(['--db', db, 'import', '--format', 'acled', file]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(EXIT.ok);
    expect(first.stdout).toMatch(
      /^imported .*acled-sample\.csv: 3 incident\(s\) from ACLED as imp-[0-9a-f]{16}\n$/,
    );
    const again = await runCli(['--db', db, 'import', '--format', 'acled', file]);
    expect(again.code).toBe(EXIT.ok);
    expect(again.stdout).toMatch(/^held {4}.*already imported as imp-/);
  });

  it('prints each bad row with its line and imports nothing, exit code 7', async () => {
    const file = writeFile(dir, 'bad.csv', ucdpCsv([{}, { date_start: '31/02/2025' }, { longitude: '200' }]));
    const result = await runCli(['--db', db, 'import', '--format', 'ucdp', file]);
    expect(result.code).toBe(EXIT.input);
    expect(result.stderr.split('\n')).toEqual([
      `${file}: line 3: date_start: "31/02/2025" is not a date (expected YYYY-MM-DD)`,
      `${file}: line 4: longitude 200 is out of range (-180..180)`,
      `error: ${file}: 2 bad rows; nothing imported (give --skip-bad to import the good rows)`,
      '',
    ]);
    const listed = await runCli(['--db', db, 'incidents', '--json']);
    expect(listed.stdout).not.toContain('inc-ucdp-');
  });

  it('imports the good rows with --skip-bad, exit code 1', async () => {
    const file = writeFile(dir, 'mixed.csv', ucdpCsv([{}, { where_prec: '0' }, {}]));
    const result = await runCli(['--db', db, 'import', '--format', 'ucdp', '--skip-bad', file]);
    expect(result.code).toBe(EXIT.partial);
    expect(result.stderr).toBe(`${file}: line 3: where_prec: 0 is outside 1..7\n`);
    expect(result.stdout).toMatch(
      /: 2 incident\(s\) from UCDP GED as imp-[0-9a-f]{16}, 1 bad row\(s\) skipped\n$/,
    );
  });

  it('reads a column mapping, and refuses a csv import without one', async () => {
    const mapped = await runCli([
      '--db',
      db,
      'import',
      '--format',
      'csv',
      '--mapping',
      join(FIXTURES, 'monitor-log.mapping.json'),
      join(FIXTURES, 'monitor-log.csv'),
    ]);
    expect(mapped.code).toBe(EXIT.ok);
    const missing = await runCli([
      '--db',
      db,
      'import',
      '--format',
      'csv',
      join(FIXTURES, 'monitor-log.csv'),
    ]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toBe('error: --format csv needs --mapping FILE (a column-mapping JSON file)\n');
    const badMapping = writeFile(dir, 'bad-mapping.json', '{"dataset": "X", "columns": {}}');
    const invalid = await runCli([
      '--db',
      db,
      'import',
      '--format',
      'csv',
      '--mapping',
      badMapping,
      join(FIXTURES, 'monitor-log.csv'),
    ]);
    expect(invalid.code).toBe(EXIT.usage);
    expect(invalid.stderr).toMatch(/^error: --mapping .*bad-mapping\.json: columns\.date: /);
  });

  it('exports to a file, filtered, with a summary on stderr and no temporary file left', async () => {
    const out = join(dir, 'out.geojson');
    const result = await runCli([
      '--db',
      db,
      'export',
      '--format',
      'geojson',
      '--type',
      'Violence against civilians',
      '--output',
      out,
    ]);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^exported 4 incident\(s\) as geojson to .*out\.geojson for role viewer\n$/,
    );
    const collection = check(readFileSync(out, 'utf8')) as GeoJSON.FeatureCollection;
    expect(collection.features.every((f) => f.properties?.type === 'Violence against civilians')).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('exports ACLED CSV to standard output', async () => {
    const result = await runCli([
      '--db',
      db,
      'export',
      '--format',
      'acled',
      '--from',
      '2025-03-07',
      '--to',
      '2025-03-07',
    ]);
    expect(result.code).toBe(EXIT.ok);
    expect(csvObjects(result.stdout).map((r) => r.event_id_cnty)).toEqual(['EXA1001']);
  });

  it('refuses an unknown format or role with a usage error', async () => {
    const format = await runCli(['--db', db, 'export', '--format', 'kml']);
    expect(format.code).toBe(EXIT.usage);
    expect(format.stderr).toBe(
      'error: --format must be one of acled, ucdp, geojson, hxl, jsonl, got "kml"\n',
    );
    const role = await runCli(['--db', db, 'export', '--format', 'jsonl', '--role', 'contributor']);
    expect(role.code).toBe(EXIT.usage);
    const importFormat = await runCli([
      '--db',
      db,
      'import',
      '--format',
      'gdelt',
      join(FIXTURES, 'acled-sample.csv'),
    ]);
    expect(importFormat.code).toBe(EXIT.usage);
  });
});
