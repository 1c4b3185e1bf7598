import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../config.ts';
import { ConfigError, EXIT } from '../../errors.ts';
import { incidentsCommand } from './incidents.ts';
import { ingestCommand } from './ingest.ts';

export const DEMO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'demo');

/**
 * `vigil demo`: ingests the demo corpus into the store and prints the incidents found;
 * with `--serve`, then serves the dashboard over it (src/cli/commands/serve.ts).
 */
export async function demoCommand(
  config: Config,
  flags: { serve?: boolean; port?: string } = {},
): Promise<number> {
  if (!existsSync(DEMO_DIR)) throw new ConfigError(`demo corpus not found at ${DEMO_DIR}`);
  process.stderr.write(`Ingesting the demo corpus (${DEMO_DIR}) into ${config.db}\n`);
  const code = await ingestCommand(config, [DEMO_DIR], {});
  if (flags.serve) {
    const { serveDemo } = await import('./serve.ts');
    return serveDemo(config, { port: flags.port });
  }
  await incidentsCommand(config, {});
  return code === EXIT.ok ? EXIT.ok : code;
}
