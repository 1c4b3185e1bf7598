/**
 * What the bytes are, judged from the bytes themselves. The file name's extension is only a
 * tie-breaker between text formats (Markdown versus plain text), never trusted for binary.
 */
export type ContentKind = 'pdf' | 'html' | 'feed' | 'xml' | 'json' | 'jsonl' | 'markdown' | 'text' | 'binary';

export interface Sniffed {
  kind: ContentKind;
  mediaType: string;
  /** For binary content, what it looks like ("PNG image", "ZIP archive"). */
  detail?: string;
}

const MAGIC: [number[], string, string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'image/png', 'PNG image'],
  [[0xff, 0xd8, 0xff], 'image/jpeg', 'JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'image/gif', 'GIF image'],
  [[0x50, 0x4b, 0x03, 0x04], 'application/zip', 'ZIP archive (or an Office document)'],
  [[0x1f, 0x8b], 'application/gzip', 'gzip archive'],
  [[0x7f, 0x45, 0x4c, 0x46], 'application/x-executable', 'ELF executable'],
  [[0x4d, 0x5a], 'application/x-msdownload', 'Windows executable'],
  [[0x52, 0x49, 0x46, 0x46], 'application/octet-stream', 'RIFF media (WAV/AVI/WebP)'],
  [[0x1a, 0x45, 0xdf, 0xa3], 'video/webm', 'Matroska/WebM video'],
  [[0x49, 0x44, 0x33], 'audio/mpeg', 'MP3 audio'],
  [[0x25, 0x21, 0x50, 0x53], 'application/postscript', 'PostScript document'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'application/x-ole-storage', 'legacy Office document'],
];

function startsWith(bytes: Uint8Array, prefix: number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

export function sniffContent(bytes: Uint8Array, nameHint = ''): Sniffed {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { kind: 'pdf', mediaType: 'application/pdf' };
  for (const [magic, mediaType, detail] of MAGIC) {
    if (startsWith(bytes, magic)) return { kind: 'binary', mediaType, detail };
  }
  if (startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4)) {
    return { kind: 'binary', mediaType: 'video/mp4', detail: 'MP4/QuickTime media' };
  }
  const head = bytes.subarray(0, 8192);
  if (head.includes(0))
    return { kind: 'binary', mediaType: 'application/octet-stream', detail: 'binary data (NUL bytes)' };

  // Text from here on: look at the first non-blank characters, skipping a UTF-8 BOM.
  let text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const start = text.trimStart().slice(0, 2048);
  const lower = start.toLowerCase();
  const ext = nameHint.toLowerCase().match(/\.([a-z0-9]+)(?:[?#].*)?$/)?.[1] ?? '';

  // Past an XML declaration and leading comments, the first element names the format.
  const firstElement = lower.replace(/^(<\?xml[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*)*/, '');
  if (/^<(rss|feed|rdf:rdf)[\s>]/.test(firstElement))
    return { kind: 'feed', mediaType: 'application/rss+xml' };
  if (lower.startsWith('<?xml')) {
    if (/^<html[\s>]/.test(firstElement)) return { kind: 'html', mediaType: 'application/xhtml+xml' };
    return { kind: 'xml', mediaType: 'application/xml' };
  }
  if (/^(<!--[\s\S]*?-->\s*)*<(!doctype html|html|head|body)[\s>]/.test(lower))
    return { kind: 'html', mediaType: 'text/html' };
  if (/^<(!--|div|p|article|section|h[1-6]|meta|title)[\s>]/.test(lower) && ext !== 'md' && ext !== 'txt') {
    return { kind: 'html', mediaType: 'text/html' };
  }
  if (start.startsWith('{') || start.startsWith('[')) {
    const firstLineEnd = text.trimStart().indexOf('\n');
    const firstLine = firstLineEnd === -1 ? '' : text.trimStart().slice(0, firstLineEnd).trim();
    if (
      ext === 'jsonl' ||
      ext === 'ndjson' ||
      (firstLine.startsWith('{') && firstLine.endsWith('}') && start.startsWith('{'))
    ) {
      return { kind: 'jsonl', mediaType: 'application/jsonl' };
    }
    return { kind: 'json', mediaType: 'application/json' };
  }
  if (ext === 'md' || ext === 'markdown' || start.startsWith('---\n') || start.startsWith('---\r\n')) {
    return { kind: 'markdown', mediaType: 'text/markdown' };
  }
  return { kind: 'text', mediaType: 'text/plain' };
}
