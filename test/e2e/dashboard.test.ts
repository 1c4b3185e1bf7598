import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboard } from '../../src/api/dashboard-build.ts';
import { type Client, PASSWORD, startServer, type TestServer } from '../api/api-support.ts';
import { ROOT, requireComponent } from '../support/shared.ts';

const CHROMIUM = '/usr/bin/chromium';
const OUT = join(ROOT, 'test-output');
const mode = requireComponent('chromium (/usr/bin/chromium)', existsSync(CHROMIUM));

let t: TestServer;
let analystApi: Client;
const profiles: string[] = [];
/** Every request the browser made to anything but the server under test. */
const foreign: string[] = [];

async function browser(): Promise<{ context: BrowserContext; page: Page }> {
  const profile = mkdtempSync(join(tmpdir(), 'vigil-chromium-'));
  profiles.push(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${t.base}/`) || url.startsWith('data:') || url.startsWith('blob:'))
      return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => foreign.push(`page error: ${e.message}`));
  // A request the CSP blocked never reaches the route above: catch it from the console.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text()))
      foreign.push(`CSP: ${m.text()}`);
  });
  return { context, page };
}

async function logIn(page: Page, name: string): Promise<void> {
  await page.goto(`${t.base}/login`);
  await page.fill('input[name=name]', name);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=map-count]:not(:has-text("loading"))');
}

async function mapCount(page: Page): Promise<number> {
  const text = (await page.textContent('[data-testid=map-count]')) ?? '';
  return Number(/(\d+) incident/.exec(text)?.[1] ?? Number.NaN);
}

describe.skipIf(mode === 'skip')('the dashboard in a real browser', () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const webRoot = await ensureDashboard(() => undefined);
    t = await startServer({ demoFiles: ['*'], server: { webRoot } });
    analystApi = await t.as('analyst');
  }, 300_000);

  afterAll(async () => {
    await t?.close();
    for (const p of profiles) rmSync(p, { recursive: true, force: true });
  });

  it('lets an analyst map, filter, read, upload and merge', async () => {
    const { context, page } = await browser();
    try {
      await logIn(page, 'analyst');
      await expect.poll(() => page.textContent('[data-testid=who]')).toContain('analyst');
      const all = (await analystApi.get('/api/map')).json();
      expect(all.total).toBeGreaterThan(3);
      expect(await mapCount(page)).toBe(all.total);
      await page.waitForSelector(`[data-testid=map][data-drawn="${all.features.length}"]`, {
        timeout: 60_000,
      });
      await page.screenshot({ path: join(OUT, 'dashboard-map.png') });

      // Filter by date on the timeline: click the busiest day.
      const days: { day: string; incidents: number }[] = (await analystApi.get('/api/timeline')).json().days;
      const busiest = days.reduce((a, b) => (b.incidents > a.incidents ? b : a));
      await page.click(`[data-testid="day-${busiest.day}"]`, { force: true });
      await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe(busiest.day);
      expect(new URL(page.url()).searchParams.get('to')).toBe(busiest.day);
      const dayTotal = (await analystApi.get(`/api/map?from=${busiest.day}&to=${busiest.day}`)).json().total;
      await expect.poll(() => mapCount(page)).toBe(dayTotal);
      expect(dayTotal).toBeLessThan(all.total);

      // Open an incident and see the exact sentence highlighted in its report.
      await page.click('[data-testid=incident-link]');
      await page.waitForSelector('[data-testid=incident-page]');
      const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
      const detail = (await analystApi.get(`/api/incidents/${encodeURIComponent(id)}`)).json();
      const highlighted = (await page.locator('[data-testid=highlight]').allTextContents()).join(' ');
      const claim = detail.claims[0];
      const report = detail.reports.find((r: { id: string }) => r.id === claim.reportId);
      expect(highlighted).toContain(report.text.slice(claim.span[0], claim.span[1]));

      // Upload a photo and see its hash.
      const photo = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#7a9' } })
        .jpeg()
        .toBuffer();
      const sha256 = createHash('sha256').update(photo).digest('hex');
      await page.setInputFiles('[data-testid=upload-file]', {
        name: 'photo.jpg',
        mimeType: 'image/jpeg',
        buffer: photo,
      });
      await page.click('[data-testid=upload]');
      await expect.poll(() => page.textContent('[data-testid=uploaded]')).toContain(sha256);
      await expect.poll(() => page.locator('[data-testid=sha256]').allTextContents()).toContain(sha256);
      await page.screenshot({ path: join(OUT, 'dashboard-incident.png'), fullPage: true });

      // Merge another incident into this one: one of the same type when the corpus has one (the
      // incident opened first depends on resolution's rules, and may be the only one of its type).
      const others: { id: string; type: string; claimIds: string[] }[] = (
        await analystApi.get('/api/incidents?limit=200')
      ).json().items;
      const found =
        others.find((i) => i.id !== id && i.type === detail.incident.type) ?? others.find((i) => i.id !== id);
      expect(found).toBeDefined();
      const other = found!;
      await page.fill('input[name=reason]', 'the same attack, told twice');
      await page.fill('input[name=merge-with]', other.id);
      await page.click('[data-testid=merge]');
      await expect.poll(() => page.textContent('[data-testid=review-message]')).toMatch(/merged 1 incident/);
      expect((await analystApi.get(`/api/incidents/${encodeURIComponent(other.id)}`)).status).toBe(404);
      const merged = (await analystApi.get(`/api/incidents/${encodeURIComponent(id)}`)).json();
      expect(merged.incident.claimIds).toEqual(expect.arrayContaining(other.claimIds));
    } finally {
      await context.close();
    }
  });

  it('shows a viewer no review action', async () => {
    const { context, page } = await browser();
    try {
      await logIn(page, 'viewer');
      await page.click('[data-testid=incident-link]');
      await page.waitForSelector('[data-testid=incident-page]');
      await page.waitForSelector('[data-testid=evidence]');
      expect(await page.locator('[data-testid=review-panel]').count()).toBe(0);
      expect(await page.locator('[data-testid=upload]').count()).toBe(0);
      expect(await page.getByText('detach this claim').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('shows the public only published incidents', async () => {
    const admin = await t.as('admin');
    await admin.request('PUT', '/api/settings', { json: { publicAccess: true } });
    const list = (await analystApi.get('/api/incidents?limit=100')).json().items;
    const chosen = list.find((i: { place: { lat: number | null } | null }) => i.place?.lat != null);
    const set = await analystApi.request('PATCH', `/api/incidents/${encodeURIComponent(chosen.id)}`, {
      json: {
        field: 'published',
        value: true,
        reason: 'verified, safe to publish',
        expectedVersion: chosen.version,
      },
    });
    expect(set.status, set.text).toBe(200);
    const { context, page } = await browser();
    try {
      await page.goto(`${t.base}/`);
      await page.waitForSelector('[data-testid=map-count]:not(:has-text("loading"))');
      expect(await page.textContent('[data-testid=who]')).toContain('public');
      expect(await mapCount(page)).toBe(1);
      const ids = await page
        .locator('[data-testid=incident-link]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-incident-id')));
      expect(ids).toEqual([chosen.id]);
      const unpublished = list.find((i: { id: string }) => i.id !== chosen.id);
      await page.goto(`${t.base}/incidents/${encodeURIComponent(unpublished.id)}`);
      await expect.poll(() => page.textContent('main')).toContain('no incident');
    } finally {
      await context.close();
      await admin.request('PUT', '/api/settings', { json: { publicAccess: false } });
    }
  });

  it('made no request to any host but the server, and broke no CSP rule', () => {
    expect(foreign).toEqual([]);
  });
});
