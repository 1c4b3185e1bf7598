import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HOLD_LIMIT, fsBlobStore } from '../../src/adapters/fs/fs-blob-store.ts';
import { openSqlite } from '../../src/adapters/sqlite/open-sqlite.ts';
import { EXIT } from '../../src/errors.ts';
import { runCli, tempDir } from '../support/cli.ts';
import { makePdf } from '../support/pdf.ts';

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** Ingests one file into a fresh store and returns the CLI result with the store's view of it. */
async function ingestOne(name: string, bytes: Uint8Array | string, env: NodeJS.ProcessEnv = {}) {
  const dir = tempDir();
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const db = join(dir, 'vigil.db');
  const result = await runCli(['--db', db, 'ingest', file], { env });
  const { store } = await openSqlite(db);
  const reports = await store.reports.forOriginal(sha(bytes));
  // Read back the way every reader does: held in the database, or as a file when large.
  const blobs = fsBlobStore(join(dir, 'vigil.blobs'), { bytes: store.heldBytes, limit: DEFAULT_HOLD_LIMIT });
  const held = (await blobs.has(sha(bytes))) ? await blobs.get(sha(bytes)) : null;
  await store.close();
  const kept = held !== null && Buffer.compare(held, Buffer.from(bytes)) === 0;
  return { ...result, file, reports, kept };
}

describe('ingest keeps every file a user hands over, even when it cannot be parsed', () => {
  const cases: [string, string, Uint8Array | string, RegExp, NodeJS.ProcessEnv?][] = [
    ['an empty file', 'empty.txt', '', /empty file \(0 bytes\)/],
    ['a file of only white space', 'blank.txt', ' \n\n\t \n', /empty file \(only white space\)/],
    [
      'a PNG image named .txt (sniffed from the bytes)',
      'photo.txt',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]),
      /unsupported type: PNG image \(image\/png\)/,
    ],
    [
      'binary data with NUL bytes',
      'data.html',
      new Uint8Array([1, 2, 0, 0, 9, 250, 3, 0]),
      /unsupported type: binary data/,
    ],
    [
      'invalid UTF-8',
      'latin1.txt',
      new Uint8Array([...Buffer.from('Shelling in Baniyas caf'), 0xe9, ...Buffer.from(' on 8 March.')]),
      /invalid UTF-8 at byte 23/,
    ],
    [
      'a file over the size cap',
      'huge.txt',
      `Armed men looted shops in Jableh. ${'x'.repeat(4000)}`,
      /over the size cap \(4034 bytes > 1000\)/,
      { VIGIL_MAX_PARSE_BYTES: '1000' },
    ],
    ['a PDF with no text layer', 'scan.pdf', makePdf([[]]), /PDF has no text layer/],
    ['a broken PDF', 'broken.pdf', '%PDF-1.4\nthis is not really a pdf', /unreadable PDF/],
    [
      'a feed that is not XML',
      'feed.xml',
      '<?xml version="1.0"?><rss><channel><item><title>x</title></channel></rss>',
      /feed is not well-formed XML/,
    ],
    ['invalid JSON', 'records.json', '{"text": "Shelling in Baniyas", ', /invalid JSON/],
    [
      'JSON Lines with no usable record',
      'records.jsonl',
      '{"url":"https://example.org"}\n{"text":""}\n',
      /no usable records/,
    ],
    [
      'HTML with no readable text',
      'empty.html',
      '<html><head><title></title></head><body><script>var a=1;</script></body></html>',
      /no readable text in the HTML/,
    ],
  ];

  for (const [label, name, bytes, message, env] of cases) {
    it(`reports ${label} by name and reason, exits ${EXIT.partial}, and keeps the original bytes`, async () => {
      const r = await ingestOne(name, bytes, env);
      expect(r.code).toBe(EXIT.partial);
      const line = r.stderr.split('\n').find((l) => l.startsWith('error:'));
      expect(line).toContain(r.file);
      expect(line).toMatch(message);
      expect(r.kept).toBe(true);
      expect(r.reports).toHaveLength(1);
      expect(r.reports[0]!.status).toBe('unparsed');
      expect(r.reports[0]!.reason).toMatch(message);
    });
  }

  it('recovers text from malformed HTML with a warning and exits 0', async () => {
    const html =
      '<html><body><div><p>Illustrative: armed groups looted shops in Jableh on 7 March, residents said.<p>More text <b>here</div>';
    const r = await ingestOne('broken.html', html);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toMatch(/warning: .*broken\.html: malformed HTML \(unclosed <b>\); text recovered/);
    expect(r.kept).toBe(true);
    expect(r.reports[0]!.status).toBe('parsed');
    expect(r.reports[0]!.text).toContain('armed groups looted shops in Jableh');
  });

  it('names a missing file and goes on with the other inputs', async () => {
    const dir = tempDir();
    const good = join(dir, 'good.txt');
    writeFileSync(good, 'Illustrative: shelling struck Baniyas on 8 March, a monitor reported.');
    const r = await runCli(['--db', join(dir, 'v.db'), 'ingest', join(dir, 'missing.txt'), good]);
    expect(r.code).toBe(EXIT.partial);
    expect(r.stderr).toContain(`error: ${join(dir, 'missing.txt')}: no such file`);
    expect(r.stdout).toMatch(/stored {2}.*good\.txt -> rep-/);
  });
});
