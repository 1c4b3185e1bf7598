import { createHash } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fsBlobStore } from '../../src/adapters/fs/fs-blob-store.ts';
import type { BlobStore } from '../../src/ports/blob-store.ts';
import type { Store } from '../../src/ports/store.ts';
import { tempDir } from '../support/cli.ts';
import { storeFixtures } from '../support/stores.ts';

/** Small enough to test both sides of it with small buffers. */
const LIMIT = 1024;

interface Opened {
  blobs: BlobStore;
  root: string;
  store: Store | null;
  close(): Promise<void>;
}

interface BlobFixture {
  name: string;
  open(): Promise<Opened>;
}

const files: BlobFixture = {
  name: 'files only',
  async open() {
    const root = tempDir('vigil-blobs-');
    return {
      blobs: fsBlobStore(root),
      root,
      store: null,
      async close() {
        rmSync(root, { recursive: true, force: true });
      },
    };
  },
};

/** Small blobs held in each store adapter (a SQLite BLOB, a PostgreSQL bytea), large as files. */
const held: BlobFixture[] = storeFixtures().map((fixture) => ({
  name: `held in ${fixture.name}, large as files`,
  async open() {
    const opened = await fixture.open();
    const root = tempDir('vigil-blobs-');
    return {
      blobs: fsBlobStore(root, { bytes: opened.store.heldBytes, limit: LIMIT }),
      root,
      store: opened.store,
      async close() {
        await opened.close();
        rmSync(root, { recursive: true, force: true });
      },
    };
  },
}));

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const small = new TextEncoder().encode('Armed men looted shops in Baniyas, residents said.\n');
const large = new Uint8Array(LIMIT * 5).map((_, i) => (i * 31) % 251);

function openEach(fixture: BlobFixture): Opened {
  const holder = {} as Opened;
  beforeEach(async () => {
    Object.assign(holder, await fixture.open());
  });
  afterEach(async () => {
    await holder.close();
  });
  return holder;
}

describe.each([files, ...held])('the blob store, $name', (fixture) => {
  const s = openEach(fixture);

  it('gives small and large bytes their SHA-256 and size, and gives them back unchanged', async () => {
    for (const bytes of [small, large]) {
      const put = await s.blobs.put(bytes);
      expect(put).toEqual({ sha256: sha(bytes), size: bytes.length, existed: false });
      expect(await s.blobs.has(put.sha256)).toBe(true);
      expect(Buffer.compare(await s.blobs.get(put.sha256), bytes)).toBe(0);
      expect(await s.blobs.rehash(put.sha256)).toEqual({ sha256: sha(bytes), size: bytes.length });
    }
  });

  it('says the same bytes handed over twice were already held', async () => {
    for (const bytes of [small, large]) {
      await s.blobs.put(bytes);
      expect(await s.blobs.put(new Uint8Array(bytes))).toEqual({
        sha256: sha(bytes),
        size: bytes.length,
        existed: true,
      });
    }
  });

  it('streams a file in and keeps it as a file a reader can open', async () => {
    const path = join(s.root, 'input.bin');
    writeFileSync(path, large);
    const put = await s.blobs.putFile(path);
    expect(put).toEqual({ sha256: sha(large), size: large.length, existed: false });
    expect(existsSync(s.blobs.pathOf(put.sha256))).toBe(true);
    expect(Buffer.compare(await s.blobs.get(put.sha256), large)).toBe(0);
  });

  it('addresses bytes without keeping them', async () => {
    expect(s.blobs.addressOf(small)).toBe(sha(small));
    expect(await s.blobs.has(sha(small))).toBe(false);
  });

  it('knows nothing of an address it never held, and says so when asked for it', async () => {
    const unknown = sha(new TextEncoder().encode('never stored'));
    expect(await s.blobs.has(unknown)).toBe(false);
    expect(await s.blobs.rehash(unknown)).toBeNull();
    await expect(s.blobs.get(unknown)).rejects.toThrow(unknown);
  });
});

describe.each(held)('the blob store, $name, where each blob lives', (fixture) => {
  const s = openEach(fixture);

  it('holds small bytes in the store, not as files, and keeps large ones as files', async () => {
    expect(s.blobs.holdLimit).toBe(LIMIT);
    const a = await s.blobs.put(small);
    const b = await s.blobs.put(large);
    expect(existsSync(s.blobs.pathOf(a.sha256))).toBe(false);
    expect(await s.store!.heldBytes.has(a.sha256)).toBe(true);
    expect(existsSync(s.blobs.pathOf(b.sha256))).toBe(true);
    expect(await s.store!.heldBytes.has(b.sha256)).toBe(false);
  });

  it('still finds, verifies and never duplicates a small blob kept as a file before holding began', async () => {
    const before = await fsBlobStore(s.root).put(small);
    expect(existsSync(s.blobs.pathOf(before.sha256))).toBe(true);
    expect(await s.blobs.has(before.sha256)).toBe(true);
    expect(Buffer.compare(await s.blobs.get(before.sha256), small)).toBe(0);
    expect(await s.blobs.rehash(before.sha256)).toEqual({ sha256: sha(small), size: small.length });
    expect((await s.blobs.put(small)).existed).toBe(true);
    expect(await s.store!.heldBytes.has(before.sha256)).toBe(false);
  });

  it('holds bytes in a transaction only if it commits', async () => {
    const address = s.blobs.addressOf(small);
    await expect(
      s.store!.atomically(async (tx) => {
        expect(await tx.heldBytes.hold(address, small)).toBe(true);
        throw new Error('the record failed');
      }),
    ).rejects.toThrow('the record failed');
    expect(await s.blobs.has(address)).toBe(false);
    await s.store!.atomically(async (tx) => {
      expect(await tx.heldBytes.hold(address, small)).toBe(true);
      expect(await tx.heldBytes.hold(address, small)).toBe(false);
    });
    expect(Buffer.compare(await s.blobs.get(address), small)).toBe(0);
  });

  it('detects a held blob whose bytes were altered', async () => {
    const other = new TextEncoder().encode('Shelling struck the outskirts of Jableh overnight.\n');
    await s.store!.heldBytes.hold(sha(small), other);
    expect(await s.blobs.rehash(sha(small))).toEqual({ sha256: sha(other), size: other.length });
  });
});
