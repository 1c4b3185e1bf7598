import { afterEach, beforeEach } from 'vitest';
import type { Store } from '../../src/ports/store.ts';
import type { StoreFixture } from '../support/stores.ts';

/** Gives every test of a suite the port of a fresh adapter, closed after it. */
export function freshPortEach<T>(adapter: { open(): Promise<{ port: T; close(): Promise<void> }> }): {
  readonly port: T;
} {
  const holder = { port: undefined as unknown as T, close: null as (() => Promise<void>) | null };
  beforeEach(async () => {
    const opened = await adapter.open();
    holder.port = opened.port;
    holder.close = opened.close;
  });
  afterEach(async () => {
    await holder.close?.();
    holder.close = null;
  });
  return holder;
}

/** Gives every test of a suite a fresh, empty store from the fixture, closed after it. */
export function freshStoreEach(fixture: StoreFixture): { readonly store: Store } {
  const fresh = freshPortEach({
    async open() {
      const opened = await fixture.open();
      return { port: opened.store, close: opened.close };
    },
  });
  return {
    get store() {
      return fresh.port;
    },
  };
}
