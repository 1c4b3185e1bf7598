import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Grade } from '../../domain/index.ts';
import type { DayCount, IncidentQuery, IncidentSearch, MapPoint } from '../../ports/incident-search.ts';
import { rowToIncident } from './row-mapping.ts';
import type { Database, SqlDialectName } from './schema.ts';

type IncidentsQuery = SelectQueryBuilder<Database, 'incidents', object>;

export function sqlIncidentSearch(db: Kysely<Database>, dialect: SqlDialectName): IncidentSearch {
  const killed = (bound: 'min' | 'max') =>
    dialect === 'sqlite'
      ? sql<number | null>`json_extract(incidents.body, ${`$.casualties.killed.${bound}`})`
      : sql<number | null>`((incidents.body::jsonb) #>> ${`{casualties,killed,${bound}}`})::int`;

  const hiding =
    dialect === 'sqlite'
      ? sql<number | boolean | null>`json_extract(incidents.body, '$.place.hiding')`
      : sql<number | boolean | null>`((incidents.body::jsonb) #>> '{place,hiding}')::boolean`;

  function claimsFrom(
    join: (q: ReturnType<typeof reportsOfIncidents>) => ReturnType<typeof reportsOfIncidents>,
  ) {
    return join(reportsOfIncidents());
  }
  function reportsOfIncidents() {
    return db
      .selectFrom('incident_claims')
      .innerJoin('claims', 'claims.id', 'incident_claims.claim_id')
      .innerJoin('reports', 'reports.id', 'claims.report_id')
      .select('incident_claims.incident_id');
  }

  function filtered(query: IncidentQuery): IncidentsQuery {
    let q = db.selectFrom('incidents') as IncidentsQuery;
    if (query.type) q = q.where('incidents.type', '=', query.type);
    if (query.grade) q = q.where('incidents.grade', '=', query.grade);
    if (query.from) q = q.where('incidents.date_end', '>=', query.from);
    if (query.to) q = q.where('incidents.date_start', '<=', query.to);
    if (query.publishedOnly) q = q.where('incidents.published', '=', 1);
    if (query.bbox) {
      const [west, south, east, north] = query.bbox;
      q = q
        .where('incidents.lat', '>=', south)
        .where('incidents.lat', '<=', north)
        .where('incidents.lon', '>=', west)
        .where('incidents.lon', '<=', east);
    }
    if (query.source) {
      const name = query.source;
      q = q.where(
        'incidents.id',
        'in',
        claimsFrom((s) => s.where('reports.source_name', '=', name)),
      );
    }
    if (query.origin) {
      const group = query.origin;
      q = q.where(
        'incidents.id',
        'in',
        claimsFrom((s) =>
          s.innerJoin('sources', 'sources.id', 'reports.source_id').where('sources.origin_group', '=', group),
        ),
      );
    }
    if (query.text) {
      const text = query.text;
      const open = query.searchSensitive !== false;
      q = q.where(
        'incidents.id',
        'in',
        claimsFrom((base) => {
          const s = open ? base : base.where('reports.sensitivity', 'is', null);
          return dialect === 'sqlite'
            ? s.where(
                'reports.id',
                'in',
                sql<string>`(SELECT report_id FROM reports_fts WHERE reports_fts MATCH ${ftsQuery(text)})`,
              )
            : s.where(sql<boolean>`reports.tsv @@ plainto_tsquery('simple', ${text})`);
        }),
      );
    }
    return q;
  }

  return {
    async find(query) {
      const rows = await filtered(query)
        .select('incidents.body')
        // NULLS FIRST is SQLite's default; PostgreSQL's is the opposite, so say it.
        .orderBy('incidents.date_start', (ob) => ob.asc().nullsFirst())
        .orderBy('incidents.id')
        .limit(query.limit ?? 100)
        .offset(query.offset ?? 0)
        .execute();
      const count = await filtered(query)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return { incidents: rows.map(rowToIncident), total: Number(count.n) };
    },
    async points(query) {
      const rows = await filtered(query)
        .where('incidents.lat', 'is not', null)
        .where('incidents.lon', 'is not', null)
        .select([
          'incidents.id',
          'incidents.lat',
          'incidents.lon',
          'incidents.type',
          'incidents.grade',
          'incidents.date_start',
          'incidents.date_end',
          'incidents.published',
          hiding.as('hiding'),
          killed('min').as('kmin'),
          killed('max').as('kmax'),
        ])
        // A capped answer must be the same points on every engine.
        .orderBy('incidents.id')
        .limit(query.limit ?? 20_000)
        .execute();
      return rows.map(
        (r): MapPoint => ({
          id: r.id,
          lat: Number(r.lat),
          lon: Number(r.lon),
          type: r.type,
          grade: r.grade as Grade,
          date: r.date_start,
          dateEnd: r.date_end,
          published: Number(r.published) === 1,
          hiding: r.hiding === true || Number(r.hiding) === 1,
          killedMin: r.kmin === null ? null : Number(r.kmin),
          killedMax: r.kmax === null ? null : Number(r.kmax),
        }),
      );
    },
    async days(query) {
      const rows = await filtered(query)
        .where('incidents.date_start', 'is not', null)
        .select((eb) => [
          'incidents.date_start as day',
          'incidents.grade',
          eb.fn.countAll<number>().as('n'),
          eb.fn.sum<number>(sql`coalesce(${killed('min')}, 0)`).as('killed'),
        ])
        .groupBy(['incidents.date_start', 'incidents.grade'])
        .orderBy('incidents.date_start')
        .orderBy('incidents.grade')
        .execute();
      return rows.map(
        (r): DayCount => ({
          day: r.day as string,
          grade: r.grade as Grade,
          incidents: Number(r.n),
          killedMin: Number(r.killed ?? 0),
        }),
      );
    },
  };
}

/** Quotes every word so user text cannot inject FTS5 query syntax. */
function ftsQuery(text: string): string {
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map((w) => `"${w}"`).join(' ') || '""';
}
