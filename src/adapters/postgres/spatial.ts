import { type Kysely, sql } from 'kysely';
import type { Database } from '../sql/schema.ts';
import type { SpatialMode } from '../sql/sql-store.ts';

/**
 * Chooses how bounding-box filters run on this server and makes sure their index exists.
 * With PostGIS (installed, or installable by this user) incidents get a GiST index on their
 * point and `&&` envelope queries; without it the (lat, lon) B-tree index of the core
 * migration serves the same filter. Both return exactly the same rows: points on the box's
 * edge are inside in both. Idempotent, and run under the migration lock.
 */
export async function ensureSpatialIndex(db: Kysely<Database>): Promise<SpatialMode> {
  if (!(await hasPostgis(db))) return 'plain';
  const existing = await sql<{ n: number }>`
    SELECT count(*) AS n FROM pg_indexes
    WHERE schemaname = current_schema() AND indexname = 'incidents_geo'`.execute(db);
  if (Number(existing.rows[0]?.n ?? 0) === 0) {
    await sql`CREATE INDEX incidents_geo ON incidents USING gist ((ST_SetSRID(ST_MakePoint(lon, lat), 4326)))`.execute(
      db,
    );
  }
  return 'postgis';
}

async function hasPostgis(db: Kysely<Database>): Promise<boolean> {
  const installed = await sql<{
    n: number;
  }>`SELECT count(*) AS n FROM pg_extension WHERE extname = 'postgis'`.execute(db);
  if (Number(installed.rows[0]?.n ?? 0) > 0) return true;
  const available = await sql<{
    n: number;
  }>`SELECT count(*) AS n FROM pg_available_extensions WHERE name = 'postgis'`.execute(db);
  if (Number(available.rows[0]?.n ?? 0) === 0) return false;
  try {
    // Savepoint-free: we are not in a transaction here, so a refusal (no privilege) leaves
    // nothing behind and the plain index serves instead.
    await sql`CREATE EXTENSION IF NOT EXISTS postgis`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** The spatial mode an already opened store uses (its GiST index exists, or not). */
export async function spatialModeOf(db: Kysely<Database>): Promise<SpatialMode> {
  const existing = await sql<{ n: number }>`
    SELECT count(*) AS n FROM pg_indexes
    WHERE schemaname = current_schema() AND indexname = 'incidents_geo'`.execute(db);
  return Number(existing.rows[0]?.n ?? 0) > 0 ? 'postgis' : 'plain';
}
