import type BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { ConflictError } from '../../errors.ts';
import type { Database } from '../sql/schema.ts';

/** What a copy moved, table by table, in the order it moved them. */
export interface CopyReport {
  tables: { name: string; rows: number }[];
  /** SQLite tables with no PostgreSQL counterpart (full-text shadow tables): derived, not copied. */
  skipped: string[];
}

interface PgColumn {
  name: string;
  type: string;
  generated: boolean;
  serial: boolean;
}

/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters in one statement. */
const PARAMETERS_PER_INSERT = 30_000;

/**
 * Copies every table of a migrated SQLite store into an empty, migrated PostgreSQL store, in
 * one PostgreSQL transaction: parents before children (foreign keys), each table's rows in
 * key order (the ledger in seq order, so entries keep their numbers), values converted to the
 * column types PostgreSQL declares. Tables are found from the schemas themselves, so a table
 * another role adds later is copied too. Refuses a target that already holds a record.
 */
export async function copySqliteToPostgres(
  source: BetterSqlite3.Database,
  target: Kysely<Database>,
): Promise<CopyReport> {
  const pgTables = await postgresColumns(target);
  const sqliteTables = (
    source
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[]
  )
    .map((r) => r.name)
    .filter((name) => name !== 'vigil_migrations');
  const skipped = sqliteTables.filter((t) => !pgTables.has(t));
  const tables = dependencyOrder(
    source,
    sqliteTables.filter((t) => pgTables.has(t)),
  );

  return target.transaction().execute(async (trx) => {
    for (const table of tables) {
      const held = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(trx);
      if (Number(held.rows[0]?.n ?? 0) > 0) {
        throw new ConflictError(
          `the PostgreSQL store already holds rows in ${table}: migrate into an empty database`,
        );
      }
    }
    const report: CopyReport = { tables: [], skipped };
    for (const table of tables) {
      const columns = pgTables.get(table)!;
      const sqliteColumns = new Set(
        (source.prepare(`PRAGMA table_info(${quoteSqlite(table)})`).all() as { name: string }[]).map(
          (c) => c.name,
        ),
      );
      const copied = columns.filter((c) => !c.generated && sqliteColumns.has(c.name));
      const rows = source
        .prepare(
          `SELECT ${copied.map((c) => quoteSqlite(c.name)).join(', ')} FROM ${quoteSqlite(table)} ORDER BY ${orderOf(source, table)}`,
        )
        .iterate() as IterableIterator<Record<string, unknown>>;
      const perInsert = Math.max(1, Math.floor(PARAMETERS_PER_INSERT / copied.length));
      let batch: Record<string, unknown>[] = [];
      let count = 0;
      const flush = async () => {
        if (batch.length === 0) return;
        await (trx as unknown as Kysely<Record<string, Record<string, unknown>>>)
          .insertInto(table)
          .values(batch)
          .execute();
        count += batch.length;
        batch = [];
      };
      for (const row of rows) {
        const converted: Record<string, unknown> = {};
        for (const c of copied) converted[c.name] = convert(row[c.name], c.type);
        batch.push(converted);
        if (batch.length >= perInsert) await flush();
      }
      await flush();
      // Serial columns were given explicit values: move their sequences past them.
      for (const c of columns.filter((col) => col.serial)) {
        await sql`SELECT setval(pg_get_serial_sequence(${table}, ${c.name}), max(${sql.ref(c.name)})) FROM ${sql.table(table)} HAVING max(${sql.ref(c.name)}) IS NOT NULL`.execute(
          trx,
        );
      }
      report.tables.push({ name: table, rows: count });
    }
    return report;
  });
}

async function postgresColumns(db: Kysely<Database>): Promise<Map<string, PgColumn[]>> {
  const rows = await sql<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_generated: string;
    column_default: string | null;
  }>`
    SELECT c.table_name, c.column_name, c.data_type, c.is_generated, c.column_default
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
    ORDER BY c.table_name, c.ordinal_position`.execute(db);
  const out = new Map<string, PgColumn[]>();
  for (const r of rows.rows) {
    const list = out.get(r.table_name) ?? [];
    list.push({
      name: r.column_name,
      type: r.data_type,
      generated: r.is_generated === 'ALWAYS',
      serial: r.column_default?.startsWith('nextval(') ?? false,
    });
    out.set(r.table_name, list);
  }
  return out;
}

/** Tables ordered so that every table comes after the tables its foreign keys name. */
function dependencyOrder(source: BetterSqlite3.Database, tables: string[]): string[] {
  const wanted = new Set(tables);
  const parents = new Map<string, Set<string>>();
  for (const t of tables) {
    const fks = source.prepare(`PRAGMA foreign_key_list(${quoteSqlite(t)})`).all() as { table: string }[];
    parents.set(t, new Set(fks.map((f) => f.table).filter((p) => p !== t && wanted.has(p))));
  }
  const ordered: string[] = [];
  const done = new Set<string>();
  const visit = (t: string, path: Set<string>) => {
    if (done.has(t) || path.has(t)) return;
    path.add(t);
    for (const p of [...parents.get(t)!].sort()) visit(p, path);
    path.delete(t);
    done.add(t);
    ordered.push(t);
  };
  for (const t of [...tables].sort()) visit(t, new Set());
  return ordered;
}

/** Key order: the primary key's columns, or insertion order (rowid) when there is none. */
function orderOf(source: BetterSqlite3.Database, table: string): string {
  const columns = source.prepare(`PRAGMA table_info(${quoteSqlite(table)})`).all() as {
    name: string;
    pk: number;
  }[];
  const pk = columns
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => quoteSqlite(c.name));
  return pk.length ? pk.join(', ') : 'rowid';
}

function convert(value: unknown, pgType: string): unknown {
  if (value === null || value === undefined) return null;
  switch (pgType) {
    case 'boolean':
      return typeof value === 'string' ? value === 'true' || value === '1' : Boolean(value);
    case 'text':
    case 'character varying':
      return typeof value === 'string'
        ? value
        : Buffer.isBuffer(value)
          ? value.toString('utf8')
          : String(value);
    case 'bigint':
    case 'integer':
    case 'smallint':
      return typeof value === 'bigint' ? value.toString() : value;
    case 'json':
    case 'jsonb':
      return typeof value === 'string' ? value : JSON.stringify(value);
    default:
      return value;
  }
}

function quoteSqlite(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
