/** One readable document found in an original (a container such as a feed yields several). */
export interface ParsedDocument {
  itemKey: string;
  text: string;
  title: string | null;
  url: string | null;
  sourceName: string | null;
  published: string | null;
}

export type ParseOutcome =
  | { ok: true; documents: ParsedDocument[]; warnings: string[] }
  | { ok: false; reason: string };

/** Normalises a date string from metadata to YYYY-MM-DD, or null when it is not a date. */
export function normaliseDate(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const s = String(value).trim();
  if (!s) return null;
  const iso = s.match(/^(\d{4})-(\d{2})-(\d{2})/);
  if (iso) return validDay(+iso[1]!, +iso[2]!, +iso[3]!);
  const parsed = Date.parse(s);
  if (Number.isNaN(parsed)) return null;
  return new Date(parsed).toISOString().slice(0, 10);
}

function validDay(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** Collapses runs of blank space inside lines and runs of blank lines, keeping paragraphs. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
