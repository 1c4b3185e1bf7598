import { readFile } from 'node:fs/promises';
import { createApp } from '../../app.ts';
import type { Config } from '../../config.ts';
import { EXIT, UsageError } from '../../errors.ts';
import { verifyBag } from '../../evidence/bagit-verify.ts';
import { parseCheckpoint } from '../../ledger/checkpoint.ts';
import { runVerify } from '../../ledger/verify.ts';

export interface VerifyFlags {
  since?: string;
  skipFiles?: boolean;
  json?: boolean;
}

/**
 * `vigil verify`: re-hashes every file, checks every record against its ledger entry, rebuilds
 * the Merkle tree and checks every checkpoint. Prints one line per failure, naming what and
 * where; exit 0 when all is well, 6 (integrity) otherwise.
 */
export async function verifyCommand(config: Config, flags: VerifyFlags): Promise<number> {
  const since = flags.since
    ? parseCheckpoint(
        await readFile(flags.since, 'utf8').catch(() => {
          throw new UsageError(`cannot read the checkpoint file ${flags.since}`);
        }),
        flags.since,
      )
    : undefined;
  const app = await createApp(config);
  try {
    const live = Boolean(process.stderr.isTTY) && !flags.json;
    const report = await runVerify(
      {
        store: app.store,
        blobs: app.blobs,
        vault: app.evidence.vault,
        keysDir: app.keysDir,
        onProgress: live
          ? (stage, done, total) =>
              process.stderr.write(`\rverifying ${stage} ${done}${total ? `/${total}` : ''}\x1b[K`)
          : undefined,
      },
      { since, skipFiles: flags.skipFiles },
    );
    if (live) process.stderr.write('\r\x1b[K');
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else {
      for (const f of report.failures) process.stdout.write(`FAIL  ${f.where}: ${f.what}\n`);
      for (const n of report.notes) process.stdout.write(`note  ${n}\n`);
      const c = report.counts;
      process.stdout.write(
        `${report.ok ? 'ok' : `${report.failures.length} failure(s)`}: ${c.entries} ledger entries (root ${report.root}), ` +
          `${c.records} records, ${c.blobs} originals, ${c.evidenceFiles} evidence files, ${c.checkpoints} checkpoints checked\n`,
      );
    }
    return report.ok ? EXIT.ok : EXIT.integrity;
  } finally {
    await app.close();
  }
}

/** `vigil verify-bag DIR`: checks an evidence package offline, without any database. */
export async function verifyBagCommand(
  dir: string,
  flags: { keyId?: string; json?: boolean },
): Promise<number> {
  const report = await verifyBag(dir, { expectKeyId: flags.keyId });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    for (const f of report.failures) process.stdout.write(`FAIL  ${f.where}: ${f.what}\n`);
    for (const n of report.notes) process.stdout.write(`note  ${n}\n`);
    process.stdout.write(
      report.ok
        ? `valid: ${report.payloadFiles} payload files, ${report.proofs} records proved against the signed checkpoint\n`
        : `invalid: ${report.failures.length} failure(s)\n`,
    );
  }
  return report.ok ? EXIT.ok : EXIT.integrity;
}
