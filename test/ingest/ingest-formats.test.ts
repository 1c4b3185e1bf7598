import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/adapters/sqlite/open-sqlite.ts';
import { EXIT } from '../../src/errors.ts';
import { runCli, tempDir } from '../support/cli.ts';
import { makePdf } from '../support/pdf.ts';

async function reportsIn(db: string) {
  const { store } = await openSqlite(db);
  const reports = await store.reports.list();
  await store.close();
  return reports;
}

describe('ingesting the formats a monitor hands over', () => {
  it('walks a folder recursively and reads text, Markdown, HTML, JSON Lines and PDF with their metadata', async () => {
    const dir = tempDir();
    const inbox = join(dir, 'inbox');
    mkdirSync(join(inbox, 'nested', 'deeper'), { recursive: true });
    writeFileSync(
      join(inbox, 'bulletin.txt'),
      'Source: Harbour Monitor\nPublished: 2025-03-08\nTitle: Daily bulletin\n\nShelling struck Baniyas on 8 March.\n',
    );
    writeFileSync(
      join(inbox, 'nested', 'note.md'),
      '---\ntitle: "Field note"\nsource: Coast Relief Forum\npublished: 2025-03-09\n---\n\n# Field note\n\nBakeries in Jableh closed after flour ran out.\n',
    );
    writeFileSync(
      join(inbox, 'nested', 'deeper', 'records.jsonl'),
      `${JSON.stringify({ text: 'Gunmen abducted two brothers in Baniyas.', source: 'Sahel Desk', published: '2025-03-08', url: 'https://sahel.example/a' })}\n` +
        `${JSON.stringify({ text: 'Dozens of families fled Jableh to the mountains.', source: 'Sahel Desk', published: '2025-03-09' })}\n`,
    );
    writeFileSync(
      join(inbox, 'situation.pdf'),
      makePdf([['Power cuts hit Latakia on 10 March, partners reported.']], {
        title: 'Situation note',
        created: '2025-03-10',
      }),
    );
    writeFileSync(join(inbox, '.hidden.txt'), 'not to be ingested');
    const db = join(dir, 'v.db');
    const r = await runCli(['--db', db, 'ingest', inbox]);
    expect(r.code).toBe(EXIT.ok);
    const reports = await reportsIn(db);
    const summary = reports.map((x) => [x.mediaType, x.sourceName, x.published, x.title]).sort();
    expect(summary).toEqual(
      [
        ['application/jsonl', 'Sahel Desk', '2025-03-08', null],
        ['application/jsonl', 'Sahel Desk', '2025-03-09', null],
        ['application/pdf', null, '2025-03-10', 'Situation note'],
        ['text/markdown', 'Coast Relief Forum', '2025-03-09', 'Field note'],
        ['text/plain', 'Harbour Monitor', '2025-03-08', 'Daily bulletin'],
      ].sort(),
    );
    expect(reports.find((x) => x.mediaType === 'text/plain')!.text).toBe(
      'Shelling struck Baniyas on 8 March.',
    );
  });

  it('reads standard input with -, and the flags override what the text says about itself', async () => {
    const dir = tempDir();
    const db = join(dir, 'v.db');
    const r = await runCli(
      ['--db', db, 'ingest', '-', '--published', '2025-03-12', '--source', 'Field team'],
      {
        input: 'Published: 2025-01-01\n\nResidents said armed men looted homes in Jableh.',
      },
    );
    expect(r.code).toBe(EXIT.ok);
    const [report] = await reportsIn(db);
    expect(report).toMatchObject({ published: '2025-03-12', sourceName: 'Field team', language: 'en' });
  });

  it('refuses a --published that is not a date, before touching the store', async () => {
    const dir = tempDir();
    const r = await runCli(['--db', join(dir, 'v.db'), 'ingest', '-', '--published', '12/03/2025'], {
      input: 'x',
    });
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain('--published must be a date as YYYY-MM-DD, got "12/03/2025"');
  });

  it('says "already held" for the same bytes under another name, and stores nothing twice', async () => {
    const dir = tempDir();
    const a = join(dir, 'a.txt');
    const b = join(dir, 'b.txt');
    writeFileSync(a, 'Shelling struck Baniyas on 8 March, the monitor said.');
    writeFileSync(b, 'Shelling struck Baniyas on 8 March, the monitor said.');
    const db = join(dir, 'v.db');
    const r = await runCli(['--db', db, 'ingest', a, b]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/held {4}.*b\.txt: already held as rep-/);
    expect(await reportsIn(db)).toHaveLength(1);
  });

  it('reprocess reads a kept original once the parser can (here: a raised size cap)', async () => {
    const dir = tempDir();
    const file = join(dir, 'long.txt');
    writeFileSync(
      file,
      `Armed men looted shops in Jableh on 7 March, residents said. ${'More detail follows. '.repeat(100)}`,
    );
    const db = join(dir, 'v.db');
    const first = await runCli(['--db', db, 'ingest', file], { env: { VIGIL_MAX_PARSE_BYTES: '500' } });
    expect(first.code).toBe(EXIT.partial);
    expect((await reportsIn(db))[0]!.status).toBe('unparsed');
    const again = await runCli(['--db', db, 'reprocess']);
    expect(again.code).toBe(EXIT.ok);
    expect(again.stdout).toMatch(/parsed {3}rep-\w+ -> rep-\w+/);
    const [report] = await reportsIn(db);
    expect(report).toMatchObject({ status: 'parsed', reason: null });
    expect(report!.text).toContain('looted shops in Jableh');
  });

  it('lists reports and finds them by full-text search', async () => {
    const dir = tempDir();
    const db = join(dir, 'v.db');
    await runCli(['--db', db, 'ingest', '-', '--source', 'A'], {
      input: 'Shelling struck Baniyas overnight.',
    });
    await runCli(['--db', db, 'ingest', '-', '--source', 'B'], { input: 'Bakeries in Jableh closed.' });
    const all = await runCli(['--db', db, 'reports']);
    expect(all.stdout.match(/rep-/g)).toHaveLength(2);
    const found = await runCli(['--db', db, 'reports', '--text', 'bakeries', '--json']);
    const lines = found.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.sourceName)).toEqual(['B']);
  });
});
