import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openSqlite, type SqliteHandle } from '../../src/adapters/sqlite/open-sqlite.ts';
import {
  Claim,
  type EventType,
  type Incident,
  type Report,
  type SourceKind,
} from '../../src/domain/index.ts';
import { markIncidents } from '../../src/domain/redaction.ts';
import { sha256Hex } from '../../src/ledger/canonical.ts';
import { extractAndResolve, recordReports } from '../../src/pipeline/ingest/run-ingest.ts';
import {
  detachClaim,
  mergeIncidents,
  setIncidentField,
  setOriginGroup,
  splitIncident,
} from '../../src/pipeline/resolve/review.ts';
import { resolveStoredClaims } from '../../src/pipeline/resolve/run-resolve.ts';
import type { Clock } from '../../src/ports/clock.ts';
import type { Contradiction } from '../../src/ports/resolution.ts';
import type { Store } from '../../src/ports/store.ts';

/** A claim as a golden case writes it: the Claim schema, with the obvious fields left out. */
export type ClaimInput = Partial<Omit<Claim, 'attribution'>> & {
  quote: string;
  type: EventType;
  attribution: Partial<Claim['attribution']> & { stance: Claim['attribution']['stance'] };
};

export interface GoldenReport {
  id: string;
  source: string | null;
  published: string;
  title?: string;
  text: string;
  claims: ClaimInput[];
}

export type Step =
  | { do: 'resolve' }
  | { do: 'resolve-again' }
  | { do: 'resolve-from-scratch' }
  | { do: 'split'; claimGroups: string[][]; actor: string; reason: string }
  | { do: 'merge'; claims: string[]; actor: string; reason: string }
  | { do: 'detach'; claim: string; actor: string; reason: string }
  | { do: 'set'; claim: string; field: string; value: unknown; actor: string; reason: string }
  | { do: 'origin-group'; source: string; group: string; actor: string; reason: string };

export interface GoldenInput {
  description: string;
  sources?: { name: string; kind: SourceKind }[];
  reports: GoldenReport[];
  steps?: Step[];
}

export interface ExpectedIncident {
  claims: string[];
  type?: string;
  subType?: string | null;
  grade: string;
  independence: number;
  contradictions?: string[];
  killed?: { min: number; max: number | null } | null;
  reasonIncludes?: string[];
}

export interface GoldenExpected {
  incidents: ExpectedIncident[];
  derivedFrom?: Record<string, string | null>;
}

export function readCase(dir: string): { input: GoldenInput; expected: GoldenExpected } {
  return {
    input: JSON.parse(readFileSync(join(dir, 'input.json'), 'utf8')),
    expected: JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')),
  };
}

/** Fills a golden claim's obvious fields and validates it against the Claim schema. */
export function toClaim(report: GoldenReport, input: ClaimInput, ordinal: number): Claim {
  const start = Math.max(0, report.text.indexOf(input.quote));
  return Claim.parse({
    id: `${report.id}.${ordinal}`,
    reportId: report.id,
    ordinal,
    span: [start, start + input.quote.length],
    subType: null,
    place: null,
    date: null,
    actors: [],
    casualties: { killed: null, injured: null, abducted: null, displaced: null },
    fatalitiesAcled: null,
    repeatOf: null,
    salience: -ordinal,
    ...input,
    attribution: { source: null, modality: false, ...input.attribution },
  });
}

export interface GoldenRun {
  handle: SqliteHandle;
  store: Store;
  /** Incident ids after each step, for the stability check. */
  snapshots: { step: string; incidents: Incident[] }[];
  close(): Promise<void>;
}

/** Runs a golden case through the real ingest path (recordReports) on a real SQLite store. */
export async function runCase(input: GoldenInput, dbPath: string): Promise<GoldenRun> {
  const handle = await openSqlite(dbPath);
  const store = handle.store;
  let tick = Date.parse('2025-04-01T00:00:00Z');
  const clock: Clock = {
    now: () => {
      tick += 1000;
      return new Date(tick);
    },
  };
  const claimsOf = new Map<string, Claim[]>();
  const reports: Report[] = input.reports.map((r, index) => {
    const report: Report = {
      id: r.id,
      originalSha256: sha256Hex(r.text),
      itemKey: '0',
      status: 'parsed',
      reason: null,
      text: r.text,
      title: r.title ?? null,
      url: null,
      sourceName: r.source,
      published: r.published,
      language: 'en',
      mediaType: 'text/plain',
      ingestedAt: new Date(Date.parse('2025-04-01T00:00:00Z') + 60_000 * index).toISOString(),
    };
    claimsOf.set(
      r.id,
      r.claims.map((c, i) => toClaim(r, c, i)),
    );
    return report;
  });
  const deps = {
    extract: async (report: Report) => claimsOf.get(report.id) ?? [],
    resolve: async (claims: Claim[], tx: Store, report?: Report) =>
      markIncidents(
        claims,
        await resolveStoredClaims(claims, { store: tx, clock, actor: 'golden' }, report?.id),
      ),
  };
  for (const s of input.sources ?? []) await store.sources.ensure(s.name, s.kind);

  const snapshots: GoldenRun['snapshots'] = [];
  const firstClaimIncident = async (claimId: string) => {
    const [link] = await store.claimLinks.forClaims([claimId]);
    if (!link) throw new Error(`claim ${claimId} is in no incident`);
    return link.incidentId;
  };
  const again = async () => {
    for (const report of reports) {
      await store.atomically((tx) =>
        extractAndResolve(tx, report, 'golden', clock.now().toISOString(), deps),
      );
    }
  };
  for (const step of input.steps ?? [{ do: 'resolve' }]) {
    const review = { clock };
    switch (step.do) {
      case 'resolve':
        for (const report of reports) {
          await store.atomically(async (tx) => {
            await tx.reports.recordOriginal({
              sha256: report.originalSha256,
              size: report.text.length,
              mediaType: 'text/plain',
              origin: `${report.id}.txt`,
              receivedAt: report.ingestedAt,
            });
            await recordReports(tx, [report], 'golden', clock.now().toISOString(), deps);
          });
        }
        break;
      case 'resolve-again':
        await again();
        break;
      case 'resolve-from-scratch':
        // Everything resolution computed goes; claims, reports and analysts' decisions stay.
        for (const table of [
          'contradictions',
          'standing_statements',
          'incident_claims',
          'incidents',
          'claim_links',
          'signature_bands',
          'text_signatures',
        ]) {
          await sql`DELETE FROM ${sql.table(table)}`.execute(handle.db);
        }
        await again();
        break;
      case 'split':
        await splitIncident(
          store,
          {
            id: await firstClaimIncident(step.claimGroups[0]![0]!),
            claimGroups: step.claimGroups,
            actor: step.actor,
            reason: step.reason,
          },
          review,
        );
        break;
      case 'merge': {
        const ids = [];
        for (const c of step.claims) ids.push(await firstClaimIncident(c));
        await mergeIncidents(store, { ids, actor: step.actor, reason: step.reason }, review);
        break;
      }
      case 'detach':
        await detachClaim(
          store,
          {
            incidentId: await firstClaimIncident(step.claim),
            claimId: step.claim,
            actor: step.actor,
            reason: step.reason,
          },
          review,
        );
        break;
      case 'set':
        await setIncidentField(
          store,
          {
            id: await firstClaimIncident(step.claim),
            field: step.field as never,
            value: step.value,
            actor: step.actor,
            reason: step.reason,
          },
          review,
        );
        break;
      case 'origin-group':
        await setOriginGroup(
          store,
          { source: step.source, group: step.group, actor: step.actor, reason: step.reason },
          review,
        );
        break;
    }
    snapshots.push({ step: step.do, incidents: await store.incidents.list({ limit: 100_000 }) });
  }
  return {
    handle,
    store,
    snapshots,
    close: () => store.close(),
  };
}

export async function contradictionsOf(store: Store, incidentId: string): Promise<Contradiction[]> {
  return (await store.contradictions.forIncident(incidentId)).filter((c) => c.incidentId === incidentId);
}
