import { memoryPorts } from '../../bench/resolve-memory-ports.ts';
import type { ResolutionPorts } from '../../src/pipeline/resolve/workspace.ts';
import type { Store } from '../../src/ports/store.ts';
import { storeFixtures } from '../support/stores.ts';

export interface OpenedPort<T> {
  port: T;
  close(): Promise<void>;
}

/**
 * The adapters of one of resolution's ports, for a contract suite: the SQL store's (SQLite, and
 * PostgreSQL when one is running) and the in-memory one the bulk benchmark resolves over, so
 * the benchmark's figures come from a store that answers as the real ones do.
 */
export function resolutionAdapters<T>(
  fromStore: (store: Store) => T,
  fromMemory: (ports: ResolutionPorts) => T,
): { name: string; open(): Promise<OpenedPort<T>> }[] {
  return [
    ...storeFixtures().map((fixture) => ({
      name: fixture.name,
      async open(): Promise<OpenedPort<T>> {
        const opened = await fixture.open();
        return { port: fromStore(opened.store), close: opened.close };
      },
    })),
    {
      name: 'the bulk benchmark memory store',
      async open(): Promise<OpenedPort<T>> {
        return { port: fromMemory(memoryPorts().ports), close: async () => {} };
      },
    },
  ];
}

export { freshPortEach } from './open-each.ts';
