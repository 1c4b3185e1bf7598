import type { Claim, Report } from '../domain/index.ts';
import type { Result } from '../errors.ts';
import type { DatasetRow } from '../ports/import-store.ts';
import type { Store } from '../ports/store.ts';
import { acledMapper } from './acled.ts';
import { datasetReportAndClaim, type RowMapper } from './imported-event.ts';
import { mappedMapper, parseMapping } from './mapping.ts';
import { ucdpMapper } from './ucdp.ts';

/** The report and claim a kept dataset row stands for (see `datasetReportAndClaim`). */
export interface DatasetRecords {
  report: Report;
  claim: Claim;
}

/**
 * Derives, from a kept dataset row, the report (its words) and the claim (the dataset's coding)
 * that imports no longer store beside it: the row is read again through its format's mapper,
 * built once per import from the kept header (and a mapped CSV's kept mapping). Returns null
 * for a row whose records are stored (imported before the lighter model) or that no longer
 * maps (it did when imported; a row edited outside Vigil is named by `vigil verify`).
 */
export function datasetRecordsReader(): (origin: DatasetRow) => DatasetRecords | null {
  const mappers = new Map<string, RowMapper | null>();
  return (origin) => {
    if (origin.stored) return null;
    let mapper = mappers.get(origin.importId);
    if (mapper === undefined) {
      const built = mapperOf(origin);
      mapper = built.ok ? built.value : null;
      mappers.set(origin.importId, mapper);
    }
    if (mapper === null) return null;
    const event = mapper.map(origin.columns.map((name) => origin.fields[name] ?? ''));
    if (!event.ok) return null;
    return datasetReportAndClaim(event.value, {
      format: origin.format,
      dataset: origin.dataset,
      originalSha256: origin.originalSha256,
      incidentId: origin.incidentId,
      line: origin.line,
      at: origin.importedAt,
    });
  };
}

function mapperOf(origin: DatasetRow): Result<RowMapper> {
  const header = [...origin.columns];
  switch (origin.format) {
    case 'ucdp':
      return ucdpMapper(header);
    case 'acled':
      return acledMapper(header);
    case 'csv': {
      const mapping = parseMapping(origin.mapping);
      return mapping.ok ? mappedMapper(mapping.value, header) : mapping;
    }
  }
}

/**
 * The report and claim of the dataset row an incident was imported from, derived (null for an
 * incident not imported, or imported with stored records).
 */
export async function datasetRecordsOfIncident(
  store: Pick<Store, 'imports'>,
  incidentId: string,
): Promise<DatasetRecords | null> {
  const origin = (await store.imports.origins([incidentId])).get(incidentId);
  return origin ? datasetRecordsReader()(origin) : null;
}

/** The derived report (and its claim) with this id (`datasetReportId`), if there is one. */
export async function datasetRecordsOfReport(
  store: Pick<Store, 'imports'>,
  reportId: string,
): Promise<DatasetRecords | null> {
  const match = /^rep-([0-9a-f]{16})-(inc-.+)$/.exec(reportId);
  if (!match) return null;
  const records = await datasetRecordsOfIncident(store, match[2]!);
  return records?.report.id === reportId ? records : null;
}
