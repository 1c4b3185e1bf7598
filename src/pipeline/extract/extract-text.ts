import type { Report } from '../../domain/report.ts';
import { type ExtractRecord, toExtractRecord } from './extract-record.ts';
import { extractionLanguage } from './language-gate.ts';
import { type ExtractDeps, extractClaims } from './run-extract.ts';

/** A text to extract from without a store: what `vigil extract` reads. */
export interface TextInput {
  id: string;
  text: string;
  /** YYYY-MM-DD: dates in the text resolve against it. */
  published?: string | null;
  source?: string | null;
  url?: string | null;
}

/** Extracts one text into the `vigil extract` record; the language is detected, not assumed. */
export function extractText(input: TextInput, deps: ExtractDeps): ExtractRecord {
  const language = input.text.trim() ? extractionLanguage(input.text, null) : null;
  const report: Report = {
    id: input.id,
    originalSha256: '0'.repeat(64),
    itemKey: '',
    status: 'parsed',
    reason: null,
    text: input.text,
    title: null,
    url: input.url ?? null,
    sourceName: input.source ?? null,
    published: input.published ?? null,
    language,
    mediaType: 'text/plain',
    ingestedAt: '',
  };
  return toExtractRecord(input.id, language, extractClaims(report, deps));
}
