import type { Kysely } from 'kysely';
import type { EventFamily } from '../../domain/taxonomy.ts';
import {
  bandKey,
  type ClaimLink,
  type ClaimLinkStore,
  type NearDuplicateStore,
  publicationWeek,
  type TextSignature,
} from '../../ports/resolution.ts';
import type { Database, TextSignaturesTable } from './schema.ts';

const CHUNK = 400;

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function toLink(row: Database['claim_links']): ClaimLink {
  return {
    claimId: row.claim_id,
    reportId: row.report_id,
    incidentId: row.incident_id,
    origin: JSON.parse(row.origin),
    derivedFromClaim: row.derived_from_claim,
    reason: JSON.parse(row.reason),
    seq: Number(row.seq),
    key: row.order_key ?? undefined,
    reach:
      row.family !== null && row.lat !== null && row.lon !== null && row.radius_km !== null
        ? {
            family: row.family as EventFamily,
            lat: row.lat,
            lon: row.lon,
            radiusKm: row.radius_km,
            firstDay: Number(row.first_day),
            lastDay: Number(row.last_day),
          }
        : null,
  };
}

export function sqlClaimLinkStore(db: Kysely<Database>): ClaimLinkStore {
  async function where(
    column: 'report_id' | 'incident_id' | 'claim_id' | 'origin_source_id',
    values: string[],
  ) {
    const out: ClaimLink[] = [];
    for (const part of chunks([...new Set(values)])) {
      const rows = await db
        .selectFrom('claim_links')
        .selectAll()
        .where(column, 'in', part)
        .orderBy('seq')
        .execute();
      out.push(...rows.map(toLink));
    }
    return out;
  }
  return {
    forReport: (reportId) => where('report_id', [reportId]),
    forIncidents: (ids) => where('incident_id', ids),
    forClaims: (ids) => where('claim_id', ids),
    forSources: (ids) => where('origin_source_id', ids),
    async put(links) {
      for (const part of chunks(links, 50)) {
        const rows = part.map(linkToRow);
        await db
          .insertInto('claim_links')
          .values(rows)
          .onConflict((c) =>
            c.column('claim_id').doUpdateSet((eb) => ({
              report_id: eb.ref('excluded.report_id'),
              incident_id: eb.ref('excluded.incident_id'),
              origin: eb.ref('excluded.origin'),
              origin_source_id: eb.ref('excluded.origin_source_id'),
              derived_from_claim: eb.ref('excluded.derived_from_claim'),
              reason: eb.ref('excluded.reason'),
              seq: eb.ref('excluded.seq'),
              order_key: eb.ref('excluded.order_key'),
              family: eb.ref('excluded.family'),
              lat: eb.ref('excluded.lat'),
              lon: eb.ref('excluded.lon'),
              radius_km: eb.ref('excluded.radius_km'),
              first_day: eb.ref('excluded.first_day'),
              last_day: eb.ref('excluded.last_day'),
            })),
          )
          .execute();
      }
    },
    async drop(claimIds) {
      for (const part of chunks(claimIds))
        await db.deleteFrom('claim_links').where('claim_id', 'in', part).execute();
    },
    async lastSeq() {
      const row = await db
        .selectFrom('claim_links')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst();
      return Number(row?.seq ?? 0);
    },
    async later(q) {
      if (!q.families.length) return [];
      const rows = await db
        .selectFrom('claim_links')
        .selectAll()
        .where('order_key', '>', q.afterKey)
        .where('family', 'in', q.families)
        .where('lat', '>=', q.south)
        .where('lat', '<=', q.north)
        .where('lon', '>=', q.west)
        .where('lon', '<=', q.east)
        .where('first_day', '<=', q.lastDay)
        .where('last_day', '>=', q.firstDay)
        .orderBy('order_key')
        .execute();
      return rows.map(toLink);
    },
  };
}

const hex = (sig: number[]) => sig.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
const unhex = (s: string) => {
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 8) out.push(Number.parseInt(s.slice(i, i + 8), 16));
  return out;
};

function toSignature(row: TextSignaturesTable): TextSignature {
  return {
    reportId: row.report_id,
    sourceName: row.source_name,
    published: row.published,
    ingestedAt: row.ingested_at,
    words: unhex(row.words),
    skeleton: unhex(row.skeleton),
    bands: [],
    derivedFrom: row.derived_from,
    similarity: row.similarity,
    skeletonSize: row.skeleton_size ?? undefined,
  };
}

export function sqlNearDuplicateStore(db: Kysely<Database>): NearDuplicateStore {
  return {
    async similar(bands, weeks, exceptReportId) {
      const bandKeys = weeks.flatMap((w) => bands.map((b) => bandKey(b, w)));
      const ids = new Set<string>();
      for (const part of chunks([...new Set(bandKeys)])) {
        const rows = await db
          .selectFrom('signature_bands')
          .select('report_id')
          .where('band', 'in', part)
          .where('report_id', '!=', exceptReportId)
          .execute();
        for (const r of rows) ids.add(r.report_id);
      }
      const out: TextSignature[] = [];
      for (const part of chunks([...ids])) {
        const rows = await db
          .selectFrom('text_signatures')
          .selectAll()
          .where('report_id', 'in', part)
          .execute();
        out.push(...rows.map((r) => toSignature(r)));
      }
      return out.sort((a, b) => (a.reportId < b.reportId ? -1 : 1));
    },
    async get(reportId) {
      const row = await db
        .selectFrom('text_signatures')
        .selectAll()
        .where('report_id', '=', reportId)
        .executeTakeFirst();
      return row ? toSignature(row) : null;
    },
    async put(sig) {
      const row = {
        report_id: sig.reportId,
        source_name: sig.sourceName,
        published: sig.published,
        ingested_at: sig.ingestedAt,
        words: hex(sig.words),
        skeleton: hex(sig.skeleton),
        derived_from: sig.derivedFrom,
        similarity: sig.similarity,
        skeleton_size: sig.skeletonSize ?? null,
      };
      await db
        .insertInto('text_signatures')
        .values(row)
        .onConflict((c) => c.column('report_id').doUpdateSet(row))
        .execute();
      // A signature read back for re-rooting carries no bands: keep the ones recorded.
      if (sig.bands.length) {
        await db.deleteFrom('signature_bands').where('report_id', '=', sig.reportId).execute();
        const week = publicationWeek(sig.published);
        const keys = new Set(sig.bands.map((b) => bandKey(b, week)));
        for (const part of chunks([...keys], 200)) {
          await db
            .insertInto('signature_bands')
            .values(part.map((band) => ({ band, report_id: sig.reportId })))
            .execute();
        }
      }
    },
    async derivedFrom(reportId) {
      const rows = await db
        .selectFrom('text_signatures')
        .selectAll()
        .where('derived_from', '=', reportId)
        .execute();
      return rows.map((r) => toSignature(r));
    },
  };
}

/** A claim link as its `claim_links` row. */
export function linkToRow(l: ClaimLink) {
  return {
    claim_id: l.claimId,
    report_id: l.reportId,
    incident_id: l.incidentId,
    origin: JSON.stringify(l.origin),
    origin_source_id: l.origin.sourceId,
    derived_from_claim: l.derivedFromClaim,
    reason: JSON.stringify(l.reason),
    seq: l.seq,
    order_key: l.key ?? null,
    family: l.reach?.family ?? null,
    lat: l.reach?.lat ?? null,
    lon: l.reach?.lon ?? null,
    radius_km: l.reach?.radiusKm ?? null,
    first_day: l.reach?.firstDay ?? null,
    last_day: l.reach?.lastDay ?? null,
  };
}
