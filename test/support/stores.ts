import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite } from '../../src/adapters/sqlite/open-sqlite.ts';
import type { Store } from '../../src/ports/store.ts';
import { tempDir } from './cli.ts';

/** One way of opening a fresh, empty, migrated store for a contract suite. */
export interface StoreFixture {
  name: string;
  open(): Promise<{ store: Store; close(): Promise<void> }>;
}

const sqlite: StoreFixture = {
  name: 'sqlite',
  async open() {
    const dir = tempDir('vigil-store-');
    const { store } = await openSqlite(join(dir, 'test.db'));
    return {
      store,
      async close() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/**
 * Every store adapter a contract suite must pass. Contract suites loop over this list
 * (`describe.each(storeFixtures())`) so that one file tests every adapter.
 */
export function storeFixtures(): StoreFixture[] {
  return [sqlite];
}
