import {
  type Claim,
  mergeSensitivity,
  type Role,
  redactDatasetFields,
  redactFor,
  seesSensitive,
  visibleTo,
} from '../../domain/index.ts';
import type { IncidentWithOrigin } from '../../ports/import-store.ts';
import type { IncidentFilter, Store } from '../../ports/store.ts';
import { datasetRecordsReader } from '../dataset-records.ts';
import { acledExporter } from './acled-export.ts';
import type { Exporter, ExportFormat, ExportItem } from './exporter.ts';
import { geojsonExporter } from './geojson-export.ts';
import { hxlExporter } from './hxl-export.ts';
import { jsonlExporter } from './jsonl-export.ts';
import { ucdpExporter } from './ucdp-export.ts';

/** Incidents read per page: one query for them, one for their rows, one for their claims. */
const PAGE = 1000;

export interface ExportOptions {
  format: ExportFormat;
  filter: IncidentFilter;
  /** Who the export is for: what they may not see is left out or masked (src/domain/redaction.ts). */
  role: Role;
}

export interface ExportSummary {
  exported: number;
  /** Incidents the format could not carry, by reason. */
  leftOut: Record<string, number>;
  /** Incidents the role may not see at all (unpublished ones, for the public). */
  hidden: number;
}

export function exporterFor(format: ExportFormat): Exporter {
  switch (format) {
    case 'acled':
      return acledExporter();
    case 'ucdp':
      return ucdpExporter();
    case 'geojson':
      return geojsonExporter();
    case 'hxl':
      return hxlExporter();
    case 'jsonl':
      return jsonlExporter();
  }
}

/**
 * Streams every incident matching the filter, in id order, through one format's exporter into
 * `write` (awaited, so a slow destination holds the reading back). Every incident passes the
 * redaction rules for `role` first: one the role may not see is left out, sensitive parts of
 * the rest are masked. Memory holds one page.
 */
export async function runExport(
  options: ExportOptions,
  write: (text: string) => Promise<void>,
  deps: { store: Store },
): Promise<ExportSummary> {
  const exporter = exporterFor(options.format);
  const summary: ExportSummary = { exported: 0, leftOut: {}, hidden: 0 };
  const derive = datasetRecordsReader();
  await write(exporter.head());
  let after: string | null = null;
  for (;;) {
    const page: IncidentWithOrigin[] = await deps.store.imports.page(options.filter, after, PAGE);
    if (page.length === 0) break;
    after = page[page.length - 1]!.incident.id;
    const visible = page.filter(({ incident }) => {
      const seen = visibleTo(options.role, 'incident', incident);
      if (!seen) summary.hidden++;
      return seen;
    });
    const claims = await claimsFor(visible, exporter, deps.store);
    let text = '';
    for (const entry of visible) {
      const stored = entry.incident.claimIds
        .map((id) => claims.get(id))
        .filter((c): c is Claim => c !== undefined);
      // An incident imported as one row has no stored claim: its claim is derived from the row.
      const derived =
        exporter.claims === 'all' && stored.length === 0 && entry.origin
          ? derive(entry.origin)?.claim
          : undefined;
      const item = redacted(options.role, { ...entry, claims: derived ? [derived] : stored });
      const out = exporter.item(item);
      if ('skip' in out) {
        summary.leftOut[out.skip] = (summary.leftOut[out.skip] ?? 0) + 1;
        continue;
      }
      text += out.text;
      summary.exported++;
    }
    if (text) await write(text);
  }
  await write(exporter.tail());
  return summary;
}

async function claimsFor(
  page: IncidentWithOrigin[],
  exporter: Exporter,
  store: Store,
): Promise<Map<string, Claim>> {
  if (exporter.claims === 'none') return new Map();
  const ids = page
    .filter((e) => exporter.claims === 'all' || e.origin === null)
    .flatMap((e) => e.incident.claimIds);
  if (ids.length === 0) return new Map();
  return new Map((await store.claims.get(ids)).map((c) => [c.id, c]));
}

/**
 * The item as `role` may see it: the incident and its claims through the redaction rules, and
 * the dataset row with its free-text columns withheld (they can name victims) and every term
 * the incident marks sensitive masked in the rest (a mapped column named sensitive, say).
 */
function redacted(role: Role, item: ExportItem): ExportItem {
  if (seesSensitive(role)) return item;
  const terms = item.incident.sensitivity?.terms ?? [];
  const origin = item.origin && {
    ...item.origin,
    fields: redactDatasetFields(role, item.origin.fields, item.origin.freeText, terms),
  };
  return {
    // An incident with no sensitivity mark and no place in hiding comes out of redactFor as an
    // equal copy; exporters only read it, so the copy (a third of a large export's time) is skipped.
    incident:
      !item.incident.sensitivity && item.incident.place?.hiding !== true
        ? item.incident
        : redactFor(role, 'incident', item.incident),
    origin,
    claims: item.claims.map((c) => redactFor(role, 'claim', withheldQuote(c, item.origin))),
  };
}

/**
 * A claim made from a dataset row quotes the row's free text. Imports mark it so (src/domain/
 * redaction.ts, DATASET_FREE_TEXT); claims imported before that rule are marked here, so no
 * export shows a viewer their text either.
 */
function withheldQuote(claim: Claim, origin: ExportItem['origin']): Claim {
  if (!origin || claim.attribution.source !== origin.dataset) return claim;
  if (claim.sensitivity?.paths.includes('quote')) return claim;
  return { ...claim, sensitivity: mergeSensitivity(claim.sensitivity, { paths: ['quote'], terms: [] }) };
}
