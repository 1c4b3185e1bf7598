import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, rename, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { copySqliteToPostgres } from '../../adapters/postgres/copy-store.ts';
import { compareLedgers } from '../../adapters/postgres/ledger-compare.ts';
import { openPostgres, redact } from '../../adapters/postgres/open-postgres.ts';
import { openSqlite } from '../../adapters/sqlite/open-sqlite.ts';
import { type Config, normalizeConfig } from '../../config.ts';
import { EXIT, UsageError } from '../../errors.ts';
import { evidencePaths } from '../../evidence/paths.ts';

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
 * server; then copies the files a team store finds beside its blobs folder: the original
 * bytes (when --blobs-to names a new folder), the evidence vault and the ledger's signing key.
 */
export async function migrateCommand(_config: Config, flags: MigrateFlags): Promise<number> {
  if (!flags.from || !flags.to)
    throw new UsageError('migrate needs --from <SQLite file> and --to <postgres:// URL>');
  if (!/^postgres(ql)?:\/\//.test(flags.to))
    throw new UsageError(`--to must be a postgres:// URL, got "${flags.to}"`);
  if (/^postgres(ql)?:\/\//.test(flags.from) || !existsSync(flags.from)) {
    throw new UsageError(`--from must be an existing SQLite store file, got "${flags.from}"`);
  }
  const sourceConfig = normalizeConfig(
    { db: flags.from, ...(flags.blobsFrom ? { blobs: flags.blobsFrom } : {}) },
    {},
  );
  const blobsTo = flags.blobsTo ?? sourceConfig.blobs;
  const from = { blobs: sourceConfig.blobs, ...evidencePaths(sourceConfig) };
  // Where a team store looks for the vault and the signing key: beside its blobs folder.
  const to = { blobs: blobsTo, ...evidencePaths({ db: flags.to, blobs: blobsTo, storeKind: 'postgres' }) };
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
      const files = {
        blobs: await copyTree(from.blobs, to.blobs),
        vault: await copyTree(from.vault, to.vault),
        keys: await copyTree(from.keys, to.keys),
      };
      say(
        `files: ${files.blobs} original(s), ${files.vault} evidence file(s), ${files.keys} key file(s) copied; ` +
          `run the team store with --blobs ${to.blobs}`,
      );
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({ tables: copied.tables, ledger, copied: files, blobs: to.blobs })}\n`,
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

/**
 * Copies a folder tree (content-addressed files, or the signing key) file by file, keeping
 * each file's permission bits and skipping files already there; a folder copied onto itself,
 * or one that does not exist, copies nothing.
 */
async function copyTree(from: string, to: string): Promise<number> {
  if (!existsSync(from) || resolve(from) === resolve(to)) return 0;
  let copied = 0;
  const walk = async (rel: string) => {
    const here = await stat(join(from, rel));
    await mkdir(join(to, rel), { recursive: true, mode: here.mode & 0o777 });
    for (const e of await readdir(join(from, rel), { withFileTypes: true })) {
      const path = join(rel, e.name);
      if (e.isDirectory()) {
        if (!(rel === '' && e.name === 'tmp')) await walk(path);
      } else if (e.isFile() && !existsSync(join(to, path))) {
        const mode = (await stat(join(from, path))).mode & 0o777;
        const tmp = join(to, `${path}.partial`);
        await copyFile(join(from, path), tmp);
        await chmod(tmp, mode);
        await rename(tmp, join(to, path));
        copied++;
      }
    }
  };
  await walk('');
  return copied;
}
