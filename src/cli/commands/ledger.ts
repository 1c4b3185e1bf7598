import { readFile, writeFile } from 'node:fs/promises';
import { createApp } from '../../app.ts';
import type { Config } from '../../config.ts';
import { EXIT, UsageError } from '../../errors.ts';
import { checkpointProblem, parseCheckpoint, publishable } from '../../ledger/checkpoint.ts';
import { ensureLedgerKey, loadLedgerKey, loadLedgerPublicKey } from '../../ledger/keys.ts';
import {
  createCheckpoint,
  proveConsistency,
  proveInclusion,
  storedRoot,
  treeSize,
} from '../../ledger/ledger-tree.ts';
import { verifyConsistency, verifyInclusion } from '../../ledger/merkle.ts';
import type { Checkpoint } from '../../ports/ledger-tree-store.ts';

export interface LedgerFlags {
  out?: string;
  inclusion?: string;
  size?: string;
  consistency?: string[];
}

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

/**
 * `vigil ledger checkpoint|prove|status`. Output is JSON, meant to be published or handed
 * to someone who checks it independently (docs/ledger.md says how).
 */
export async function ledgerCommand(config: Config, action: string, flags: LedgerFlags): Promise<number> {
  const app = await createApp(config);
  const deps = { ledger: app.store.ledger, ledgerTree: app.store.ledgerTree };
  try {
    switch (action) {
      case 'checkpoint': {
        ensureLedgerKey(app.keysDir);
        const cp = await createCheckpoint({ ...deps, key: loadLedgerKey(app.keysDir), clock: app.clock });
        const text = `${JSON.stringify(publishable(cp), null, 2)}\n`;
        if (flags.out) await writeFile(flags.out, text, { flag: 'wx' });
        process.stdout.write(text);
        return EXIT.ok;
      }
      case 'status': {
        const size = await treeSize(deps);
        const checkpoints = await app.store.ledgerTree.checkpoints();
        print({
          size,
          root: (await storedRoot(deps, size)).toString('hex'),
          key: loadLedgerPublicKey(app.keysDir)?.keyId ?? null,
          checkpoints: checkpoints.length,
          latestCheckpoint: checkpoints.at(-1) ? publishable(checkpoints.at(-1)!) : null,
        });
        return EXIT.ok;
      }
      case 'prove':
        return await prove(deps, flags);
      default:
        throw new UsageError(`unknown ledger action "${action}" (checkpoint, prove, status)`);
    }
  } finally {
    await app.close();
  }
}

async function prove(deps: Parameters<typeof proveInclusion>[0], flags: LedgerFlags): Promise<number> {
  if (flags.inclusion !== undefined) {
    const seq = wholeNumber(flags.inclusion, '--inclusion');
    const size = flags.size === undefined ? undefined : wholeNumber(flags.size, '--size');
    const answer = await proveInclusion(deps, seq, size);
    const verified = verifyInclusion(
      Buffer.from(answer.entry.leafHash, 'hex'),
      answer.index,
      answer.size,
      answer.proof.map((p) => Buffer.from(p, 'hex')),
      Buffer.from(answer.root, 'hex'),
    );
    const { leafHash, ...entry } = answer.entry;
    print({
      entry,
      leafHash,
      leafIndex: answer.index,
      treeSize: answer.size,
      root: answer.root,
      proof: answer.proof,
      verified,
    });
    return verified ? EXIT.ok : EXIT.integrity;
  }
  if (flags.consistency) {
    const [oldArg, newArg] = flags.consistency;
    if (oldArg === undefined || newArg === undefined)
      throw new UsageError('--consistency needs OLD and NEW (sizes or checkpoint files)');
    const [older, newer] = [await sizeOrCheckpoint(oldArg), await sizeOrCheckpoint(newArg)];
    const answer = await proveConsistency(deps, older.size, newer.size);
    const problems: string[] = [];
    for (const [label, side, root] of [
      ['OLD', older, answer.firstRoot],
      ['NEW', newer, answer.secondRoot],
    ] as const) {
      if (side.checkpoint && side.checkpoint.root !== root) {
        problems.push(
          `${label} checkpoint's root ${side.checkpoint.root} is not the log's root at size ${side.size} (${root})`,
        );
      }
    }
    const verified =
      problems.length === 0 &&
      verifyConsistency(
        answer.first,
        answer.second,
        Buffer.from(older.checkpoint?.root ?? answer.firstRoot, 'hex'),
        Buffer.from(newer.checkpoint?.root ?? answer.secondRoot, 'hex'),
        answer.proof.map((p) => Buffer.from(p, 'hex')),
      );
    print({ ...answer, verified, ...(problems.length ? { problems } : {}) });
    return verified ? EXIT.ok : EXIT.integrity;
  }
  throw new UsageError('ledger prove needs --inclusion SEQ [--size N] or --consistency OLD NEW');
}

async function sizeOrCheckpoint(arg: string): Promise<{ size: number; checkpoint: Checkpoint | null }> {
  if (/^\d+$/.test(arg)) return { size: Number(arg), checkpoint: null };
  const text = await readFile(arg, 'utf8').catch(() => {
    throw new UsageError(`${arg} is neither a tree size nor a readable checkpoint file`);
  });
  const checkpoint = parseCheckpoint(text, arg);
  const problem = checkpointProblem(checkpoint);
  if (problem) throw new UsageError(`${arg}: ${problem}`);
  return { size: checkpoint.size, checkpoint };
}

function wholeNumber(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number, got "${value}"`);
  return Number(value);
}
