import { normaliseDate, type ParsedDocument, type ParseOutcome, tidyText } from './parsed-document.ts';

const HEADER = /^(source|published|date|title|url|link)\s*:\s*(.+)$/i;

/**
 * Plain text and Markdown. Metadata comes from YAML-style front matter (`---` fenced) or,
 * in plain text, from `Key: value` header lines at the top followed by a blank line. A first
 * line that is a comment-like note ("Illustrative report …") stays part of the text.
 */
export function parseText(text: string, markdown: boolean): ParseOutcome {
  const meta: Record<string, string> = {};
  let body = text.replace(/\r\n?/g, '\n');
  const front = body.match(/^---\n([\s\S]*?)\n---\n?/);
  if (front) {
    for (const line of front[1]!.split('\n')) {
      const m = line.match(/^([A-Za-z_][\w-]*)\s*:\s*(.*)$/);
      if (m) meta[m[1]!.toLowerCase()] = unquote(m[2]!);
    }
    body = body.slice(front[0].length);
  } else {
    const lines = body.split('\n');
    let i = 0;
    // Allow one leading note line before the headers.
    if (lines[0] && !HEADER.test(lines[0]) && lines[1] && HEADER.test(lines[1])) i = 1;
    const start = i;
    while (i < lines.length && HEADER.test(lines[i]!)) {
      const m = lines[i]!.match(HEADER)!;
      meta[m[1]!.toLowerCase()] = m[2]!.trim();
      i++;
    }
    if (i > start && (lines[i] ?? '').trim() === '') {
      body = [...lines.slice(0, start), ...lines.slice(i + 1)].join('\n');
    } else {
      for (const k of Object.keys(meta)) delete meta[k];
    }
  }
  const clean = tidyText(markdown ? body : body);
  if (!clean) return { ok: false, reason: 'no text after the header' };
  const doc: ParsedDocument = {
    itemKey: '0',
    text: clean,
    title: meta.title ?? (markdown ? (clean.match(/^#\s+(.+)$/m)?.[1] ?? null) : null),
    url: meta.url ?? meta.link ?? null,
    sourceName: meta.source ?? null,
    published: normaliseDate(meta.published ?? meta.date),
  };
  return { ok: true, documents: [doc], warnings: [] };
}

function unquote(s: string): string {
  const t = s.trim();
  return (t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))
    ? t.slice(1, -1)
    : t;
}
