import type { Exporter } from './exporter.ts';

/**
 * JSON Lines of the full record: one line per incident with the incident as stored, the
 * claims it is built from (each with its quote, attribution, place, date and figures) and,
 * for an imported incident, the dataset row it came from (its claim derived from the row).
 */
export function jsonlExporter(): Exporter {
  return {
    format: 'jsonl',
    mediaType: 'application/x-ndjson',
    claims: 'all',
    head: () => '',
    item: ({ incident, claims, origin }) => {
      // The row as documented (docs/interop.md), not the store's bookkeeping around it.
      const row = origin && {
        importId: origin.importId,
        format: origin.format,
        dataset: origin.dataset,
        line: origin.line,
        byteStart: origin.byteStart,
        byteEnd: origin.byteEnd,
        fields: origin.fields,
      };
      return { text: `${JSON.stringify({ incident, claims, origin: row })}\n` };
    },
    tail: () => '',
  };
}
