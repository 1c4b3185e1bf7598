import type {
  Actor,
  Casualties,
  CasualtyRange,
  Claim,
  DateRange,
  EventType,
  Incident,
  Place,
  Report,
} from '../domain/index.ts';
import type { Result } from '../errors.ts';
import { sha256Hex } from '../ledger/canonical.ts';
import type { ImportedRow, ImportFormat } from '../ports/import-store.ts';

/** What one dataset row says, in Vigil's terms, before it becomes a report, claim and incident. */
export interface ImportedEvent {
  /** The dataset's own id for the event (UCDP `id`, ACLED `event_id_cnty`), when it has one. */
  datasetId: string | null;
  type: EventType;
  subType: string | null;
  place: Place | null;
  date: DateRange;
  casualties: Casualties;
  actors: Actor[];
  /** The row's words: the report text (UCDP headline and article, ACLED notes). */
  text: string;
  published: string | null;
  /** The originating source the dataset names (UCDP `source_original`, ACLED `source`). */
  originalSource: string | null;
  fatalitiesAcled: number | null;
  /** Values the mapping marks sensitive: withheld from roles that may not see them. */
  sensitiveTerms: string[];
}

/**
 * Reads the rows of one file of a dataset. Built from the file's header (a missing required
 * column is an error there, on line 1); `map` turns one row's fields into an event or says,
 * in one phrase, why the row is bad.
 */
export interface RowMapper {
  format: ImportFormat;
  dataset: string;
  /**
   * `words: false` may leave out what only the row's report and claim need (its text, actors,
   * publication day, originating source): an import stores the incident alone. A row is bad or
   * good the same either way.
   */
  map(fields: readonly string[], words?: boolean): Result<ImportedEvent>;
}

/** The context a row is recorded in: which file, which row of it, by whom and when. */
export interface RowContext {
  format: ImportFormat;
  dataset: string;
  originalSha256: string;
  /** 1-based position of the row among the file's data rows. */
  ordinal: number;
  line: number;
  byteStart: number;
  byteEnd: number;
  /** The record's text as written (`CsvItem` row `text`). */
  text: string;
  at: string;
  /** The version the incident gets: 1, or one more than an earlier import's. */
  version: number;
  /** `incidentIdFor` this row, when the caller has it already (it looked up `version` by it). */
  incidentId?: string;
}

/** The incident id a dataset event gets: stable across files, so a newer release replaces it. */
export function incidentIdFor(
  format: ImportFormat,
  dataset: string,
  datasetId: string | null,
  ctx: Pick<RowContext, 'originalSha256' | 'ordinal'>,
): string {
  if (datasetId === null) return `inc-${ctx.originalSha256.slice(0, 16)}-r${ctx.ordinal}`;
  const scope = format === 'csv' ? slug(dataset) : format;
  // Ids that are not plain tokens are hashed into one, so that two ids never meet in one slug.
  const id = /^[A-Za-z0-9._:-]{1,64}$/.test(datasetId) ? datasetId : `h${sha256Hex(datasetId).slice(0, 16)}`;
  return `inc-${scope}-${id}`;
}

/**
 * One dataset row as Vigil stores it: an incident (the dataset's coding) and the row. The
 * incident lists no claims: the row's report and claim are derived from the kept row when read
 * (`datasetRecords`). Objects are built with their keys in canonical (sorted) order, so the
 * ledger can digest them without sorting (see canonical-digest.ts); the order is the only reason
 * for the unusual layout below.
 */
export function toImportedRow(event: ImportedEvent, ctx: RowContext): ImportedRow {
  const sensitivity = event.sensitiveTerms.length ? { paths: [], terms: event.sensitiveTerms } : undefined;
  const label = event.datasetId === null ? `row ${ctx.ordinal}` : `event ${event.datasetId}`;
  const incident: Incident = {
    casualties: sortedCasualties(event.casualties),
    claimIds: [],
    date: sortedDate(event.date),
    grade: 'weak',
    gradeReason: `weak: a single origin — imported from ${ctx.dataset} (${label}); no independent report in Vigil corroborates it yet`,
    id: ctx.incidentId ?? incidentIdFor(ctx.format, ctx.dataset, event.datasetId, ctx),
    independence: 1,
    place: event.place && sortedPlace(event.place),
    published: false,
    ...(sensitivity ? { sensitivity } : {}),
    subType: event.subType,
    type: event.type,
    updatedAt: ctx.at,
    version: ctx.version,
  };
  return {
    incident,
    datasetId: event.datasetId,
    line: ctx.line,
    byteStart: ctx.byteStart,
    byteEnd: ctx.byteEnd,
    text: ctx.text,
  };
}

/** Where a kept row comes from: enough to name its derived report and claim. */
export interface RowOrigin {
  format: ImportFormat;
  dataset: string;
  originalSha256: string;
  /** The incident the row became. */
  incidentId: string;
  line: number;
  at: string;
}

/**
 * The id of the report a kept row stands for: the file and the incident, which find the row
 * again (`dataset_rows` is keyed by incident and import). Rows imported before the lighter
 * model have stored reports, `rep-<file>-r<ordinal>`.
 */
export const datasetReportId = (originalSha256: string, incidentId: string) =>
  `rep-${originalSha256.slice(0, 16)}-${incidentId}`;

/**
 * The report (the row's words) and the claim (the dataset's coding: type, place, date, actors,
 * figures; stance `reported`, attributed to the dataset) one dataset row stands for. Ids name
 * the file and the incident (`datasetReportId`), so they are the same on every read.
 */
export function datasetReportAndClaim(
  event: ImportedEvent,
  ctx: RowOrigin,
): { report: Report; claim: Claim } {
  const reportId = datasetReportId(ctx.originalSha256, ctx.incidentId);
  const claimId = `${reportId}.0`;
  const sensitivity = event.sensitiveTerms.length ? { paths: [], terms: event.sensitiveTerms } : undefined;
  // The row's free text (article excerpts, notes) can name victims: withheld from roles without
  // permission in the report and the claim made from it (src/domain/redaction.ts).
  const withheld = (path: string) =>
    event.text
      ? { sensitivity: { paths: [path], terms: event.sensitiveTerms } }
      : sensitivity
        ? { sensitivity }
        : {};
  const report: Report = {
    id: reportId,
    ingestedAt: ctx.at,
    itemKey: event.datasetId === null ? `line ${ctx.line}` : `${ctx.format}:${event.datasetId}`,
    language: null,
    mediaType: 'text/csv',
    originalSha256: ctx.originalSha256,
    published: event.published,
    reason: null,
    ...withheld('text'),
    sourceName: ctx.dataset,
    status: 'parsed',
    text: event.text,
    title: null,
    url: null,
  };
  const claim: Claim = {
    actors: event.actors.map((a) => ({ name: a.name, role: a.role, text: a.text })),
    attribution: {
      modality: false,
      source: ctx.dataset,
      // A dataset reports what its coders found; Vigil has not corroborated it.
      stance: 'reported',
      ...(event.originalSource ? { text: event.originalSource } : {}),
    },
    casualties: sortedCasualties(event.casualties),
    date: sortedDate(event.date),
    fatalitiesAcled: event.fatalitiesAcled,
    id: claimId,
    ordinal: 0,
    place: event.place && sortedPlace(event.place),
    quote: event.text,
    repeatOf: null,
    reportId,
    salience: 0,
    ...withheld('quote'),
    span: [0, event.text.length],
    subType: event.subType,
    type: event.type,
  };
  return { report, claim };
}

export function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'dataset'
  );
}

function sortedPlace(p: Place): Place {
  return {
    admin1: p.admin1,
    country: p.country,
    gazetteerId: p.gazetteerId,
    geoPrecision: p.geoPrecision,
    ...(p.hiding !== undefined ? { hiding: p.hiding } : {}),
    lat: p.lat,
    lon: p.lon,
    name: p.name,
    ...(p.text !== undefined ? { text: p.text } : {}),
    wherePrec: p.wherePrec,
  };
}

function sortedDate(d: DateRange): DateRange {
  return {
    end: d.end,
    ...(d.inferred !== undefined ? { inferred: d.inferred } : {}),
    precision: d.precision,
    start: d.start,
    ...(d.text !== undefined ? { text: d.text } : {}),
  };
}

function sortedCasualties(c: Casualties): Casualties {
  return {
    abducted: sortedRange(c.abducted),
    displaced: sortedRange(c.displaced),
    injured: sortedRange(c.injured),
    killed: sortedRange(c.killed),
  };
}

function sortedRange(r: CasualtyRange | null): CasualtyRange | null {
  if (r === null) return null;
  return r.best !== undefined
    ? { best: r.best, max: r.max, min: r.min, text: r.text }
    : { max: r.max, min: r.min, text: r.text };
}
