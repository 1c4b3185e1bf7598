import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ConfigError } from '../../errors.ts';
import type { Store } from '../../ports/store.ts';
import type { Database as Schema } from '../sql/schema.ts';
import { migrate, type SpatialMode, sqlStore } from '../sql/sql-store.ts';
import { ensureSpatialIndex } from './spatial.ts';

export interface PostgresHandle {
  store: Store;
  db: Kysely<Schema>;
  pool: pg.Pool;
  /** How bounding-box filters run: PostGIS GiST index, or the plain (lat, lon) B-tree. */
  spatial: SpatialMode;
}

export interface PostgresOptions {
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /**
   * A schema to keep the tables in (created when absent); default: the server's search path.
   * Tests give each store its own schema on one server.
   */
  schema?: string;
  /** 'plain' never uses PostGIS even where the server has it (default 'auto'). */
  spatial?: 'auto' | 'plain';
}

/** Session-level advisory lock key taken while migrations run, so that workers starting at once migrate once. */
export const MIGRATION_LOCK: readonly [number, number] = [0x56494749, 0];

/**
 * Opens a team store on PostgreSQL: a `pg` pool under Kysely's PostgresDialect, the same
 * migrations and the same store code as the embedded SQLite store. BIGINT and COUNT(*) come
 * back as JS numbers (as they do from SQLite), so the shared code never sees numeric strings.
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PostgresHandle> {
  const { db, pool } = await connectPostgres(url, options);
  let spatial: SpatialMode;
  try {
    spatial = await db.connection().execute(async (conn) => {
      await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK[0]}, ${MIGRATION_LOCK[1]})`.execute(conn);
      try {
        await migrate(conn, 'postgres');
        return options.spatial === 'plain' ? 'plain' : await ensureSpatialIndex(conn);
      } finally {
        await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK[0]}, ${MIGRATION_LOCK[1]})`.execute(conn);
      }
    });
  } catch (error) {
    await db.destroy().catch(() => {});
    throw error;
  }
  const store = sqlStore(
    db,
    'postgres',
    async () => {
      await db.destroy();
    },
    { spatial },
  );
  return { store, db, pool, spatial };
}

/**
 * A Kysely database over a new `pg` pool, connected and checked but not migrated (queue
 * workers and `vigil migrate` use it beside a store). The schema, when given, is created.
 */
export async function connectPostgres(
  url: string,
  options: PostgresOptions = {},
): Promise<{ db: Kysely<Schema>; pool: pg.Pool }> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ConfigError(`invalid PostgreSQL schema name "${schema}"`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: { getTypeParser: typeParser as never },
    // Public after the schema so that extensions installed there (PostGIS) resolve.
    ...(schema ? { options: `-c search_path=${schema},public` } : {}),
  });
  // A server restart or a dropped network kills clients; pg reports that as an 'error' event
  // on the pool (idle clients) or on the client itself (one held by a transaction between two
  // statements), and an unhandled 'error' event would end the process. The statement in
  // flight fails instead, the broken client is dropped, and the next query opens a fresh one.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema) await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(db);
    else await sql`SELECT 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => {});
    throw new ConfigError(`cannot connect to PostgreSQL at ${redact(url)}: ${(error as Error).message}`);
  }
  return { db, pool };
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

const INT8 = 20;

function typeParser(oid: number, format?: 'text' | 'binary') {
  if (oid === INT8 && format !== 'binary') {
    return (value: string) => {
      const n = Number(value);
      // Counts and serial keys stay far below 2^53; anything larger keeps its exact text.
      return Number.isSafeInteger(n) ? n : value;
    };
  }
  return pg.types.getTypeParser(oid, format as 'text');
}
