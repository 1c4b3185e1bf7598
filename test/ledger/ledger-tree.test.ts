import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, IntegrityError } from '../../src/errors.ts';
import { checkpointProblem, signedMessage } from '../../src/ledger/checkpoint.ts';
import {
  ensureLedgerKey,
  keyPermissionProblem,
  loadLedgerKey,
  verifySignature,
} from '../../src/ledger/keys.ts';
import {
  createCheckpoint,
  proveConsistency,
  proveInclusion,
  storedRoot,
  TILE_LEVEL,
} from '../../src/ledger/ledger-tree.ts';
import { MemoryTree } from '../../src/ledger/memory-tree.ts';
import {
  consistencyProof,
  inclusionProof,
  rootAt,
  verifyConsistency,
  verifyInclusion,
} from '../../src/ledger/merkle.ts';
import type { Store } from '../../src/ports/store.ts';
import { freshStoreEach } from '../contracts/open-each.ts';
import { tempDir } from '../support/cli.ts';
import { storeFixtures } from '../support/stores.ts';

const clock = { now: () => new Date('2025-03-10T08:00:00.000Z') };

async function appendEntries(store: Store, from: number, to: number): Promise<void> {
  await store.atomically(async (tx) => {
    for (let i = from; i < to; i++) {
      await tx.ledger.append({
        kind: 'report.ingested',
        subject: `rep-${i}`,
        actor: 'bench',
        at: '2025-03-10T08:00:00.000Z',
        record: { i },
      });
    }
  });
}

async function memoryTreeOf(store: Store): Promise<MemoryTree> {
  const size = await store.ledger.size();
  const entries = await store.ledger.range(1, size);
  return MemoryTree.of(entries.map((e) => Buffer.from(e.leafHash, 'hex')));
}

function keyIn(dir: string) {
  const keys = join(dir, 'keys');
  ensureLedgerKey(keys);
  return { keys, key: loadLedgerKey(keys) };
}

describe.each(storeFixtures())('the transparency log over the $name store', (fixture) => {
  const s = freshStoreEach(fixture);
  const deps = () => ({ ledger: s.store.ledger, ledgerTree: s.store.ledgerTree });

  it('gives from the stored subtree cache the same roots and proofs as the whole tree in memory', async () => {
    // Across many tiles and several cached levels, so cached and recomputed subtrees both take part.
    const size = 2 ** TILE_LEVEL * 40 + 7;
    await appendEntries(s.store, 0, size);
    const tree = await memoryTreeOf(s.store);
    for (const n of [1, 2, 15, 16, 17, 255, 256, 257, 512, 600, size]) {
      expect((await storedRoot(deps(), n)).toString('hex')).toBe(rootAt(tree, n).toString('hex'));
    }
    for (const [seq, n] of [
      [1, size],
      [16, size],
      [257, 600],
      [size, size],
      [600, 600],
      [333, 513],
    ] as const) {
      const answer = await proveInclusion(deps(), seq, n);
      expect(answer.proof).toEqual(inclusionProof(tree, seq - 1, n).map((p) => p.toString('hex')));
      expect(
        verifyInclusion(
          Buffer.from(answer.entry.leafHash, 'hex'),
          answer.index,
          n,
          answer.proof.map((p) => Buffer.from(p, 'hex')),
          rootAt(tree, n),
        ),
      ).toBe(true);
    }
    const c = await proveConsistency(deps(), 300, size);
    expect(c.proof).toEqual(consistencyProof(tree, 300, size).map((p) => p.toString('hex')));
    expect(
      verifyConsistency(
        300,
        size,
        Buffer.from(c.firstRoot, 'hex'),
        Buffer.from(c.secondRoot, 'hex'),
        c.proof.map((p) => Buffer.from(p, 'hex')),
      ),
    ).toBe(true);
    expect(await s.store.ledgerTree.levelCount(TILE_LEVEL)).toBe(40);
  });

  it('keeps the cache right as the log grows between proofs', async () => {
    await appendEntries(s.store, 0, 300);
    await storedRoot(deps(), 300);
    await appendEntries(s.store, 300, 1100);
    const tree = await memoryTreeOf(s.store);
    expect((await storedRoot(deps(), 1100)).toString('hex')).toBe(rootAt(tree, 1100).toString('hex'));
    expect(await s.store.ledgerTree.levelCount(TILE_LEVEL)).toBe(Math.floor(1100 / 2 ** TILE_LEVEL));
    expect(await s.store.ledgerTree.levelCount(TILE_LEVEL + 2)).toBe(
      Math.floor(1100 / 2 ** (TILE_LEVEL + 2)),
    );
  });

  it('signs checkpoints that verify with the key they carry, and refuses to sign over a rewritten log', async () => {
    const { key } = keyIn(tempDir());
    await appendEntries(s.store, 0, 10);
    const first = await createCheckpoint({ ...deps(), key, clock });
    expect(first).toMatchObject({ size: 10, keyId: key.keyId, origin: `vigil/${key.keyId}` });
    expect(checkpointProblem(first)).toBeNull();
    expect(verifySignature(first.publicKey, signedMessage(first), first.signature)).toBe(true);
    expect(checkpointProblem({ ...first, size: 11 })).toBe('its signature does not verify');
    await appendEntries(s.store, 10, 12);
    const second = await createCheckpoint({ ...deps(), key, clock });
    expect(second.size).toBe(12);

    // Someone rewrites history: the next signature must not bless it.
    await s.store.ledgerTree.clearNodes();
    await s.store.ledgerTree.recordCheckpoint({ ...second, root: 'ab'.repeat(32) });
    await expect(createCheckpoint({ ...deps(), key, clock })).rejects.toThrow(IntegrityError);
  });

  it('refuses proofs outside the log with a clear message', async () => {
    await appendEntries(s.store, 0, 5);
    await expect(proveInclusion(deps(), 6)).rejects.toThrow(/no ledger entry #6 \(the ledger has 5\)/);
    await expect(proveInclusion(deps(), 3, 2)).rejects.toThrow(/--size must be between 3 and 5/);
    await expect(proveConsistency(deps(), 4, 9)).rejects.toThrow(/OLD <= NEW <= 5/);
  });
});

describe('the ledger signing key', () => {
  it('is created once, owner-only, and refused when others can read it', () => {
    const dir = join(tempDir(), 'v.keys');
    expect(ensureLedgerKey(dir)).toBe(true);
    expect(ensureLedgerKey(dir)).toBe(false);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'ledger-ed25519.pem')).mode & 0o777).toBe(0o600);
    const key = loadLedgerKey(dir);
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(keyPermissionProblem(dir)).toBeNull();
    chmodSync(join(dir, 'ledger-ed25519.pem'), 0o644);
    expect(keyPermissionProblem(dir)).toMatch(/accessible to others \(mode 644\); run chmod 600/);
    expect(() => loadLedgerKey(dir)).toThrow(ConfigError);
  });

  it('is refused when it is not an Ed25519 key', () => {
    const dir = join(tempDir(), 'v.keys');
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(join(dir, 'ledger-ed25519.pem'), 'not a key', { mode: 0o600 });
    expect(() => loadLedgerKey(dir)).toThrow(/cannot read the ledger signing key/);
  });
});
