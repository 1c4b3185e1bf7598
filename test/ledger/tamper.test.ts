import { generateKeyPairSync, sign } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addEvidence, expectEvidence, linkEvidence, recordCustody } from '../../src/evidence/vault.ts';
import { publishable, signCheckpoint } from '../../src/ledger/checkpoint.ts';
import { keyIdOf, loadLedgerKey } from '../../src/ledger/keys.ts';
import { createCheckpoint } from '../../src/ledger/ledger-tree.ts';
import { type Finding, runVerify } from '../../src/ledger/verify.ts';
import { freshApp, sceneJpeg, someIncident } from '../evidence/fixtures.ts';
import { runCli } from '../support/cli.ts';

let ctx: Awaited<ReturnType<typeof freshApp>>;
let raw: Database.Database;
let incident: string;
let evidence: { id: string; sha256: string }[];

/** A small but complete record: reports, claims, incidents, evidence, custody, pending, a checkpoint. */
beforeEach(async () => {
  ctx = await freshApp();
  const { app, dir } = ctx;
  incident = await someIncident(app, dir, 'shelling of Baniyas');
  await someIncident(app, dir, 'an air strike on a bakery in Jableh');
  evidence = [];
  for (const seed of [11, 12]) {
    const file = join(dir, `p${seed}.jpg`);
    writeFileSync(file, await sceneJpeg(seed));
    const { item } = await addEvidence(app.evidence, {
      path: file,
      fileName: `p${seed}.jpg`,
      actor: 'collector',
    });
    evidence.push(item);
  }
  await linkEvidence(app.evidence, { evidenceId: evidence[0]!.id, incidentId: incident, actor: 'analyst' });
  await recordCustody(app.evidence, {
    evidenceId: evidence[0]!.id,
    action: 'view',
    actor: 'reviewer',
    reason: 'triage',
  });
  await expectEvidence(app.evidence, {
    incidentId: incident,
    described: 'video',
    heldBy: 'a resident',
    actor: 'analyst',
  });
  await checkpoint();
  raw = new Database(ctx.db);
});

afterEach(async () => {
  raw.close();
  await ctx.close();
});

const treeDeps = () => ({ ledger: ctx.app.store.ledger, ledgerTree: ctx.app.store.ledgerTree });
const checkpoint = () =>
  createCheckpoint({ ...treeDeps(), key: loadLedgerKey(ctx.app.keysDir), clock: ctx.app.clock });
const verify = (since?: ReturnType<typeof publishable>) =>
  runVerify(
    { store: ctx.app.store, blobs: ctx.app.blobs, vault: ctx.app.evidence.vault, keysDir: ctx.app.keysDir },
    { since },
  );
const said = (failures: Finding[]) => failures.map((f) => `${f.where}: ${f.what}`).join('\n');

/** Flips a byte of an original where it is kept: in the database (small ones) or its file. */
function flipOriginal(sha256: string, at: number): void {
  const held = raw.prepare('SELECT bytes FROM held_originals WHERE sha256 = ?').get(sha256) as
    | { bytes: Buffer }
    | undefined;
  if (!held) {
    flipByte(ctx.app.blobs.pathOf(sha256), at);
    return;
  }
  held.bytes[at % held.bytes.length]! ^= 0x20;
  raw.prepare('UPDATE held_originals SET bytes = ? WHERE sha256 = ?').run(held.bytes, sha256);
}

function flipByte(path: string, at: number): void {
  chmodSync(path, 0o644);
  const bytes = readFileSync(path);
  bytes[at % bytes.length]! ^= 0x20;
  writeFileSync(path, bytes);
  chmodSync(path, 0o444);
}

describe('vigil verify', () => {
  it('passes an untouched store', async () => {
    const report = await verify();
    expect(said(report.failures)).toBe('');
    expect(report.ok).toBe(true);
    expect(report.counts.evidenceFiles).toBe(2);
    expect(report.counts.checkpoints).toBe(1);
  });

  it('names an original report blob with one flipped byte', async () => {
    const sha = (raw.prepare('SELECT sha256 FROM originals LIMIT 1').get() as { sha256: string }).sha256;
    flipOriginal(sha, 40);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.failures).toContainEqual(
      expect.objectContaining({
        area: 'blob',
        where: expect.stringContaining(sha),
        what: expect.stringContaining('altered'),
      }),
    );
  });

  it('names an evidentiary copy with one flipped byte, and one made writable', async () => {
    flipByte(ctx.app.evidence.vault.pathOf(evidence[1]!.sha256), 300);
    chmodSync(ctx.app.evidence.vault.pathOf(evidence[0]!.sha256), 0o644);
    const report = await verify();
    expect(report.failures).toContainEqual(
      expect.objectContaining({ area: 'evidence-file', where: expect.stringContaining(evidence[1]!.id) }),
    );
    expect(report.failures).toContainEqual(
      expect.objectContaining({
        where: expect.stringContaining(evidence[0]!.id),
        what: expect.stringContaining('read-only'),
      }),
    );
  });

  it('names a claim whose row was deleted', async () => {
    const claim = (raw.prepare('SELECT id FROM claims ORDER BY id LIMIT 1').get() as { id: string }).id;
    raw.prepare('DELETE FROM claims WHERE id = ?').run(claim);
    const report = await verify();
    expect(report.failures).toContainEqual(
      expect.objectContaining({
        where: `claim ${claim}`,
        what: expect.stringContaining('missing from the store'),
      }),
    );
  });

  it('names an incident edited directly in the database, in its body or in a query column', async () => {
    const body = (raw.prepare('SELECT body FROM incidents WHERE id = ?').get(incident) as { body: string })
      .body;
    raw
      .prepare("UPDATE incidents SET body = json_set(body, '$.gradeReason', 'edited by hand') WHERE id = ?")
      .run(incident);
    let report = await verify();
    expect(report.failures).toContainEqual(
      expect.objectContaining({
        where: `incident ${incident}`,
        what: expect.stringContaining('differs from what ledger entry'),
      }),
    );
    raw.prepare('UPDATE incidents SET body = ? WHERE id = ?').run(body, incident);
    expect((await verify()).ok).toBe(true);
    raw.prepare("UPDATE incidents SET grade = 'confirmed' WHERE id = ?").run(incident);
    report = await verify();
    expect(report.failures).toContainEqual(
      expect.objectContaining({
        where: `incident ${incident}`,
        what: expect.stringContaining('column grade'),
      }),
    );
  });

  it('names a removed ledger entry', async () => {
    raw.prepare('DELETE FROM ledger WHERE seq = 5').run();
    const report = await verify();
    expect(report.failures).toContainEqual(
      expect.objectContaining({
        area: 'ledger',
        where: 'ledger entry #5',
        what: expect.stringContaining('missing'),
      }),
    );
    expect(report.failures.some((f) => f.area === 'checkpoint' && /removed|reordered/.test(f.what))).toBe(
      true,
    );
  });

  it('names two ledger entries put in each other’s place', async () => {
    const rows = raw.prepare('SELECT * FROM ledger WHERE seq IN (2, 3) ORDER BY seq').all() as Record<
      string,
      unknown
    >[];
    const swap = raw.prepare(
      'UPDATE ledger SET kind = ?, subject = ?, digest = ?, actor = ?, at = ?, leaf_hash = ? WHERE seq = ?',
    );
    raw.transaction(() => {
      for (const [row, seq] of [
        [rows[1]!, 2],
        [rows[0]!, 3],
      ] as const) {
        swap.run(row.kind, row.subject, row.digest, row.actor, row.at, row.leaf_hash, seq);
      }
    })();
    const report = await verify();
    expect(report.failures).toContainEqual(
      expect.objectContaining({ area: 'checkpoint', what: expect.stringContaining('reordered') }),
    );
  });

  it('names a custody chain re-ordered behind the ledger', async () => {
    const rows = raw
      .prepare('SELECT position, id FROM custody_events WHERE evidence_id = ? ORDER BY position')
      .all(evidence[0]!.id) as { position: number; id: string }[];
    const [a, b] = [rows[0]!, rows.at(-1)!];
    raw.transaction(() => {
      raw.prepare('UPDATE custody_events SET position = -1 WHERE position = ?').run(a.position);
      raw.prepare('UPDATE custody_events SET position = ? WHERE position = ?').run(a.position, b.position);
      raw.prepare('UPDATE custody_events SET position = ? WHERE position = -1').run(b.position);
    })();
    const report = await verify();
    expect(report.failures).toContainEqual(
      expect.objectContaining({
        where: `custody chain of evidence ${evidence[0]!.id}`,
        what: expect.stringContaining('out of the order'),
      }),
    );
  });

  it('names a checkpoint swapped for one signed by another key, and a forged signature', async () => {
    const stored = (await ctx.app.store.ledgerTree.checkpoints())[0]!;
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const der = publicKey.export({ format: 'der', type: 'spki' });
    const forged = signCheckpoint(
      { keyId: keyIdOf(der), publicKey: der.toString('base64'), sign: (m) => sign(null, m, privateKey) },
      stored.size,
      stored.root,
      stored.time,
    );
    raw
      .prepare(
        'UPDATE ledger_checkpoints SET origin = ?, key_id = ?, public_key = ?, signature = ? WHERE id = ?',
      )
      .run(forged.origin, forged.keyId, forged.publicKey, forged.signature, stored.id);
    let report = await verify();
    expect(report.failures).toContainEqual(
      expect.objectContaining({
        area: 'checkpoint',
        where: expect.stringContaining(`checkpoint #${stored.id}`),
        what: expect.stringContaining(`signed by key ${forged.keyId}, not this log's key ${stored.keyId}`),
      }),
    );
    const bent = Buffer.from(stored.signature, 'base64');
    bent[10]! ^= 1;
    raw
      .prepare(
        'UPDATE ledger_checkpoints SET origin = ?, key_id = ?, public_key = ?, signature = ? WHERE id = ?',
      )
      .run(stored.origin, stored.keyId, stored.publicKey, bent.toString('base64'), stored.id);
    report = await verify();
    expect(report.failures).toContainEqual(
      expect.objectContaining({ area: 'checkpoint', what: 'its signature does not verify' }),
    );
  });

  it('proves a truncated and re-signed log shrank, against the checkpoint published before', async () => {
    const published = publishable((await ctx.app.store.ledgerTree.checkpoints())[0]!);
    // The forger drops the last three entries, forgets every checkpoint, and signs afresh
    // with the log's own key: the store alone now looks consistent.
    const size = published.size;
    raw.prepare('DELETE FROM ledger WHERE seq > ?').run(size - 3);
    raw.prepare('DELETE FROM ledger_checkpoints').run();
    raw.prepare('DELETE FROM ledger_nodes').run();
    raw.prepare('DELETE FROM pending_evidence').run();
    raw.prepare('DELETE FROM custody_events WHERE action = ?').run('view');
    raw.prepare('DELETE FROM ledger WHERE seq > ?').run(size - 3);
    await checkpoint();
    const report = await verify(published);
    expect(report.failures).toContainEqual(
      expect.objectContaining({ area: 'since', what: expect.stringContaining('it was truncated') }),
    );
  });

  it('proves a log rewritten to the same length is no extension of the published checkpoint', async () => {
    const published = publishable((await ctx.app.store.ledgerTree.checkpoints())[0]!);
    raw.prepare("UPDATE ledger SET actor = 'someone else' WHERE seq = 1").run();
    raw.prepare('DELETE FROM ledger_checkpoints').run();
    raw.prepare('DELETE FROM ledger_nodes').run();
    const report = await verify(published);
    expect(report.failures).toContainEqual(
      expect.objectContaining({ area: 'since', what: expect.stringContaining('not an extension') }),
    );
    expect(report.failures).toContainEqual(
      expect.objectContaining({ area: 'ledger', where: expect.stringContaining('#1') }),
    );
  });

  it('reports the log only grew since a published checkpoint, and exits 6 naming a failure on the CLI', async () => {
    const published = publishable((await ctx.app.store.ledgerTree.checkpoints())[0]!);
    await recordCustody(ctx.app.evidence, { evidenceId: evidence[1]!.id, action: 'view', actor: 'reviewer' });
    const file = join(ctx.dir, 'published.json');
    writeFileSync(file, JSON.stringify(published));
    const good = await runCli(['--db', ctx.db, 'verify', '--since', file]);
    expect(good.stdout).toContain('only grew');
    expect(good.code).toBe(0);

    const claim = (raw.prepare('SELECT id FROM claims ORDER BY id LIMIT 1').get() as { id: string }).id;
    raw.prepare('DELETE FROM claims WHERE id = ?').run(claim);
    const bad = await runCli(['--db', ctx.db, 'verify']);
    expect(bad.code).toBe(6);
    expect(bad.stdout).toContain(`FAIL  claim ${claim}:`);
  });

  it('detects every one of 120 random single-byte changes to the stored records and files', async () => {
    // A forger edits the file with no regard for foreign keys.
    raw.pragma('foreign_keys = OFF');
    const targets = mutationTargets();
    // mulberry32, seeded: the same 120 changes on every run.
    let rng = Number(process.env.VIGIL_MUTATION_SEED ?? 20250307);
    const random = (n: number) => {
      rng = (rng + 0x6d2b79f5) | 0;
      let t = Math.imul(rng ^ (rng >>> 15), 1 | rng);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
    };
    const missed: string[] = [];
    const hit = new Set<string>();
    let done = 0;
    let guard = 0;
    // Each change picks a kind of target first (files, or one table), then one target of it,
    // so that small tables are reached as often as the large ones.
    const byKind = new Map<string, Target[]>();
    for (const t of targets) {
      const key = t.kind === 'cell' ? t.table : t.kind;
      byKind.set(key, [...(byKind.get(key) ?? []), t]);
    }
    const groups = [...byKind.values()];
    while (done < 120 && guard++ < 2000) {
      const group = groups[random(groups.length)]!;
      const target = group[random(group.length)]!;
      const undo =
        target.kind === 'file'
          ? mutateFile(target.path, random)
          : target.kind === 'held'
            ? mutateHeld(target.sha256, random)
            : mutateCell(target, random);
      if (!undo) continue;
      done++;
      hit.add(target.kind === 'cell' ? target.table : target.kind);
      const report = await verify();
      if (report.ok) missed.push(undo.describe);
      undo.restore();
    }
    expect(done).toBe(120);
    expect(missed).toEqual([]);
    // The changes reached files and most kinds of row, not just one table.
    expect(hit.has('file')).toBe(true);
    expect(hit.size).toBe(groups.length);
    expect((await verify()).ok).toBe(true);
  });
});

type Target =
  | { kind: 'file'; path: string }
  | { kind: 'held'; sha256: string }
  | { kind: 'cell'; table: string; column: string; rowid: number };

/** Every blob and every cell of every table that holds part of the record. */
function mutationTargets(): Target[] {
  const targets: Target[] = [];
  const held = raw.prepare('SELECT 1 FROM held_originals WHERE sha256 = ?');
  for (const { sha256 } of raw.prepare('SELECT sha256 FROM originals').all() as { sha256: string }[]) {
    targets.push(
      held.get(sha256) ? { kind: 'held', sha256 } : { kind: 'file', path: ctx.app.blobs.pathOf(sha256) },
    );
  }
  for (const { sha256 } of raw.prepare('SELECT sha256 FROM evidence').all() as { sha256: string }[]) {
    targets.push({ kind: 'file', path: ctx.app.evidence.vault.pathOf(sha256) });
  }
  for (const { sha256 } of raw.prepare('SELECT sha256 FROM working_copies').all() as { sha256: string }[]) {
    targets.push({ kind: 'file', path: ctx.app.evidence.vault.workingPathOf(sha256) });
  }
  // Row numbers that only order rows (a checkpoint's id, a custody event's position) are part
  // of no record: the order they give is checked (see the custody-order test), their values not.
  const skip: Record<string, string[]> = { ledger_checkpoints: ['id'], custody_events: ['position'] };
  for (const table of [
    'reports',
    'claims',
    'incidents',
    'incident_claims',
    'evidence',
    'evidence_fingerprints',
    'working_copies',
    'evidence_links',
    'custody_events',
    'pending_evidence',
    'ledger',
    'ledger_checkpoints',
  ]) {
    const columns = (raw.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[])
      .map((c) => c.name)
      .filter((c) => !(skip[table] ?? []).includes(c));
    for (const row of raw.prepare(`SELECT rowid AS r, * FROM ${table}`).all() as Record<string, unknown>[]) {
      for (const column of columns) {
        if (row[column] !== null && String(row[column]).length > 0) {
          targets.push({ kind: 'cell', table, column, rowid: Number(row.r) });
        }
      }
    }
  }
  return targets;
}

function mutateHeld(sha256: string, random: (n: number) => number) {
  const { bytes } = raw.prepare('SELECT bytes FROM held_originals WHERE sha256 = ?').get(sha256) as {
    bytes: Buffer;
  };
  const at = random(bytes.length);
  const changed = Buffer.from(bytes);
  changed[at]! ^= 1 + random(255);
  const put = raw.prepare('UPDATE held_originals SET bytes = ? WHERE sha256 = ?');
  put.run(changed, sha256);
  return {
    describe: `byte ${at} of the held original ${sha256}`,
    restore: () => put.run(bytes, sha256),
  };
}

function mutateFile(path: string, random: (n: number) => number) {
  const original = readFileSync(path);
  const at = random(original.length);
  const changed = Buffer.from(original);
  changed[at]! ^= 1 + random(255);
  chmodSync(path, 0o644);
  writeFileSync(path, changed);
  chmodSync(path, 0o444);
  return {
    describe: `byte ${at} of ${path}`,
    restore() {
      chmodSync(path, 0o644);
      writeFileSync(path, original);
      chmodSync(path, 0o444);
    },
  };
}

function mutateCell(target: Extract<Target, { kind: 'cell' }>, random: (n: number) => number) {
  const { table, column, rowid } = target;
  const value = (
    raw.prepare(`SELECT ${column} AS v FROM ${table} WHERE rowid = ?`).get(rowid) as { v: unknown }
  ).v;
  const text = String(value);
  const at = random(text.length);
  let replacement: string;
  if (typeof value === 'number' || /[0-9]/.test(text[at]!)) {
    // Digits stay digits, so a number stays a number of its column's type.
    if (!/[0-9]/.test(text[at]!)) return null;
    replacement = String((Number(text[at]) + 1 + random(9)) % 10);
  } else {
    const pool = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,-_:';
    replacement = pool[random(pool.length)]!;
    if (replacement === text[at]) return null;
  }
  const changed = `${text.slice(0, at)}${replacement}${text.slice(at + 1)}`;
  const next = typeof value === 'number' ? Number(changed) : changed;
  try {
    raw.prepare(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`).run(next, rowid);
  } catch {
    return null; // a key collision: choose another change
  }
  // An INTEGER PRIMARY KEY is the rowid itself: the row now lives under the new value.
  const isRowid = (
    raw.prepare(`PRAGMA table_info(${table})`).all() as { name: string; pk: number; type: string }[]
  ).some((c) => c.name === column && c.pk === 1 && c.type.toUpperCase() === 'INTEGER');
  const now = isRowid ? Number(next) : rowid;
  return {
    describe: `${table}.${column} of row ${rowid}: ${JSON.stringify(text.slice(Math.max(0, at - 10), at + 10))} → ${JSON.stringify(replacement)}`,
    restore() {
      raw.prepare(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`).run(value, now);
    },
  };
}
