import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgres, type PostgresHandle } from '../../src/adapters/postgres/open-postgres.ts';
import type { Incident } from '../../src/domain/index.ts';
import { anIncident } from '../contracts/records.ts';
import { seeded } from '../support/seeded.ts';
import { freshSchema } from '../support/stores.ts';
import { describePostgres, query } from './pg-support.ts';

describePostgres('map filters on PostgreSQL', (url) => {
  let postgis: PostgresHandle;
  let plain: PostgresHandle;
  let incidents: Incident[];
  let serverHasPostgis: boolean;

  beforeAll(async () => {
    serverHasPostgis =
      (
        await query<{ n: number }>(
          url,
          "SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = 'postgis'",
        )
      )[0]!.n > 0;
    postgis = await openPostgres(url, { schema: freshSchema() });
    plain = await openPostgres(url, { schema: freshSchema(), spatial: 'plain' });
    const random = seeded(5);
    incidents = Array.from({ length: 1500 }, (_, i) => {
      const located = i % 10 !== 0;
      return anIncident(`inc-${i}`, [`c-${i}`], {
        place: {
          name: `Place ${i}`,
          lat: located ? Math.round((32 + random() * 5) * 1e4) / 1e4 : null,
          lon: located ? Math.round((35 + random() * 4) * 1e4) / 1e4 : null,
          country: 'SY',
          admin1: null,
          wherePrec: located ? 1 : 6,
          geoPrecision: located ? 1 : 3,
          gazetteerId: null,
        },
      });
    });
    for (const h of [postgis, plain]) {
      // Incidents straight into the table: this suite is about the filter, not about claims.
      await h.db.transaction().execute(async (trx) => {
        for (let i = 0; i < incidents.length; i += 200) {
          await trx
            .insertInto('incidents')
            .values(
              incidents.slice(i, i + 200).map((x) => ({
                id: x.id,
                type: x.type,
                grade: x.grade,
                date_start: x.date?.start ?? null,
                date_end: x.date?.end ?? null,
                lat: x.place?.lat ?? null,
                lon: x.place?.lon ?? null,
                published: 0,
                version: 1,
                updated_at: x.updatedAt,
                body: JSON.stringify(x),
              })),
            )
            .execute();
        }
      });
      await sql`ANALYZE incidents`.execute(h.db);
    }
  }, 120_000);

  afterAll(async () => {
    for (const h of [postgis, plain]) {
      if (!h) continue;
      await sql`DROP SCHEMA IF EXISTS ${sql.raw(await currentSchema(h))} CASCADE`.execute(h.db);
      await h.store.close();
    }
  });

  async function currentSchema(h: PostgresHandle): Promise<string> {
    return (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(h.db)).rows[0]!.s;
  }

  it('uses PostGIS when the server has it, and the plain index when told not to', () => {
    expect(postgis.spatial).toBe(serverHasPostgis ? 'postgis' : 'plain');
    expect(plain.spatial).toBe('plain');
  });

  it('finds exactly the incidents inside a box, edges included, with PostGIS or without', async () => {
    const random = seeded(9);
    for (let i = 0; i < 40; i++) {
      const west = 35 + random() * 3;
      const south = 32 + random() * 4;
      const box: [number, number, number, number] = [
        west,
        south,
        west + random() * 1.5,
        south + random() * 1.5,
      ];
      // Snap one edge onto a point so that "edges included" is tested, not only interiors.
      const onEdge = incidents[1 + i * 7]!.place!;
      if (i % 4 === 0) box[0] = onEdge.lon!;
      const expected = incidents
        .filter((x) => {
          const p = x.place;
          return (
            p?.lat != null &&
            p.lon != null &&
            p.lon >= box[0] &&
            p.lon <= box[2] &&
            p.lat >= box[1] &&
            p.lat <= box[3]
          );
        })
        .map((x) => x.id)
        .sort();
      for (const h of [postgis, plain]) {
        const got = (await h.store.incidents.list({ bbox: box, limit: 10_000 })).map((x) => x.id).sort();
        expect(got).toEqual(expected);
      }
    }
  });

  it('answers a box from an index, not by reading every incident', async () => {
    const plan = async (h: PostgresHandle, where: string) =>
      h.db.connection().execute(async (conn) => {
        await sql`SET enable_seqscan = off`.execute(conn);
        const rows = await sql<{
          'QUERY PLAN': string;
        }>`EXPLAIN SELECT body FROM incidents WHERE ${sql.raw(where)}`.execute(conn);
        await sql`RESET enable_seqscan`.execute(conn);
        return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    expect(await plan(plain, 'lat >= 33 AND lat <= 34 AND lon >= 35 AND lon <= 36')).toMatch(
      /incidents_latlon/,
    );
    if (postgis.spatial === 'postgis') {
      expect(
        await plan(
          postgis,
          'ST_SetSRID(ST_MakePoint(lon, lat), 4326) && ST_MakeEnvelope(35, 33, 36, 34, 4326)',
        ),
      ).toMatch(/incidents_geo/);
    }
  });
});
