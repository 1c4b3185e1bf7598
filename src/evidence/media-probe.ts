import { readFile } from 'node:fs/promises';
import exifr from 'exifr';
import sharp from 'sharp';
import { getDocumentProxy, getMeta } from 'unpdf';
import { ffprobeJson, keyFramesGrey, type MediaTools, posterFrame } from './ffmpeg.ts';
import type { FileType } from './file-type.ts';
import { parseIso6709 } from './iso6709.ts';
import {
  contrast,
  DHASH_HEIGHT,
  DHASH_WIDTH,
  dHash,
  downsample9x8,
  MIN_CONTRAST,
  PHASH_SIDE,
  pHash,
} from './perceptual-hash.ts';
import type { PerceptualPrint } from './similarity.ts';

/** What reading a file's content gave: metadata, perceptual hashes, a thumbnail, and notes. */
export interface MediaProbe {
  metadata: Record<string, unknown>;
  print: PerceptualPrint | null;
  thumbnail: Buffer | null;
  /** What could not be read and why, in plain words; shown to the user and kept on the item. */
  notes: string[];
}

/** PDFs are read whole to get their document info; above this they are kept but not read. */
const PDF_READ_LIMIT = 64 * 1024 * 1024;
/** Key frames sampled from a video for perceptual hashes. */
const MAX_KEY_FRAMES = 16;
const THUMBNAIL_WIDTH = 320;

/**
 * Reads what a file says about itself, without ever changing it: EXIF/XMP/GPS of images as
 * raw values (the original date strings, not exifr's conversion to this machine's zone),
 * ffprobe's duration, streams, creation time and ISO 6709 location for video and audio, the
 * document info of PDFs. Nothing here fails the add: a reader that cannot cope leaves a note.
 */
export async function probeMedia(path: string, type: FileType, tools: MediaTools): Promise<MediaProbe> {
  const probe: MediaProbe = { metadata: {}, print: null, thumbnail: null, notes: [] };
  if (type.kind === 'image') await probeImage(path, probe);
  else if (type.kind === 'video' || type.kind === 'audio') await probeAv(path, type, tools, probe);
  else if (type.mediaType === 'application/pdf') await probePdf(path, probe);
  return probe;
}

async function probeImage(path: string, probe: MediaProbe): Promise<void> {
  try {
    const raw = await exifr.parse(path, {
      tiff: true,
      exif: true,
      gps: true,
      xmp: true,
      iptc: true,
      icc: false,
      interop: false,
      makerNote: false,
      reviveValues: false,
      translateValues: false,
      mergeOutput: false,
    });
    if (raw) {
      const blocks = jsonSafe(raw) as Record<string, Record<string, unknown>>;
      probe.metadata.exif = blocks;
      const when = capturedAt(blocks);
      if (when) probe.metadata.capturedAt = when;
      const gps = gpsOf(blocks.gps);
      if (gps) probe.metadata.gps = gps;
    }
  } catch (error) {
    probe.notes.push(`EXIF/XMP could not be read: ${firstLine(error)}`);
  }
  try {
    const info = await sharp(path).metadata();
    probe.metadata.image = {
      format: info.format,
      width: info.width ?? null,
      height: info.height ?? null,
      orientation: info.orientation ?? null,
      hasAlpha: info.hasAlpha ?? null,
    };
    // Decoding every pixel is what finds a corrupt image (sharp fails on decoder warnings).
    const grey32 = await greyPixels(path, PHASH_SIDE, PHASH_SIDE);
    if (contrast(grey32) < MIN_CONTRAST) {
      probe.notes.push('too uniform for a perceptual hash (blank or a single colour): not compared');
    } else {
      const grey9 = await greyPixels(path, DHASH_WIDTH, DHASH_HEIGHT);
      probe.print = { dhash: [dHash(grey9)], phash: [pHash(grey32)] };
    }
    probe.thumbnail = await sharp(path)
      .rotate()
      .resize(THUMBNAIL_WIDTH, THUMBNAIL_WIDTH, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer();
  } catch (error) {
    probe.print = null;
    probe.thumbnail = null;
    probe.notes.push(`the image could not be decoded (corrupt or truncated?): ${firstLine(error)}`);
  }
}

async function greyPixels(path: string, width: number, height: number): Promise<Uint8Array> {
  const { data } = await sharp(path)
    .rotate()
    .flatten({ background: '#ffffff' })
    .greyscale()
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (data.length === width * height) return data;
  // greyscale() may still hand back more than one channel; keep the first.
  const channels = data.length / (width * height);
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = data[i * channels]!;
  return out;
}

async function probeAv(path: string, type: FileType, tools: MediaTools, probe: MediaProbe): Promise<void> {
  if (!tools.ffprobe) {
    probe.notes.push(
      'ffprobe is not installed: duration, streams, creation time and location were not read (install ffmpeg)',
    );
  } else {
    const probed = await ffprobeJson(tools.ffprobe, path);
    if (!probed.ok) probe.notes.push(`ffprobe could not read this file: ${probed.reason}`);
    else probe.metadata.media = summariseFfprobe(probed.value);
  }
  if (type.kind !== 'video') return;
  if (!tools.ffmpeg) {
    probe.notes.push(
      'ffmpeg is not installed: no key-frame hashes, so no near-duplicate check for this video',
    );
    return;
  }
  const frames = await keyFramesGrey(tools.ffmpeg, path, PHASH_SIDE, MAX_KEY_FRAMES);
  if (!frames.ok) {
    probe.notes.push(`ffmpeg could not decode key frames: ${frames.reason}`);
    return;
  }
  const usable = frames.frames.filter((f) => contrast(f) >= MIN_CONTRAST);
  if (usable.length === 0) {
    probe.notes.push('every key frame is too uniform for a perceptual hash: not compared');
  } else {
    probe.print = {
      dhash: usable.map((f) => dHash(downsample9x8(f, PHASH_SIDE))),
      phash: usable.map((f) => pHash(f)),
    };
  }
  probe.thumbnail = await posterFrame(tools.ffmpeg, path, THUMBNAIL_WIDTH);
}

/** The parts of ffprobe's answer worth keeping, as it reported them. */
function summariseFfprobe(value: Record<string, unknown>): Record<string, unknown> {
  const format = (value.format ?? {}) as Record<string, unknown>;
  const streams = (Array.isArray(value.streams) ? value.streams : []) as Record<string, unknown>[];
  const formatTags = (format.tags ?? {}) as Record<string, string>;
  const streamTags = streams.map((s) => (s.tags ?? {}) as Record<string, string>);
  const allTags = [formatTags, ...streamTags];
  const creationTime = allTags.map((t) => t.creation_time).find(Boolean) ?? null;
  const iso6709 =
    allTags
      .map((t) => t.location ?? t['location-eng'] ?? t['com.apple.quicktime.location.ISO6709'])
      .find(Boolean) ?? null;
  const num = (v: unknown) => (v === undefined || v === null || Number.isNaN(Number(v)) ? null : Number(v));
  return {
    container: format.format_name ?? null,
    duration: num(format.duration),
    bitRate: num(format.bit_rate),
    streams: streams.map((s) => ({
      index: s.index,
      type: s.codec_type ?? null,
      codec: s.codec_name ?? null,
      width: s.width ?? null,
      height: s.height ?? null,
      frameRate: s.avg_frame_rate ?? s.r_frame_rate ?? null,
      sampleRate: num(s.sample_rate),
      channels: s.channels ?? null,
      duration: num(s.duration),
    })),
    // The original string, never converted to another zone.
    creationTime,
    location: iso6709 ? { iso6709, ...(parseIso6709(iso6709) ?? { unparsed: true }) } : null,
    tags: formatTags,
  };
}

async function probePdf(path: string, probe: MediaProbe): Promise<void> {
  const bytes = await readFile(path).catch(() => null);
  if (!bytes) return;
  if (bytes.length > PDF_READ_LIMIT) {
    probe.notes.push(`PDF over ${PDF_READ_LIMIT / 1024 / 1024} MiB: document info not read`);
    return;
  }
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (error) {
    probe.notes.push(`the PDF could not be read: ${firstLine(error)}`);
    return;
  }
  try {
    const { info } = await getMeta(pdf);
    probe.metadata.pdf = { pages: pdf.numPages, info: jsonSafe(info ?? {}) };
  } catch (error) {
    probe.metadata.pdf = { pages: pdf.numPages };
    probe.notes.push(`the PDF's document info could not be read: ${firstLine(error)}`);
  } finally {
    await pdf.destroy();
  }
}

/** The capture time exactly as the camera wrote it, with its offset when one was recorded. */
function capturedAt(blocks: Record<string, Record<string, unknown>>): Record<string, unknown> | null {
  const exif = blocks.exif ?? {};
  const ifd0 = blocks.ifd0 ?? {};
  for (const [tag, offsetTag, block] of [
    ['DateTimeOriginal', 'OffsetTimeOriginal', exif],
    ['CreateDate', 'OffsetTimeDigitized', exif],
    ['ModifyDate', 'OffsetTime', ifd0],
  ] as const) {
    const raw = block[tag];
    if (typeof raw === 'string' && raw.trim()) {
      const offset = exif[offsetTag] ?? exif.OffsetTime ?? null;
      return { raw, tag, offset: typeof offset === 'string' ? offset : null };
    }
  }
  return null;
}

/** Decimal degrees from the raw GPS tags (degrees, minutes, seconds and a hemisphere letter). */
function gpsOf(gps: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (!gps) return null;
  const dms = (v: unknown): number | null => {
    if (typeof v === 'number') return v;
    if (!Array.isArray(v) || v.length === 0) return null;
    const [d = 0, m = 0, s = 0] = v.map(Number);
    return Number.isFinite(d + m + s) ? d + m / 60 + s / 3600 : null;
  };
  const lat = dms(gps.GPSLatitude);
  const lon = dms(gps.GPSLongitude);
  if (lat === null || lon === null) return null;
  const sign = (ref: unknown, negative: string) => (String(ref ?? '').toUpperCase() === negative ? -1 : 1);
  const alt =
    typeof gps.GPSAltitude === 'number' ? gps.GPSAltitude * (gps.GPSAltitudeRef === 1 ? -1 : 1) : null;
  return {
    lat: Math.round(lat * sign(gps.GPSLatitudeRef, 'S') * 1e7) / 1e7,
    lon: Math.round(lon * sign(gps.GPSLongitudeRef, 'W') * 1e7) / 1e7,
    altitude: alt,
  };
}

/** A copy fit for canonical JSON: bytes as hex, dates as ISO strings, no non-finite numbers. */
export function jsonSafe(value: unknown, depth = 0): unknown {
  if (depth > 8) return null;
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) {
    return value.length <= 256 ? { hex: Buffer.from(value).toString('hex') } : { bytes: value.length };
  }
  if (Array.isArray(value)) return value.slice(0, 1000).map((v) => jsonSafe(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (typeof v === 'function') continue;
      out[k] = jsonSafe(v, depth + 1);
    }
    return out;
  }
  return null;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}
