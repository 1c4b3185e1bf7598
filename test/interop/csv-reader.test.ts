import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type CsvItem, parseCsvRecord, readCsv } from '../../src/interop/csv-reader.ts';

/** Reads `bytes` as a stream cut into pieces of `size` bytes (1: every byte its own chunk). */
async function read(bytes: Buffer, size = bytes.length || 1, delimiter = ','): Promise<CsvItem[]> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  const out: CsvItem[] = [];
  for await (const item of readCsv(Readable.from(chunks), { delimiter })) out.push(item);
  return out;
}

// Quoted fields with a delimiter, a doubled quote and a line end inside; CRLF and LF line ends;
// an empty line; two- and four-byte UTF-8 characters; a last line without a line end.
const FILE = Buffer.from(
  '\uFEFFid,text,n\r\n' +
    '1,plain,2\r\n' +
    '2,"with, comma and ""quotes""",3\n' +
    '\n' +
    '3,"two\nlines — é 𝄞",4\r\n' +
    '4,last,5',
  'utf8',
);

describe('reading a CSV file', () => {
  it('gives the header, then each record with the line it starts on and its exact bytes', async () => {
    const items = await read(FILE);
    expect(items.map((i) => (i.kind === 'row' ? [i.line, i.fields] : i))).toEqual([
      { kind: 'header', fields: ['id', 'text', 'n'] },
      [2, ['1', 'plain', '2']],
      [3, ['2', 'with, comma and "quotes"', '3']],
      [5, ['3', 'two\nlines — é 𝄞', '4']],
      [7, ['4', 'last', '5']],
    ]);
    const slices = items.flatMap((i) =>
      i.kind === 'row' ? [FILE.subarray(i.byteStart, i.byteEnd).toString('utf8')] : [],
    );
    expect(slices).toEqual([
      '1,plain,2\r\n',
      '2,"with, comma and ""quotes""",3\n',
      '3,"two\nlines — é 𝄞",4\r\n',
      '4,last,5',
    ]);
  });

  it('keeps the text of each record without its line end, and that text reads back to the same fields', async () => {
    const rows = (await read(FILE)).flatMap((i) => (i.kind === 'row' ? [i] : []));
    expect(rows.map((r) => r.text)).toEqual([
      '1,plain,2',
      '2,"with, comma and ""quotes""",3',
      '3,"two\nlines — é 𝄞",4',
      '4,last,5',
    ]);
    for (const r of rows) expect(parseCsvRecord(r.text)).toEqual(r.fields);
    expect(parseCsvRecord('a;"b;c";d', ';')).toEqual(['a', 'b;c', 'd']);
    expect(parseCsvRecord('1,"never closed')).toBeNull();
  });

  it('reads the same however the stream cuts the file, even inside a character or a CRLF', async () => {
    const whole = await read(FILE);
    for (const size of [1, 2, 3, 5, 7, 16])
      expect(await read(FILE, size), `chunks of ${size}`).toEqual(whole);
  });

  it('reads a large read whole, records that cross the slices it is parsed in included', async () => {
    // About 300 KB in one chunk (parsed 64 K characters at a time): quoted fields with line
    // ends and non-ASCII text fall across every slice boundary somewhere.
    const rows = Array.from(
      { length: 3000 },
      (_, i) => `${i},"row ${i} — «${'x'.repeat(i % 97)}»\nsecond line, ""quoted""",${i % 7}`,
    );
    const bytes = Buffer.from(`id,text,n\n${rows.join('\r\n')}\n`, 'utf8');
    const whole = await read(bytes);
    expect(whole).toEqual(await read(bytes, 4093));
    const records = whole.filter((i) => i.kind === 'row');
    expect(records).toHaveLength(3000);
    const last = records[2999]!;
    expect(last.kind === 'row' && last.fields).toEqual([
      '2999',
      `row 2999 — «${'x'.repeat(2999 % 97)}»\nsecond line, "quoted"`,
      String(2999 % 7),
    ]);
    // Each record spans two lines; its bytes run to the end of its line end.
    expect(last.kind === 'row' && [last.line, last.byteEnd]).toEqual([2 + 2 * 2999, bytes.length]);
  });

  it('names broken quoting and a wrong field count by line, and reads on at the next line', async () => {
    const text = [
      'a,b,c',
      '1,"closed" then text,3',
      '2,a "quote" inside,3',
      '3,two fields',
      '4,fine,5',
      '5,"never closed,6',
      '6,x,7',
    ].join('\n');
    const items = await read(Buffer.from(text), 4);
    expect(items.slice(1)).toEqual([
      {
        kind: 'bad',
        line: 2,
        reason:
          'broken quoting: a closing quote is followed by more text instead of "," or the end of the line',
      },
      {
        kind: 'bad',
        line: 3,
        reason:
          'broken quoting: a quote inside an unquoted field (quote the whole field and double inner quotes)',
      },
      {
        kind: 'bad',
        line: 4,
        reason: '2 fields where the header has 3 (a wrong delimiter or broken quoting?)',
      },
      expect.objectContaining({ kind: 'row', line: 5, fields: ['4', 'fine', '5'] }),
      { kind: 'bad', line: 6, reason: 'broken quoting: a quoted field that opens on line 6 is never closed' },
    ]);
  });

  it('splits on the delimiter it is given', async () => {
    const items = await read(Buffer.from('a;b\n"x;y";2\n'), 3, ';');
    expect(items[1]).toMatchObject({ kind: 'row', fields: ['x;y', '2'] });
  });
});
