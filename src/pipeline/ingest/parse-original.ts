import { decodeUtf8 } from './decode.ts';
import { parseFeed } from './parse-feed.ts';
import { parseHtml } from './parse-html.ts';
import { parseJson } from './parse-json.ts';
import { parsePdf } from './parse-pdf.ts';
import { parseText } from './parse-text.ts';
import type { ParseOutcome } from './parsed-document.ts';
import { type Sniffed, sniffContent } from './sniff.ts';

export interface ParseLimits {
  /** Originals larger than this are kept but not parsed. */
  maxParseBytes: number;
}

/** Turns original bytes into readable documents, or says why it cannot. Pure. */
export async function parseOriginal(
  bytes: Uint8Array,
  hints: { name: string; url: string | null },
  limits: ParseLimits,
): Promise<{ sniffed: Sniffed; outcome: ParseOutcome }> {
  const sniffed = sniffContent(bytes, hints.name);
  const outcome = await parseSniffed(bytes, sniffed, hints, limits);
  return { sniffed, outcome };
}

async function parseSniffed(
  bytes: Uint8Array,
  sniffed: Sniffed,
  hints: { name: string; url: string | null },
  limits: ParseLimits,
): Promise<ParseOutcome> {
  if (bytes.length === 0) return { ok: false, reason: 'empty file (0 bytes)' };
  if (bytes.length > limits.maxParseBytes) {
    return { ok: false, reason: `over the size cap (${bytes.length} bytes > ${limits.maxParseBytes})` };
  }
  if (sniffed.kind === 'binary')
    return { ok: false, reason: `unsupported type: ${sniffed.detail} (${sniffed.mediaType})` };
  if (sniffed.kind === 'pdf') return parsePdf(bytes);
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return { ok: false, reason: decoded.error };
  const text = decoded.value;
  if (!text.trim()) return { ok: false, reason: 'empty file (only white space)' };
  switch (sniffed.kind) {
    case 'html':
      return parseHtml(text, hints.url);
    case 'feed':
    case 'xml':
      return parseFeed(text);
    case 'json':
      return parseJson(text, false);
    case 'jsonl':
      return parseJson(text, true);
    case 'markdown':
      return parseText(text, true);
    case 'text':
      return parseText(text, false);
  }
}
