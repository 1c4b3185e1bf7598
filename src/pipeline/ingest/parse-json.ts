import { z } from 'zod';
import { normaliseDate, type ParsedDocument, type ParseOutcome, tidyText } from './parsed-document.ts';

const ReportRecord = z.object({
  text: z.string().min(1, 'text is empty'),
  url: z.string().optional().nullable(),
  published: z.string().optional().nullable(),
  source: z.string().optional().nullable(),
  title: z.string().optional().nullable(),
  id: z.union([z.string(), z.number()]).optional(),
});

/**
 * JSON (one record or an array of records) and JSON Lines of `{text, url?, published?,
 * source?, title?}`. A record that does not fit is named by its position; the good records
 * still become reports and the bad ones are reported as warnings.
 */
export function parseJson(text: string, lines: boolean): ParseOutcome {
  let records: { value: unknown; where: string }[];
  if (lines) {
    records = [];
    const all = text.split('\n');
    for (let i = 0; i < all.length; i++) {
      const line = all[i]!.trim();
      if (!line) continue;
      try {
        records.push({ value: JSON.parse(line), where: `line ${i + 1}` });
      } catch (error) {
        records.push({ value: Symbol.for('bad'), where: `line ${i + 1}: ${(error as Error).message}` });
      }
    }
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return { ok: false, reason: `invalid JSON: ${(error as Error).message}` };
    }
    records = (Array.isArray(parsed) ? parsed : [parsed]).map((value, i) => ({
      value,
      where: `record ${i + 1}`,
    }));
  }
  const documents: ParsedDocument[] = [];
  const warnings: string[] = [];
  for (const { value, where } of records) {
    if (typeof value === 'symbol') {
      warnings.push(`${where} is not valid JSON`);
      continue;
    }
    const r = ReportRecord.safeParse(value);
    if (!r.success) {
      warnings.push(
        `${where}: ${r.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ')}`,
      );
      continue;
    }
    documents.push({
      itemKey: r.data.id !== undefined ? String(r.data.id) : where,
      text: tidyText(r.data.text),
      title: r.data.title ?? null,
      url: r.data.url ?? null,
      sourceName: r.data.source ?? null,
      published: normaliseDate(r.data.published),
    });
  }
  if (documents.length === 0) {
    return { ok: false, reason: `no usable records${warnings.length ? ` (${warnings[0]})` : ''}` };
  }
  return { ok: true, documents, warnings };
}
