import type { Kysely } from 'kysely';
import { accountRecord, settingRecord, tokenRecord } from '../../ledger/record-shapes.ts';
import type { AuditedRecord, RecordAudit } from '../../ports/record-audit.ts';
import { decisionAuditRecords } from './decision-audit.ts';
import { rowToCustody, rowToEvidence, rowToLink, rowToPending, rowToWorkingCopy } from './evidence-store.ts';
import { importAuditRecords } from './import-store.ts';
import {
  claimToRow,
  incidentToRow,
  reportToRow,
  rowToClaim,
  rowToIncident,
  rowToReport,
} from './row-mapping.ts';
import type { Database } from './schema.ts';

const PAGE = 500;

/**
 * Reads records back for `vigil verify` exactly as the role stores read them, page by page
 * (keyset order on the primary key), and names every column that disagrees with the record it
 * belongs to: the ledger digests the record, so a query column edited behind it would
 * otherwise go unseen (an incident listed as `fair` whose record says `weak`).
 */
export function sqlRecordAudit(db: Kysely<Database>): RecordAudit {
  const readers: Record<string, () => AsyncIterable<AuditedRecord>> = {
    report: () => reports(db),
    claim: () => claims(db),
    incident: () => incidents(db),
    evidence: () => evidence(db),
    'evidence-link': () => plain(db, 'evidence_links', 'evidence-link', (row) => rowToLink(row as never)),
    custody: () => plain(db, 'custody_events', 'custody', (row) => rowToCustody(row as never)),
    'pending-evidence': () =>
      plain(db, 'pending_evidence', 'pending-evidence', (row) => rowToPending(row as never)),
    'working-copy': () =>
      plain(db, 'working_copies', 'working-copy', (row) => rowToWorkingCopy(row as never)),
    account: () =>
      plain(db, 'users', 'account', (row) =>
        accountRecord({ id: String(row.id), role: String(row.role), disabled: Number(row.disabled) === 1 }),
      ),
    token: () =>
      plain(db, 'api_tokens', 'token', (row) =>
        tokenRecord({ id: String(row.id), label: String(row.label), revoked: Number(row.revoked) === 1 }),
      ),
    setting: () => settings(db),
    intake: () => intakes(db),
    import: () => importAuditRecords(db),
    decision: () => decisionAuditRecords(db),
  };
  return {
    families: () => Object.keys(readers),
    records(family) {
      const reader = readers[family];
      if (!reader) throw new Error(`no record audit for family ${family}`);
      return reader();
    },
  };
}

type Paged =
  | 'reports'
  | 'claims'
  | 'incidents'
  | 'evidence'
  | 'evidence_links'
  | 'custody_events'
  | 'pending_evidence'
  | 'working_copies'
  | 'users'
  | 'api_tokens'
  | 'intake_submissions';

async function* pages(db: Kysely<Database>, table: Paged): AsyncIterable<Record<string, unknown>[]> {
  let after: string | null = null;
  for (;;) {
    let q = db.selectFrom(table).selectAll();
    if (after !== null) q = q.where('id', '>', after);
    const rows = (await q.orderBy('id').limit(PAGE).execute()) as Record<string, unknown>[];
    if (rows.length === 0) return;
    yield rows;
    after = String(rows[rows.length - 1]!.id);
  }
}

/** Tables whose record is rebuilt from its columns alone: nothing can disagree but the digest. */
async function* plain(
  db: Kysely<Database>,
  table: Paged,
  family: string,
  read: (row: Record<string, unknown>) => unknown,
): AsyncIterable<AuditedRecord> {
  for await (const rows of pages(db, table)) {
    for (const row of rows) yield readSafely(family, String(row.id), () => read(row));
  }
}

function readSafely(
  family: string,
  subject: string,
  read: () => unknown,
  problems: string[] = [],
): AuditedRecord {
  try {
    return { family, subject, record: read(), problems };
  } catch (error) {
    return {
      family,
      subject,
      record: undefined,
      problems: [...problems, `the stored row cannot be read: ${(error as Error).message}`],
    };
  }
}

/** Server settings: a handful of rows, keyed by name. */
async function* settings(db: Kysely<Database>): AsyncIterable<AuditedRecord> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).orderBy('key').execute();
  for (const row of rows) yield readSafely('setting', row.key, () => settingRecord(row.key, row.value));
}

/** Field submissions: the record is the stored body; its query columns must agree with it. */
async function* intakes(db: Kysely<Database>): AsyncIterable<AuditedRecord> {
  for await (const rows of pages(db, 'intake_submissions')) {
    for (const row of rows) {
      const audited = readSafely('intake', String(row.id), () => JSON.parse(String(row.body)) as unknown);
      const body = audited.record as { id?: unknown; receivedAt?: unknown; reportId?: unknown } | undefined;
      if (body) {
        audited.problems.push(
          ...columnsDiffer(row, {
            id: body.id,
            received_at: body.receivedAt,
            report_id: body.reportId ?? null,
          }),
        );
      }
      yield audited;
    }
  }
}

async function* reports(db: Kysely<Database>): AsyncIterable<AuditedRecord> {
  const sourceNames = new Map<string, string>();
  for (const s of await db.selectFrom('sources').select(['id', 'name']).execute())
    sourceNames.set(s.id, s.name);
  for await (const rows of pages(db, 'reports')) {
    for (const row of rows) {
      const audited = readSafely('report', String(row.id), () => rowToReport(row as never));
      if (audited.record) {
        const report = audited.record as Parameters<typeof reportToRow>[0];
        const sourceId = (row.source_id as string | null) ?? null;
        audited.problems.push(...columnsDiffer(row, reportToRow(report, sourceId)));
        // Source ids come from the lower-cased name: "North Wire agency" is "North Wire Agency".
        if (
          sourceId !== null &&
          sourceNames.get(sourceId)?.toLowerCase() !== report.sourceName?.toLowerCase()
        ) {
          audited.problems.push(`column source_id names source ${sourceId}, not "${report.sourceName}"`);
        }
      }
      yield audited;
    }
  }
}

async function* claims(db: Kysely<Database>): AsyncIterable<AuditedRecord> {
  for await (const rows of pages(db, 'claims')) {
    for (const row of rows) {
      const audited = readSafely('claim', String(row.id), () => rowToClaim(row as never));
      if (audited.record) {
        const claim = audited.record as Parameters<typeof claimToRow>[0];
        audited.problems.push(...columnsDiffer(row, claimToRow(claim), ['body']));
      }
      yield audited;
    }
  }
}

async function* incidents(db: Kysely<Database>): AsyncIterable<AuditedRecord> {
  for await (const rows of pages(db, 'incidents')) {
    const ids = rows.map((r) => String(r.id));
    const members = new Map<string, Set<string>>();
    const links = await db
      .selectFrom('incident_claims')
      .select(['incident_id', 'claim_id'])
      .where('incident_id', 'in', ids)
      .execute();
    for (const l of links) {
      const set = members.get(l.incident_id) ?? new Set<string>();
      set.add(l.claim_id);
      members.set(l.incident_id, set);
    }
    for (const row of rows) {
      const id = String(row.id);
      const audited = readSafely('incident', id, () => rowToIncident(row as never));
      if (audited.record) {
        const incident = audited.record as Parameters<typeof incidentToRow>[0];
        audited.problems.push(...columnsDiffer(row, incidentToRow(incident), ['body']));
        const held = members.get(id) ?? new Set<string>();
        const listed = new Set(incident.claimIds ?? []);
        const extra = [...held].filter((c) => !listed.has(c));
        const absent = [...listed].filter((c) => !held.has(c));
        if (extra.length || absent.length) {
          audited.problems.push(
            `incident_claims disagrees with the record's claimIds (${[
              extra.length ? `extra: ${extra.join(', ')}` : '',
              absent.length ? `missing: ${absent.join(', ')}` : '',
            ]
              .filter(Boolean)
              .join('; ')})`,
          );
        }
      }
      yield audited;
    }
  }
}

async function* evidence(db: Kysely<Database>): AsyncIterable<AuditedRecord> {
  for await (const rows of pages(db, 'evidence')) {
    const ids = rows.map((r) => String(r.id));
    const prints = await db
      .selectFrom('evidence_fingerprints')
      .selectAll()
      .where('evidence_id', 'in', ids)
      .orderBy('evidence_id')
      .orderBy('kind')
      .orderBy('frame')
      .execute();
    const byItem = new Map<string, string[]>();
    for (const p of prints) {
      const list = byItem.get(p.evidence_id) ?? [];
      list.push(`${p.kind}:${Number(p.frame)}:${p.hash}`);
      byItem.set(p.evidence_id, list);
    }
    for (const row of rows) {
      const id = String(row.id);
      const audited = readSafely('evidence', id, () => rowToEvidence(row as never));
      if (audited.record) {
        const item = audited.record as ReturnType<typeof rowToEvidence>;
        const want = expectedPrints(item.metadata).join(' ');
        const have = (byItem.get(id) ?? []).join(' ');
        if (want !== have) {
          audited.problems.push('its perceptual-hash rows disagree with the hashes in its record');
        }
      }
      yield audited;
    }
  }
}

/** The fingerprint rows an item's `metadata.perceptual` implies, in the order they are read. */
function expectedPrints(metadata: Record<string, unknown>): string[] {
  const p = metadata.perceptual as { dhash?: string[]; phash?: string[] } | undefined;
  if (!p) return [];
  const out: string[] = [];
  for (const kind of ['dhash', 'phash'] as const) {
    (p[kind] ?? []).forEach((hash, frame) => {
      out.push(`${kind}:${frame}:${hash}`);
    });
  }
  return out;
}

/** Names the columns of `row` whose value is not what the record maps to. */
function columnsDiffer(row: Record<string, unknown>, expected: object, skip: string[] = []): string[] {
  const out: string[] = [];
  for (const [column, value] of Object.entries(expected)) {
    if (skip.includes(column) || value === undefined) continue;
    const have = row[column];
    if (normal(have) !== normal(value)) {
      out.push(`column ${column} is ${show(have)} but the record says ${show(value)}`);
    }
  }
  return out;
}

function normal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number' || typeof v === 'bigint') return String(Number(v));
  if (typeof v === 'string' && v !== '' && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(v)) return String(Number(v));
  return String(v);
}

function show(v: unknown): string {
  const s = v === null || v === undefined ? 'null' : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
