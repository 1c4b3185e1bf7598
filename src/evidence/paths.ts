import { basename, dirname, join } from 'node:path';
import type { Config } from '../config.ts';

/**
 * Where the evidence vault and the ledger's signing key live: beside an embedded database
 * (`<dir>/<name>.vault/`, `<dir>/<name>.keys/`), else beside the blob store.
 */
export function evidencePaths(config: Pick<Config, 'db' | 'blobs' | 'storeKind'>): {
  vault: string;
  keys: string;
} {
  if (config.storeKind === 'sqlite' && config.db !== ':memory:') {
    const stem = join(dirname(config.db), basename(config.db).replace(/\.[^.]+$/, ''));
    return { vault: `${stem}.vault`, keys: `${stem}.keys` };
  }
  const base = dirname(config.blobs);
  return { vault: join(base, 'vault'), keys: join(base, 'keys') };
}
