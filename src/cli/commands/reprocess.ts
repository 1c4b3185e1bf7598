import { createApp } from '../../app.ts';
import type { Config } from '../../config.ts';
import { EXIT } from '../../errors.ts';
import { reprocessOriginals } from '../../pipeline/ingest/reprocess.ts';

/**
 * `vigil reprocess`: parses again every original whose reports are `unparsed` (after a
 * parser fix), and with `--all` extracts and resolves every parsed report again.
 */
export async function reprocessCommand(config: Config, flags: { all?: boolean }): Promise<number> {
  const app = await createApp(config);
  try {
    const summary = await reprocessOriginals(
      { all: Boolean(flags.all), actor: config.actor, limits: { maxParseBytes: config.maxParseBytes } },
      {
        store: app.store,
        blobs: app.blobs,
        clock: app.clock,
        extract: app.extract,
        resolve: app.resolve,
      },
    );
    for (const line of summary.lines) process.stdout.write(`${line}\n`);
    process.stderr.write(
      `${summary.parsed} original(s) now parsed, ${summary.stillUnparsed} still unparsed, ${summary.reextracted} report(s) extracted again\n`,
    );
    return summary.stillUnparsed ? EXIT.partial : EXIT.ok;
  } finally {
    await app.close();
  }
}
