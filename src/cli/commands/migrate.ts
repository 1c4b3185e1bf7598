import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { copySqliteToPostgres } from '../../adapters/postgres/copy-store.ts';
import { compareLedgers } from '../../adapters/postgres/ledger-compare.ts';
import { openPostgres, redact } from '../../adapters/postgres/open-postgres.ts';
import { openSqlite } from '../../adapters/sqlite/open-sqlite.ts';
import { type Config, normalizeConfig } from '../../config.ts';
import { EXIT, UsageError } from '../../errors.ts';

export interface MigrateFlags {
  from?: string;
  to?: string;
  blobsFrom?: string;
  blobsTo?: string;
  json?: boolean;
}

/**
 * `vigil migrate --from vigil.db --to postgres://…`: moves an embedded store to a team
 * server, ledger included (same entries, same numbers, same root), in one transaction on the
 * server; then copies the original bytes when --blobs-to names a new folder.
 */
export async function migrateCommand(_config: Config, flags: MigrateFlags): Promise<number> {
  if (!flags.from || !flags.to) throw new UsageError('migrate needs --from <SQLite file> and --to <postgres:// URL>');
  if (!/^postgres(ql)?:\/\//.test(flags.to)) throw new UsageError(`--to must be a postgres:// URL, got "${flags.to}"`);
  if (/^postgres(ql)?:\/\//.test(flags.from) || !existsSync(flags.from)) {
    throw new UsageError(`--from must be an existing SQLite store file, got "${flags.from}"`);
  }
  const blobsFrom = flags.blobsFrom ?? normalizeConfig({ db: flags.from }, {}).blobs;
  const say = (line: string) => {
    if (!flags.json) process.stderr.write(`${line}\n`);
  };

  const source = await openSqlite(flags.from);
  try {
    const target = await openPostgres(flags.to);
    try {
      say(`copying ${flags.from} to ${redact(flags.to)}`);
      const copied = await copySqliteToPostgres(source.raw, target.db);
      for (const t of copied.tables) say(`  ${t.name.padEnd(24)} ${t.rows}`);
      const ledger = await compareLedgers(source.db, target.db);
      say(`ledger: ${ledger.size} entries, identical, root ${ledger.root}`);
      let blobs = 0;
      if (flags.blobsTo && existsSync(blobsFrom)) {
        blobs = await copyBlobs(blobsFrom, flags.blobsTo);
        say(`blobs: ${blobs} file(s) copied to ${flags.blobsTo}`);
      } else {
        say(`blobs: none copied; point the team store at them with --blobs ${blobsFrom} (or copy them and use --blobs-to)`);
      }
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({ tables: copied.tables, ledger, blobsCopied: blobs, blobs: flags.blobsTo ?? blobsFrom })}\n`,
        );
      }
      return EXIT.ok;
    } finally {
      await target.store.close();
    }
  } finally {
    await source.store.close();
  }
}

/** Copies a content-addressed folder, skipping files already there (same name = same bytes). */
async function copyBlobs(from: string, to: string): Promise<number> {
  let copied = 0;
  const walk = async (rel: string) => {
    for (const e of await readdir(join(from, rel), { withFileTypes: true })) {
      if (rel === '' && e.name === 'tmp') continue;
      const path = join(rel, e.name);
      if (e.isDirectory()) {
        await walk(path);
      } else if (e.isFile() && !existsSync(join(to, path))) {
        await mkdir(join(to, rel), { recursive: true });
        const tmp = join(to, `${path}.partial`);
        await copyFile(join(from, path), tmp);
        await chmod(tmp, 0o444);
        await rename(tmp, join(to, path));
        copied++;
      }
    }
  };
  await walk('');
  return copied;
}
