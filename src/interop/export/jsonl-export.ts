import type { Exporter } from './exporter.ts';

/**
 * JSON Lines of the full record: one line per incident with the incident as stored, the
 * claims it is built from (each with its quote, attribution, place, date and figures) and,
 * for an imported incident, the dataset row it came from.
 */
export function jsonlExporter(): Exporter {
  return {
    format: 'jsonl',
    mediaType: 'application/x-ndjson',
    claims: 'all',
    head: () => '',
    item: ({ incident, claims, origin }) => ({ text: `${JSON.stringify({ incident, claims, origin })}\n` }),
    tail: () => '',
  };
}
