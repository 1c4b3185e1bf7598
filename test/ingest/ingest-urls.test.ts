import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/adapters/sqlite/open-sqlite.ts';
import { EXIT } from '../../src/errors.ts';
import { runCli, tempDir } from '../support/cli.ts';

const FEED = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Illustrative feed written for Vigil's tests; outlets and people are fictional. -->
<rss version="2.0"><channel><title>Harbour Post</title>
<item><title>Shelling in Baniyas</title><link>http://harbour.example/1</link><guid>hp-1</guid>
<pubDate>Sat, 08 Mar 2025 10:00:00 GMT</pubDate><description>&lt;p&gt;Shelling struck Baniyas on 8 March, the Coastal Rights Monitor reported.&lt;/p&gt;</description></item>
<item><title>Families flee Jableh</title><link>http://harbour.example/2</link><guid>hp-2</guid>
<pubDate>Sun, 09 Mar 2025 10:00:00 GMT</pubDate><description>Dozens of families fled Jableh to the mountains, residents said.</description></item>
</channel></rss>`;

const ARTICLE = `<!doctype html><html><head><title>Looting in Jableh</title>
<meta property="article:published_time" content="2025-03-07T09:00:00Z"><meta property="og:site_name" content="Levant Ledger"></head>
<body><article><h1>Looting in Jableh</h1><p>Illustrative article: armed men looted shops in Jableh on 7 March and set several homes on fire, residents told the Levant Ledger by telephone.</p>
<p>The Coastal Rights Monitor said at least twelve civilians were killed in the countryside south of Latakia.</p></article></body></html>`;

let server: Server;
let base: string;
let deadPort = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/article')
      return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ARTICLE);
    if (url === '/feed') return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
    if (url === '/not-xml-feed')
      return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss><channel><item>broken');
    if (url === '/missing') return res.writeHead(404).end('not here');
    if (url === '/broken') return res.writeHead(500).end('oops');
    if (url === '/slow')
      return setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('late'), 3000);
    if (url === '/loop-a') return res.writeHead(302, { location: '/loop-b' }).end();
    if (url === '/loop-b') return res.writeHead(302, { location: '/loop-a' }).end();
    if (url.startsWith('/hop/')) {
      const n = Number(url.slice(5));
      return res.writeHead(302, { location: `/hop/${n + 1}` }).end();
    }
    if (url === '/zip') return res.writeHead(200, { 'content-type': 'application/zip' }).end('PK');
    if (url === '/big') return res.writeHead(200, { 'content-type': 'text/plain' }).end('y'.repeat(5000));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port that was just free: bound, then released, so nothing listens there.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  deadPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const env = { VIGIL_FETCH_TIMEOUT_MS: '800' };

describe('ingesting URLs', () => {
  it('stores an HTML article with its publication date, site name and title from the page', async () => {
    const db = join(tempDir(), 'v.db');
    const r = await runCli(['--db', db, 'ingest', `${base}/article`], { env });
    expect(r.code).toBe(EXIT.ok);
    const { store } = await openSqlite(db);
    const [report] = await store.reports.list();
    await store.close();
    expect(report).toMatchObject({
      published: '2025-03-07',
      sourceName: 'Levant Ledger',
      title: 'Looting in Jableh',
      url: `${base}/article`,
      language: 'en',
    });
    expect(report!.text).toContain('armed men looted shops in Jableh');
  });

  it('makes each feed item its own report with the item date and link', async () => {
    const db = join(tempDir(), 'v.db');
    const r = await runCli(['--db', db, 'ingest', `${base}/feed`], { env });
    expect(r.code).toBe(EXIT.ok);
    const { store } = await openSqlite(db);
    const reports = await store.reports.list();
    await store.close();
    expect(reports.map((x) => [x.published, x.url, x.sourceName]).sort()).toEqual([
      ['2025-03-08', 'http://harbour.example/1', 'Harbour Post'],
      ['2025-03-09', 'http://harbour.example/2', 'Harbour Post'],
    ]);
    const again = await runCli(['--db', db, 'ingest', `${base}/feed`], { env });
    expect(again.stdout).toMatch(/already held/);
  });

  const failures: [string, string, RegExp][] = [
    ['HTTP 404', '/missing', /HTTP 404/],
    ['HTTP 500', '/broken', /HTTP 500/],
    ['a time-out', '/slow', /timed out after 800 ms/],
    ['a redirect loop', '/loop-a', /redirect loop at .*\/loop-a/],
    ['too many redirects', '/hop/0', /too many redirects \(more than 5\)/],
    ['a content type it cannot read', '/zip', /unsupported content type application\/zip/],
  ];
  for (const [label, path, message] of failures) {
    it(`names the URL and the reason for ${label}, records the failure, and goes on`, async () => {
      const dir = tempDir();
      const db = join(dir, 'v.db');
      const r = await runCli(['--db', db, 'ingest', `${base}${path}`, `${base}/article`], { env });
      expect(r.code).toBe(EXIT.partial);
      expect(r.stderr).toMatch(new RegExp(`error: ${base}${path}: ${message.source}`));
      expect(r.stdout).toMatch(/stored {2}.*\/article/);
      const { store } = await openSqlite(db);
      const recorded = await store.failures.list();
      await store.close();
      expect(recorded[0]).toMatchObject({ target: `${base}${path}` });
    });
  }

  it('names an unreachable host', async () => {
    const r = await runCli(['--db', join(tempDir(), 'v.db'), 'ingest', `http://127.0.0.1:${deadPort}/x`], {
      env,
    });
    expect(r.code).toBe(EXIT.partial);
    expect(r.stderr).toContain(
      `error: http://127.0.0.1:${deadPort}/x: unreachable host (connection refused)`,
    );
  });

  it('refuses a response over the size cap', async () => {
    const r = await runCli(['--db', join(tempDir(), 'v.db'), 'ingest', `${base}/big`], {
      env: { ...env, VIGIL_FETCH_MAX_BYTES: '1000' },
    });
    expect(r.code).toBe(EXIT.partial);
    expect(r.stderr).toMatch(/larger than the size cap/);
  });

  it('keeps the bytes of a feed that is not XML as an unparsed report', async () => {
    const db = join(tempDir(), 'v.db');
    const r = await runCli(['--db', db, 'ingest', `${base}/not-xml-feed`], { env });
    expect(r.code).toBe(EXIT.partial);
    expect(r.stderr).toMatch(/feed is not well-formed XML/);
    const { store } = await openSqlite(db);
    const [report] = await store.reports.list({ status: 'unparsed' });
    await store.close();
    expect(report?.url).toBe(`${base}/not-xml-feed`);
  });
});
