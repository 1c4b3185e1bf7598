import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Each command loads the default gazetteer (GeoNames cities500): seconds on a busy machine.
const SLOW = { timeout: 240_000 };

import { runCli, tempDir } from '../support/cli.ts';
import { describeShared, ROOT, sharedPath } from '../support/shared.ts';
import { validate } from './json-schema.ts';

const schema = JSON.parse(readFileSync(join(ROOT, 'docs', 'extract-schema.json'), 'utf8')) as Record<
  string,
  unknown
>;
const VILLAGE =
  'Armed groups entered the village of Harison in the Baniyas countryside on Monday, looting homes, residents said.';

describe('vigil extract', () => {
  it(
    'prints one JSON record for a file, valid against the published schema, without a database',
    SLOW,
    async () => {
      const dir = tempDir();
      const file = join(dir, 'report.txt');
      writeFileSync(file, VILLAGE);
      const r = await runCli(
        [
          '--db',
          join(dir, 'none.db'),
          'extract',
          file,
          '--published',
          '2025-03-12',
          '--source',
          'Coast Today',
        ],
        { cwd: dir },
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const record = JSON.parse(r.stdout);
      expect(validate(schema, record)).toEqual([]);
      expect(record.language).toBe('en');
      expect(record.events[0]).toMatchObject({
        type: 'Strategic developments',
        subType: 'Looting/property destruction',
        place: { name: 'Harison', wherePrec: 1, gazetteerId: 'vigil:hrisun' },
        date: { start: '2025-03-10', end: '2025-03-10', precision: 1 },
        attribution: { source: 'residents', stance: 'reported' },
      });
      // Reading a text never creates a store.
      expect(existsSync(join(dir, 'none.db'))).toBe(false);
    },
  );

  it('reads standard input with -', SLOW, async () => {
    const r = await runCli(['extract', '-', '--published', '2024-01-25', '--id', 'piped'], {
      input: 'A sniper shot dead a boy in Taiz on Wednesday, the Taiz Rights Forum said.',
      cwd: tempDir(),
    });
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout);
    expect(record).toMatchObject({ id: 'piped', language: 'en' });
    expect(record.events[0]).toMatchObject({
      casualties: { killed: { min: 1, max: 1 } },
      attribution: { source: 'Taiz Rights Forum' },
    });
  });

  it('turns a JSON Lines file into one output line per record, languages reported', SLOW, async () => {
    const dir = tempDir();
    const input = join(dir, 'in.jsonl');
    const output = join(dir, 'out.jsonl');
    const records = [
      {
        id: 'a',
        text: 'Shelling killed two people in Kharkiv overnight, officials said.',
        published: '2024-05-20',
      },
      { id: 7, text: 'Des hommes armés ont tué cinq civils dans le village lundi, selon des habitants.' },
      { id: 'c', text: '', source: 'Empty Desk' },
    ];
    writeFileSync(input, `${records.map((x) => JSON.stringify(x)).join('\n')}\n`);
    const r = await runCli(['extract', '--input', input, '--output', output], { cwd: dir });
    expect(r.code).toBe(0);
    const lines = readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.id, l.language, l.events.length > 0])).toEqual([
      ['a', 'en', true],
      ['7', 'fr', false],
      ['c', null, false],
    ]);
    for (const l of lines) expect(validate(schema, l)).toEqual([]);
  });

  it('refuses a malformed input line with its number and writes nothing', SLOW, async () => {
    const dir = tempDir();
    const input = join(dir, 'in.jsonl');
    const output = join(dir, 'out.jsonl');
    writeFileSync(input, '{"id":"a","text":"Gunmen killed five people in Aleppo."}\n{"id":"b","text":\n');
    const bad = await runCli(['extract', '--input', input, '--output', output], { cwd: dir });
    expect(bad.code).toBe(7);
    expect(bad.stderr.trim()).toBe(`error: ${input} line 2: not valid JSON`);
    expect(existsSync(output)).toBe(false);
    writeFileSync(input, '{"id":"a","text":"x","published":"12/03/2025"}\n');
    const date = await runCli(['extract', '--input', input, '--output', output], { cwd: dir });
    expect(date.code).toBe(7);
    expect(date.stderr).toContain('line 1: published: published must be YYYY-MM-DD');
    expect(existsSync(output)).toBe(false);
  });

  it('says what is wrong with its arguments', SLOW, async () => {
    const r = await runCli(['extract'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give a FILE');
    const missing = await runCli(['extract', '/nonexistent/report.txt'], { cwd: tempDir() });
    expect(missing.code).toBe(7);
    expect(missing.stderr.trim()).toBe('error: cannot read /nonexistent/report.txt: no such file');
  });
});

describe('vigil gazetteer', () => {
  it('adds a village the gazetteer lacks, and extraction then places it exactly', SLOW, async () => {
    const dir = tempDir();
    const db = join(dir, 'v.db');
    const add = await runCli(
      [
        '--db',
        db,
        'gazetteer',
        'add',
        'Harison',
        '--lat',
        '35.2066',
        '--lon',
        '35.9803',
        '--country',
        'SY',
        '--alt',
        'Hrisun',
      ],
      { cwd: dir },
    );
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('added Harison (user:harison)');
    const alias = await runCli(['--db', db, 'gazetteer', 'add', 'Hreisoun', '--alias-of', 'user:harison'], {
      cwd: dir,
    });
    expect(alias.code).toBe(0);
    const file = join(dir, 'r.txt');
    writeFileSync(file, VILLAGE.replace('Harison', 'Hreisoun'));
    const r = await runCli(['--db', db, 'extract', file, '--published', '2025-03-12'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).events[0].place).toMatchObject({
      gazetteerId: 'user:harison',
      wherePrec: 1,
      lat: 35.2066,
    });
    const lookup = await runCli(['--db', db, 'gazetteer', 'lookup', 'Hrisun', '--json'], { cwd: dir });
    expect(JSON.parse(lookup.stdout)[0]).toMatchObject({ id: 'user:harison', origin: 'user' });
    // Ingest extracts inside its transaction: the stored places must already be at hand.
    const ingest = await runCli(['--db', db, 'ingest', file, '--published', '2025-03-12', '--json'], {
      cwd: dir,
    });
    expect(ingest.code).toBe(0);
    const [result] = ingest.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const shown = await runCli(['--db', db, 'reports', 'show', result.reportIds[0], '--json'], { cwd: dir });
    const { claims } = JSON.parse(shown.stdout);
    expect(claims[0].place).toMatchObject({ gazetteerId: 'user:harison', wherePrec: 1 });
  });

  it('rejects bad coordinates and unknown names plainly', SLOW, async () => {
    const dir = tempDir();
    const db = join(dir, 'v.db');
    const bad = await runCli(['--db', db, 'gazetteer', 'add', 'X', '--lat', '95', '--lon', '10'], {
      cwd: dir,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('error: --lat must be a number from -90 to 90, got "95"');
    const none = await runCli(['--db', db, 'gazetteer', 'lookup', 'Nowhereville'], { cwd: dir });
    expect(none.code).toBe(4);
    const notDump = join(dir, 'not.tsv');
    writeFileSync(notDump, 'hello\tworld\n');
    const imp = await runCli(['--db', db, 'gazetteer', 'import', notDump], { cwd: dir });
    expect(imp.code).toBe(7);
    expect(imp.stderr).toContain('no GeoNames rows found (line 1 is not 19 tab-separated columns');
  });
});

describeShared('vigil gazetteer import', 'data/gazetteer/geonames-cities500-SY.tsv', () => {
  it('imports a GeoNames dump into the store, where lookups find it', SLOW, async () => {
    const dir = tempDir();
    const db = join(dir, 'v.db');
    const r = await runCli(
      ['--db', db, 'gazetteer', 'import', sharedPath('data', 'gazetteer', 'geonames-cities500-SY.tsv')],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^imported 290 place\(s\) from .* in [\d.]+ s\n$/);
    const lookup = await runCli(['--db', db, 'gazetteer', 'lookup', 'Jableh', '--json'], { cwd: dir });
    expect(JSON.parse(lookup.stdout)[0]).toMatchObject({
      id: 'geonames:169304',
      origin: 'import',
      country: 'SY',
    });
  });
});
