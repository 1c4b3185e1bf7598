import { afterEach, beforeEach } from 'vitest';
import type { Store } from '../../src/ports/store.ts';
import type { StoreFixture } from '../support/stores.ts';

/** Gives every test of a suite a fresh, empty store from the fixture, closed after it. */
export function freshStoreEach(fixture: StoreFixture): { readonly store: Store } {
  const holder: { store: Store; close: (() => Promise<void>) | null } = {
    store: undefined as unknown as Store,
    close: null,
  };
  beforeEach(async () => {
    const opened = await fixture.open();
    holder.store = opened.store;
    holder.close = opened.close;
  });
  afterEach(async () => {
    await holder.close?.();
    holder.close = null;
  });
  return holder;
}
