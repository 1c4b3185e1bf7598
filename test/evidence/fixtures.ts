import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { type App, createApp } from '../../src/app.ts';
import { normalizeConfig } from '../../src/config.ts';
import type { Claim, Incident, Report } from '../../src/domain/index.ts';
import type { Store } from '../../src/ports/store.ts';
import { tempDir } from '../support/cli.ts';

/** A fresh app over a temporary SQLite store, vault and key, removed on close. */
export async function freshApp(): Promise<{ app: App; dir: string; db: string; close(): Promise<void> }> {
  const dir = tempDir('vigil-evidence-');
  const db = join(dir, 'vigil.db');
  const app = await createApp(normalizeConfig({ db, actor: 'analyst-test' }, {}));
  return {
    app,
    dir,
    db,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Records a report (its original bytes in the blob store), one claim and one incident, each
 * with its ledger entry, in one transaction, the way ingest does, and returns the incident
 * id. Written directly through the store so that these tests do not depend on the extractor.
 */
export async function someIncident(app: App, _dir: string, words = 'shelling of Baniyas'): Promise<string> {
  const text = reportText(words);
  const blob = await app.blobs.put(Buffer.from(`${text}\n`));
  return recordIncident(app.store, words, blob, app.clock.now().toISOString());
}

const reportText = (words: string) =>
  `On 3 March 2025, the Coastal Rights Monitor reported that 12 civilians were killed in ${words}.`;

/** The store half of `someIncident` (for store contract suites, which have no blob store). */
export async function recordIncident(
  store: Store,
  words: string,
  blob: { sha256: string; size: number },
  at = '2025-03-10T08:00:00.000Z',
): Promise<string> {
  const text = reportText(words);
  const report: Report = {
    id: `rep-${blob.sha256.slice(0, 16)}`,
    originalSha256: blob.sha256,
    itemKey: '0',
    status: 'parsed',
    reason: null,
    text,
    title: null,
    url: null,
    sourceName: 'Coastal Rights Monitor',
    published: '2025-03-04',
    language: 'en',
    mediaType: 'text/plain',
    ingestedAt: at,
  };
  const killed = { min: 12, max: 12, text: '12 civilians were killed' };
  const date = { start: '2025-03-03', end: '2025-03-03', precision: 1 as const, text: '3 March 2025' };
  const casualties = { killed, injured: null, abducted: null, displaced: null };
  const claim: Claim = {
    id: `${report.id}.0`,
    reportId: report.id,
    ordinal: 0,
    span: [0, text.length],
    quote: text,
    type: 'Violence against civilians',
    subType: 'Attack',
    attribution: { source: 'Coastal Rights Monitor', stance: 'reported', modality: false },
    place: {
      name: 'Baniyas',
      lat: 35.1825,
      lon: 35.9486,
      country: 'SY',
      admin1: 'Tartus',
      wherePrec: 1,
      geoPrecision: 1,
      gazetteerId: null,
      text: 'Baniyas',
    },
    date,
    actors: [],
    casualties,
    fatalitiesAcled: 12,
    repeatOf: null,
    salience: 1,
  };
  const incident: Incident = {
    id: `inc-${report.id.slice(4)}`,
    type: 'Violence against civilians',
    subType: 'Attack',
    place: claim.place,
    date,
    casualties,
    grade: 'weak',
    gradeReason: 'weak: a single origin — Coastal Rights Monitor',
    independence: 1,
    claimIds: [claim.id],
    published: false,
    version: 1,
    updatedAt: at,
  };
  const actor = 'ingest-test';
  await store.atomically(async (tx) => {
    await tx.reports.recordOriginal({
      sha256: blob.sha256,
      size: blob.size,
      mediaType: 'text/plain',
      origin: `${words}.txt`,
      receivedAt: at,
    });
    await tx.sources.ensure('Coastal Rights Monitor', 'monitor');
    await tx.reports.recordReport(report);
    await tx.ledger.append({ kind: 'report.ingested', subject: report.id, actor, at, record: report });
    await tx.claims.replaceForReport(report.id, [claim]);
    await tx.ledger.append({ kind: 'claim.extracted', subject: claim.id, actor, at, record: claim });
    await tx.incidents.replaceForClaims([claim.id], [incident]);
    await tx.ledger.append({ kind: 'incident.resolved', subject: incident.id, actor, at, record: incident });
  });
  return incident.id;
}

/**
 * A synthetic picture (no real people or places): a gradient with coloured shapes placed by
 * a seeded generator, so different seeds give unrelated scenes and one seed the same scene.
 */
export function sceneSvg(seed: number, width = 800, height = 600): Buffer {
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  let shapes = '';
  for (let i = 0; i < 14; i++) {
    const c = `rgb(${Math.floor(rnd() * 255)},${Math.floor(rnd() * 255)},${Math.floor(rnd() * 255)})`;
    if (rnd() < 0.5) {
      shapes += `<circle cx="${rnd() * width}" cy="${rnd() * height}" r="${20 + rnd() * 120}" fill="${c}"/>`;
    } else {
      shapes += `<rect x="${rnd() * width}" y="${rnd() * height}" width="${30 + rnd() * 250}" height="${30 + rnd() * 200}" fill="${c}"/>`;
    }
  }
  const top = ((seed * 997) % 0xffffff).toString(16).padStart(6, '0');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#${top}"/><stop offset="1" stop-color="#203040"/></linearGradient></defs><rect width="${width}" height="${height}" fill="url(#g)"/>${shapes}</svg>`,
  );
}

export async function sceneJpeg(seed: number): Promise<Buffer> {
  return sharp(sceneSvg(seed)).jpeg({ quality: 90 }).toBuffer();
}

export function hasBinary(name: string): boolean {
  try {
    return spawnSync(name, ['-version'], { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  }
}

/** A short synthetic video (ffmpeg's lavfi test sources), optionally with metadata tags. */
export function makeVideo(
  path: string,
  options: {
    source?: string;
    seconds?: number;
    size?: string;
    gop?: number;
    metadata?: Record<string, string>;
  } = {},
): void {
  const args = [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `${options.source ?? 'testsrc'}=size=${options.size ?? '320x240'}:rate=25`,
    '-t',
    String(options.seconds ?? 4),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(options.gop ?? 25),
  ];
  for (const [k, v] of Object.entries(options.metadata ?? {})) args.push('-metadata', `${k}=${v}`);
  args.push(path);
  execFileSync('ffmpeg', args, { stdio: 'ignore' });
}
