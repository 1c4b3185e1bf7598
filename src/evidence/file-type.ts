import { sniffContent } from '../pipeline/ingest/sniff.ts';

export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'archive' | 'text' | 'other';

/** What a file is, judged from its first bytes only (never from its name). */
export interface FileType {
  mediaType: string;
  kind: MediaKind;
  /** Human words for it ("JPEG image", "MP4/QuickTime video (brand isom)"). */
  detail: string;
}

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
const at = (b: Uint8Array, offset: number, bytes: number[]) => bytes.every((x, i) => b[offset + i] === x);

/** How many bytes of the head `detectFileType` wants. */
export const HEAD_BYTES = 4096;

/**
 * Identifies a file from its head by magic numbers: the formats field evidence arrives in
 * (phone photos and video, voice notes, screenshots, PDFs, archives). Unknown binary is
 * `application/octet-stream`; text goes through the ingest sniffer.
 */
export function detectFileType(head: Uint8Array): FileType {
  const t = (mediaType: string, kind: MediaKind, detail: string): FileType => ({ mediaType, kind, detail });
  if (head.length === 0) return t('application/octet-stream', 'other', 'empty');
  if (at(head, 0, [0xff, 0xd8, 0xff])) return t('image/jpeg', 'image', 'JPEG image');
  if (at(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return t('image/png', 'image', 'PNG image');
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a')
    return t('image/gif', 'image', 'GIF image');
  if (ascii(head, 0, 4) === 'RIFF') {
    const form = ascii(head, 8, 12);
    if (form === 'WEBP') return t('image/webp', 'image', 'WebP image');
    if (form === 'WAVE') return t('audio/wav', 'audio', 'WAV audio');
    if (form === 'AVI ') return t('video/x-msvideo', 'video', 'AVI video');
    return t('application/octet-stream', 'other', `RIFF container (${form.trim() || 'unknown form'})`);
  }
  if (at(head, 0, [0x49, 0x49, 0x2a, 0x00]) || at(head, 0, [0x4d, 0x4d, 0x00, 0x2a])) {
    return t('image/tiff', 'image', 'TIFF image (or a camera raw file built on TIFF)');
  }
  if (ascii(head, 4, 8) === 'ftyp') return isoMedia(ascii(head, 8, 12));
  if (at(head, 0, [0x1a, 0x45, 0xdf, 0xa3])) {
    const webm = ascii(head, 0, Math.min(head.length, 64)).includes('webm');
    return webm ? t('video/webm', 'video', 'WebM video') : t('video/x-matroska', 'video', 'Matroska video');
  }
  if (ascii(head, 0, 4) === 'OggS') {
    const video = /theora|VP8|VP9/.test(ascii(head, 0, Math.min(head.length, 256)));
    return video ? t('video/ogg', 'video', 'Ogg video') : t('audio/ogg', 'audio', 'Ogg audio (Vorbis/Opus)');
  }
  if (ascii(head, 0, 4) === 'fLaC') return t('audio/flac', 'audio', 'FLAC audio');
  if (ascii(head, 0, 5) === '#!AMR') return t('audio/amr', 'audio', 'AMR voice recording');
  if (ascii(head, 0, 3) === 'ID3') return t('audio/mpeg', 'audio', 'MP3 audio');
  if (head[0] === 0xff && head[1] !== undefined && (head[1] & 0xf6) === 0xf0) {
    return t('audio/aac', 'audio', 'AAC audio (ADTS)');
  }
  if (head[0] === 0xff && head[1] !== undefined && (head[1] & 0xe0) === 0xe0 && (head[1] & 0x06) !== 0) {
    return t('audio/mpeg', 'audio', 'MPEG audio');
  }
  if (ascii(head, 0, 3) === 'FLV') return t('video/x-flv', 'video', 'Flash video');
  if (at(head, 0, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11])) {
    return t('video/x-ms-asf', 'video', 'Windows Media (ASF) video or audio');
  }
  if (at(head, 0, [0x00, 0x00, 0x01, 0xba])) return t('video/mpeg', 'video', 'MPEG program stream video');
  if (head[0] === 0x47 && head.length > 188 && head[188] === 0x47) {
    return t('video/mp2t', 'video', 'MPEG transport stream video');
  }
  if (ascii(head, 0, 2) === 'BM' && head.length >= 26) return t('image/bmp', 'image', 'BMP image');
  if (ascii(head, 0, 5) === '%PDF-') return t('application/pdf', 'document', 'PDF document');
  if (at(head, 0, [0x50, 0x4b, 0x03, 0x04])) {
    const office = ascii(head, 0, Math.min(head.length, 256)).includes('[Content_Types].xml');
    return t('application/zip', 'archive', office ? 'Office document (ZIP)' : 'ZIP archive');
  }
  if (at(head, 0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) {
    return t('application/x-7z-compressed', 'archive', '7-Zip archive');
  }
  if (at(head, 0, [0x1f, 0x8b])) return t('application/gzip', 'archive', 'gzip archive');
  const sniffed = sniffContent(head);
  if (sniffed.kind === 'binary') {
    return t(sniffed.mediaType, 'other', sniffed.detail ?? 'binary data');
  }
  return t(sniffed.mediaType, 'text', `${sniffed.kind} text`);
}

function isoMedia(brand: string): FileType {
  const b = brand.trim();
  if (['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'].includes(b)) {
    return { mediaType: 'image/heic', kind: 'image', detail: `HEIF/HEIC image (brand ${b})` };
  }
  if (b === 'avif' || b === 'avis') return { mediaType: 'image/avif', kind: 'image', detail: 'AVIF image' };
  if (b === 'qt') return { mediaType: 'video/quicktime', kind: 'video', detail: 'QuickTime video' };
  if (b === 'M4A' || b === 'M4B')
    return { mediaType: 'audio/mp4', kind: 'audio', detail: `MPEG-4 audio (brand ${b})` };
  if (b.startsWith('3g'))
    return { mediaType: 'video/3gpp', kind: 'video', detail: `3GPP video (brand ${b})` };
  return { mediaType: 'video/mp4', kind: 'video', detail: `MP4 video (brand ${b || 'none'})` };
}
