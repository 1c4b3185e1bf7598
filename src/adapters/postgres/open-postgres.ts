import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ConfigError } from '../../errors.ts';
import type { Store } from '../../ports/store.ts';
import { LEDGER_LOCK } from '../sql/ledger-store.ts';
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
  const close = async () => {
    await db.destroy();
  };
  const store = sqlStore(db, 'postgres', close, { spatial });
  return {
    store: { ...store, atomically: lockedBeforeIncidentReads(db, spatial, close) },
    db,
    pool,
    spatial,
  };
}

/**
 * `atomically` for the team store. On PostgreSQL two units of work really run at once (on
 * SQLite one writes at a time), so one that reads incidents in order to change them — an
 * analyst's review checking `expectedVersion`, then re-assessing — must not read them, and only
 * then wait for the record lock at its first ledger append while another writer changes what
 * it read: both edits would be applied, the second on a stale version. So a transaction takes
 * the record lock (the ledger's, docs/scaling.md) before it first reads an incident, if its
 * first ledger append has not taken it already: its version check then sees the last committed
 * version and a stale edit is refused (409), never applied over the other. Units of work that
 * read no incident (accounts, an ingest's first writes) take it no earlier than before.
 */
function lockedBeforeIncidentReads(
  db: Kysely<Schema>,
  spatial: SpatialMode,
  close: () => Promise<void>,
): Store['atomically'] {
  return (work) =>
    db.transaction().execute(async (trx) => {
      const inner = sqlStore(trx, 'postgres', close, { spatial });
      let locked: Promise<unknown> | null = null;
      const lock = () => {
        locked ??= sql`SELECT pg_advisory_xact_lock(${LEDGER_LOCK[0]}, ${LEDGER_LOCK[1]})`.execute(trx);
        return locked;
      };
      const reads = inner.incidents;
      const incidents: Store['incidents'] = {
        ...reads,
        async get(id) {
          await lock();
          return reads.get(id);
        },
        async getMany(ids) {
          await lock();
          return reads.getMany(ids);
        },
        async profiles(ids) {
          await lock();
          return reads.profiles(ids);
        },
        async findCandidates(block) {
          await lock();
          return reads.findCandidates(block);
        },
      };
      const tx: Store = { ...inner, incidents, atomically: (nested) => nested(tx) };
      return work(tx);
    });
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
