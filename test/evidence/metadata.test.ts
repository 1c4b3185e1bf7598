import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_MEDIA_TOOLS } from '../../src/evidence/ffmpeg.ts';
import { detectFileType } from '../../src/evidence/file-type.ts';
import { parseIso6709 } from '../../src/evidence/iso6709.ts';
import { addEvidence } from '../../src/evidence/vault.ts';
import { runCli } from '../support/cli.ts';
import { requireComponent } from '../support/shared.ts';
import { freshApp, hasBinary, makeVideo, sceneSvg } from './fixtures.ts';

let ctx: Awaited<ReturnType<typeof freshApp>>;
beforeEach(async () => {
  ctx = await freshApp();
});
afterEach(async () => {
  await ctx.close();
});

/** A photo as a phone would write it: capture time with its offset, GPS, XMP. */
async function phonePhoto(path: string): Promise<void> {
  await sharp(sceneSvg(21))
    .jpeg()
    .withExif({
      IFD0: { Make: 'FictionalPhone', Model: 'Model 1' },
      IFD2: { DateTimeOriginal: '2025:03:08 14:22:10', OffsetTimeOriginal: '+02:00' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '35/1 10/1 5700/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '35/1 56/1 5496/100',
      },
    })
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="FictionalCam 2.1"><dc:description>market street</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>',
    )
    .toFile(path);
}

/** A one-page PDF with a document-info dictionary, built by hand. */
function pdfWithInfo(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
    "<< /Title (Field notes, 8 March) /Author (Fictional Monitor) /CreationDate (D:20250308120000+02'00') >>",
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

describe('metadata read from evidence', () => {
  it('keeps the camera’s original EXIF time string and offset whatever the machine’s time zone, with GPS and XMP', async () => {
    const file = join(ctx.dir, 'phone.jpg');
    await phonePhoto(file);
    const result = await runCli(['--db', ctx.db, 'evidence', 'add', file, '--json'], {
      env: { TZ: 'America/Los_Angeles' },
    });
    expect(result.code).toBe(0);
    const { item } = JSON.parse(result.stdout);
    expect(item.metadata.capturedAt).toEqual({
      raw: '2025:03:08 14:22:10',
      tag: 'DateTimeOriginal',
      offset: '+02:00',
    });
    expect(item.metadata.exif.exif.DateTimeOriginal).toBe('2025:03:08 14:22:10');
    expect(item.metadata.gps.lat).toBeCloseTo(35 + 10 / 60 + 57 / 3600, 5);
    expect(item.metadata.gps.lon).toBeCloseTo(35 + 56 / 60 + 54.96 / 3600, 5);
    expect(item.metadata.exif.gps.GPSLatitudeRef).toBe('N');
    expect(JSON.stringify(item.metadata.exif)).toContain('FictionalCam 2.1');
    expect(item.metadata.image).toMatchObject({ format: 'jpeg', width: 800, height: 600 });
  });

  it('reads a PDF’s document info as written', async () => {
    const file = join(ctx.dir, 'notes.pdf');
    writeFileSync(file, pdfWithInfo());
    const { item, warnings } = await addEvidence(ctx.app.evidence, {
      path: file,
      fileName: 'notes.pdf',
      actor: 'a',
    });
    expect(warnings).toEqual([]);
    expect(item.mediaType).toBe('application/pdf');
    expect(item.metadata.pdf).toMatchObject({
      pages: 1,
      info: {
        Title: 'Field notes, 8 March',
        Author: 'Fictional Monitor',
        CreationDate: "D:20250308120000+02'00'",
      },
    });
  });

  it('says plainly what was not read when ffprobe is not installed', async () => {
    const file = join(ctx.dir, 'clip.mp4');
    // An MP4 header is enough: without ffprobe nothing decodes it.
    writeFileSync(
      file,
      Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(64, 1)]),
    );
    const { item, warnings } = await addEvidence(
      { ...ctx.app.evidence, tools: NO_MEDIA_TOOLS },
      { path: file, fileName: 'clip.mp4', actor: 'a' },
    );
    expect(item.mediaType).toBe('video/mp4');
    expect(warnings).toContain(
      'ffprobe is not installed: duration, streams, creation time and location were not read (install ffmpeg)',
    );
    expect(item.metadata.notes).toEqual(warnings);
  });

  const ffmpeg = requireComponent('ffmpeg', hasBinary('ffmpeg') && hasBinary('ffprobe'));
  it.skipIf(ffmpeg === 'skip')(
    'reads duration, streams, creation time and ISO 6709 location with ffprobe',
    async () => {
      const file = join(ctx.dir, 'clip.mp4');
      makeVideo(file, {
        seconds: 2,
        metadata: { creation_time: '2025-03-08T12:00:00Z', location: '+35.1825+035.9486/' },
      });
      const { item, warnings } = await addEvidence(ctx.app.evidence, {
        path: file,
        fileName: 'clip.mp4',
        actor: 'a',
      });
      expect(warnings).toEqual([]);
      const media = item.metadata.media as Record<string, unknown>;
      expect(media.duration).toBeCloseTo(2, 1);
      expect(media.creationTime).toBe('2025-03-08T12:00:00.000000Z');
      expect(media.location).toEqual({
        iso6709: '+35.1825+035.9486/',
        lat: 35.1825,
        lon: 35.9486,
        altitude: null,
      });
      expect(media.streams).toEqual([
        expect.objectContaining({ type: 'video', codec: 'h264', width: 320, height: 240 }),
      ]);
    },
  );
});

describe('file types, from the bytes', () => {
  const head = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
  it.each([
    [head([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'],
    [head([0x89], 'PNG\r\n', [0x1a, 0x0a]), 'image/png'],
    [head('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), 'image/webp'],
    [head('RIFF', [1, 2, 3, 4], 'WAVEfmt '), 'audio/wav'],
    [head([0, 0, 0, 0x20], 'ftypheic'), 'image/heic'],
    [head([0, 0, 0, 0x20], 'ftypqt  '), 'video/quicktime'],
    [head([0, 0, 0, 0x20], 'ftypM4A '), 'audio/mp4'],
    [head([0, 0, 0, 0x20], 'ftyp3gp5'), 'video/3gpp'],
    [head([0x1a, 0x45, 0xdf, 0xa3], 'webm'), 'video/webm'],
    [head('OggS', [0, 2]), 'audio/ogg'],
    [head('#!AMR\n'), 'audio/amr'],
    [head('ID3', [3, 0]), 'audio/mpeg'],
    [head('%PDF-1.7\n'), 'application/pdf'],
    [head('PK', [3, 4], '[Content_Types].xml'), 'application/zip'],
    [head('II*', [0]), 'image/tiff'],
    [head('plain words from a witness\n'), 'text/plain'],
  ])('knows %#', (bytes, mediaType) => {
    expect(detectFileType(bytes).mediaType).toBe(mediaType);
  });
});

describe('ISO 6709 locations', () => {
  it('reads decimal degrees, degree-minutes and degree-minute-seconds, with altitude', () => {
    expect(parseIso6709('+35.1825+035.9486/')).toEqual({ lat: 35.1825, lon: 35.9486, altitude: null });
    expect(parseIso6709('-33.8688+151.2093+058.000/')).toEqual({
      lat: -33.8688,
      lon: 151.2093,
      altitude: 58,
    });
    expect(parseIso6709('+3510.95+03556.916/')).toEqual({ lat: 35.1825, lon: 35.9486, altitude: null });
    expect(parseIso6709('+351057+0355655/')?.lat).toBeCloseTo(35.1825, 3);
    expect(parseIso6709('somewhere')).toBeNull();
    expect(parseIso6709('+95.0+035.0/')).toBeNull();
  });
});
