import type { Claim, Incident, Report } from '../../domain/index.ts';
import type { ClaimsTable, IncidentsTable, ReportsTable } from './schema.ts';

export function reportToRow(r: Report, sourceId: string | null): ReportsTable {
  return {
    id: r.id,
    original_sha256: r.originalSha256,
    item_key: r.itemKey,
    status: r.status,
    reason: r.reason,
    text: r.text,
    title: r.title,
    url: r.url,
    source_id: sourceId,
    source_name: r.sourceName,
    published: r.published,
    language: r.language,
    media_type: r.mediaType,
    ingested_at: r.ingestedAt,
    sensitivity: r.sensitivity ? JSON.stringify(r.sensitivity) : null,
    intake_id: r.intakeId ?? null,
  };
}

export function rowToReport(row: ReportsTable): Report {
  return {
    id: row.id,
    originalSha256: row.original_sha256,
    itemKey: row.item_key,
    status: row.status as Report['status'],
    reason: row.reason,
    text: row.text,
    title: row.title,
    url: row.url,
    sourceName: row.source_name,
    published: row.published,
    language: row.language,
    mediaType: row.media_type,
    ingestedAt: row.ingested_at,
    ...(row.sensitivity ? { sensitivity: JSON.parse(row.sensitivity) } : {}),
    ...(row.intake_id ? { intakeId: row.intake_id } : {}),
  };
}

export function claimToRow(c: Claim): ClaimsTable {
  return {
    id: c.id,
    report_id: c.reportId,
    ordinal: c.ordinal,
    type: c.type,
    date_start: c.date?.start ?? null,
    date_end: c.date?.end ?? null,
    lat: c.place?.lat ?? null,
    lon: c.place?.lon ?? null,
    body: JSON.stringify(c),
  };
}

export function rowToClaim(row: Pick<ClaimsTable, 'body'>): Claim {
  return JSON.parse(row.body) as Claim;
}

export function incidentToRow(i: Incident): IncidentsTable {
  return {
    id: i.id,
    type: i.type,
    grade: i.grade,
    date_start: i.date?.start ?? null,
    date_end: i.date?.end ?? null,
    lat: i.place?.lat ?? null,
    lon: i.place?.lon ?? null,
    published: i.published ? 1 : 0,
    version: i.version,
    updated_at: i.updatedAt,
    body: JSON.stringify(i),
  };
}

export function rowToIncident(row: Pick<IncidentsTable, 'body'>): Incident {
  return JSON.parse(row.body) as Incident;
}
