import { describe, expect, it } from 'vitest';
import type { CustodyEvent, EvidenceItem, PendingEvidence } from '../../src/domain/index.ts';
import { recordDigest } from '../../src/ledger/canonical.ts';
import { familyOf } from '../../src/ledger/verify-records.ts';
import type { AuditedRecord } from '../../src/ports/record-audit.ts';
import { freshStoreEach } from '../contracts/open-each.ts';
import { storeFixtures } from '../support/stores.ts';
import { recordIncident } from './fixtures.ts';

const sha = (c: string) => c.repeat(64);
const item = (c: string, extra: Partial<EvidenceItem> = {}): EvidenceItem => ({
  id: `evi-${c}`,
  sha256: sha(c),
  md5: c.repeat(32),
  size: 5_000_000_000,
  mediaType: 'video/mp4',
  fileName: `clip ${c}.mp4`,
  addedAt: '2025-03-10T08:00:00.000Z',
  metadata: {
    collectedBy: 'Field team 2',
    media: { duration: 40.2, streams: [{ type: 'video' }] },
    perceptual: { dhash: ['00ff00ff00ff00ff'], phash: ['0f0f0f0f0f0f0f0f'] },
  },
  ...extra,
});
const event = (id: string, evidenceId: string, action: CustodyEvent['action']): CustodyEvent => ({
  id,
  evidenceId,
  action,
  actor: 'analyst',
  at: '2025-03-10T09:00:00.000Z',
  reason: action === 'view' ? null : 'why not',
  detail: action === 'transfer' ? { to: 'Fictional Legal Team', nested: { n: 1 } } : null,
});

async function collect(records: AsyncIterable<AuditedRecord>): Promise<AuditedRecord[]> {
  const out: AuditedRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
}

describe.each(storeFixtures())('the evidence stores on $name', (fixture) => {
  const s = freshStoreEach(fixture);

  it('records an item once and reads it back exactly, large sizes included', async () => {
    const a = item('a', { sensitivity: { paths: ['metadata.collectedBy'], terms: [] } });
    await s.store.evidence.record(a, [
      { evidenceId: a.id, kind: 'dhash', frame: 0, hash: '00ff00ff00ff00ff' },
      { evidenceId: a.id, kind: 'phash', frame: 0, hash: '0f0f0f0f0f0f0f0f' },
    ]);
    expect(await s.store.evidence.get(a.id)).toEqual(a);
    expect(await s.store.evidence.findBySha256(a.sha256)).toEqual(a);
    expect(await s.store.evidence.count()).toBe(1);
    expect((await s.store.evidence.fingerprints()).map((f) => f.kind)).toEqual(['dhash', 'phash']);
    await expect(s.store.evidence.record({ ...a, id: 'evi-other' }, [])).rejects.toThrow();
  });

  it('keeps custody chains in the order events were recorded', async () => {
    await s.store.evidence.record(item('b'), []);
    for (const [id, action] of [
      ['cus-3', 'add'],
      ['cus-1', 'view'],
      ['cus-2', 'transfer'],
    ] as const) {
      await s.store.custody.record(event(id, 'evi-b', action));
    }
    const chain = await s.store.custody.chain('evi-b');
    expect(chain.map((e) => e.id)).toEqual(['cus-3', 'cus-1', 'cus-2']);
    expect(chain[2]).toEqual(event('cus-2', 'evi-b', 'transfer'));
  });

  it('links an item to an incident once, and fulfils pending evidence', async () => {
    const incident = await recordIncident(s.store, 'shelling of Baniyas', { sha256: sha('1'), size: 10 });
    await s.store.evidence.record(item('c'), []);
    const link = {
      id: 'lnk-1',
      evidenceId: 'evi-c',
      incidentId: incident,
      linkedAt: '2025-03-10T10:00:00.000Z',
      linkedBy: 'analyst',
      pendingId: null,
    };
    expect(await s.store.evidence.link(link)).toBe(true);
    expect(await s.store.evidence.link({ ...link, id: 'lnk-2' })).toBe(false);
    expect((await s.store.evidence.forIncident(incident)).map((i) => i.id)).toEqual(['evi-c']);
    const pending: PendingEvidence = {
      id: 'pen-1',
      incidentId: incident,
      described: 'video',
      heldBy: 'a resident',
      recordedAt: '2025-03-10T08:00:00.000Z',
      evidenceId: null,
    };
    await s.store.pendingEvidence.record(pending);
    expect(await s.store.pendingEvidence.forIncident(incident)).toEqual([pending]);
    expect(await s.store.pendingEvidence.fulfil('pen-1', 'evi-c')).toEqual({
      ...pending,
      evidenceId: 'evi-c',
    });
    expect(await s.store.pendingEvidence.forIncident(incident)).toEqual([]);
    expect(await s.store.pendingEvidence.forIncident(incident, { includeFulfilled: true })).toHaveLength(1);
  });

  it('reads every ledgered record back for verification with the digest it was logged with', async () => {
    await recordIncident(s.store, 'an air strike on Jableh', { sha256: sha('2'), size: 10 });
    const a = item('d');
    await s.store.atomically(async (tx) => {
      await tx.evidence.record(a, [
        { evidenceId: a.id, kind: 'dhash', frame: 0, hash: '00ff00ff00ff00ff' },
        { evidenceId: a.id, kind: 'phash', frame: 0, hash: '0f0f0f0f0f0f0f0f' },
      ]);
      await tx.ledger.append({ kind: 'evidence.added', subject: a.id, actor: 'x', at: a.addedAt, record: a });
      const e = event('cus-9', a.id, 'transfer');
      await tx.custody.record(e);
      await tx.ledger.append({ kind: 'custody.recorded', subject: e.id, actor: 'x', at: e.at, record: e });
    });
    const logged = new Map<string, string>();
    const size = await s.store.ledger.size();
    for (const e of await s.store.ledger.range(1, size))
      logged.set(`${familyOf(e.kind)} ${e.subject}`, e.digest);
    let seen = 0;
    for (const family of s.store.recordAudit.families()) {
      for (const r of await collect(s.store.recordAudit.records(family))) {
        seen++;
        expect(r.problems, `${family} ${r.subject}`).toEqual([]);
        expect(recordDigest(r.record), `${family} ${r.subject}`).toBe(logged.get(`${family} ${r.subject}`));
      }
    }
    expect(seen).toBe(logged.size);
  });

  it('finds every ledger entry about given subjects, in order', async () => {
    for (const subject of ['x', 'y', 'x']) {
      await s.store.ledger.append({
        kind: 'custody.recorded',
        subject,
        actor: 'a',
        at: '2025-03-10T08:00:00.000Z',
        record: {},
      });
    }
    const about = await s.store.ledgerTree.entriesAbout(['x']);
    expect(about.map((e) => e.seq)).toEqual([1, 3]);
  });
});
