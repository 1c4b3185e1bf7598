import { type Config, type ConfigInput, normalizeConfig } from '../config.ts';
import { EXIT, exitCodeFor, VigilError } from '../errors.ts';

export interface GlobalFlags {
  db?: string;
  blobs?: string;
  actor?: string;
  debug?: boolean;
}

/**
 * The one CLI error handler: runs a command body and turns what it throws into a one-line
 * message and an exit code (docs/cli.md). Stack traces only with --debug.
 */
export async function runCommand(
  flags: GlobalFlags,
  body: (config: Config) => Promise<number | undefined>,
): Promise<void> {
  let debug = Boolean(flags.debug);
  try {
    const config = normalizeConfig({
      db: flags.db,
      blobs: flags.blobs,
      actor: flags.actor,
      debug,
    } as Partial<ConfigInput>);
    debug = config.debug;
    process.exitCode = (await body(config)) ?? EXIT.ok;
  } catch (error) {
    const known = error instanceof VigilError;
    process.stderr.write(
      `error: ${known ? error.message : `internal error: ${(error as Error)?.message ?? String(error)}`}\n`,
    );
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    else if (!known) process.stderr.write('(run again with --debug for the stack trace)\n');
    process.exitCode = exitCodeFor(error);
  }
}
