import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConflictError, InputError, NotFoundError, UsageError } from '../../src/errors.ts';
import {
  detachClaim,
  mergeIncidents,
  setIncidentField,
  splitIncident,
} from '../../src/pipeline/resolve/review.ts';
import { tempDir } from '../support/cli.ts';
import { ROOT } from '../support/shared.ts';
import { readCase, runCase } from './golden-harness.ts';

const scratch = tempDir('vigil-review-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;

/** The two-events case: a shelling and an abduction in Baniyas, kept apart by the engine. */
async function twoEvents() {
  const { input } = readCase(join(ROOT, 'test', 'golden', 'resolve', 'two-events-one-town'));
  const run = await runCase(input, join(scratch, `review-${n++}.db`));
  const idOf = async (claim: string) => (await run.store.claimLinks.forClaims([claim]))[0]!.incidentId;
  return { run, store: run.store, shelling: await idOf('rep-crm.0'), abduction: await idOf('rep-crm.1') };
}

describe('analysts’ review operations', () => {
  it('merges incidents into the first, records who, when and why, and appends ledger entries', async () => {
    const { run, store, shelling, abduction } = await twoEvents();
    try {
      const before = await store.ledger.size();
      const [merged] = await mergeIncidents(store, {
        ids: [shelling, abduction],
        actor: 'analyst-amal',
        reason: 'one attack',
      });
      expect(merged!.id).toBe(shelling);
      expect([...merged!.claimIds].sort()).toEqual(['rep-crm.0', 'rep-crm.1', 'rep-sahel.0']);
      expect(await store.incidents.get(abduction)).toBeNull();
      const [decision] = await store.decisions.forIncident(shelling);
      expect(decision).toMatchObject({ kind: 'merge', actor: 'analyst-amal', reason: 'one attack' });
      const entries = await store.ledger.range(before + 1, before + 10);
      expect(entries.map((e) => e.kind).sort()).toEqual([
        'decision.recorded',
        'incident.edited',
        'incident.retired',
      ]);
      expect(entries.every((e) => e.actor === 'analyst-amal')).toBe(true);
    } finally {
      await run.close();
    }
  });

  it('refuses an edit made on a stale version, and changes nothing', async () => {
    const { run, store, shelling, abduction } = await twoEvents();
    try {
      const current = (await store.incidents.get(abduction))!;
      await expect(
        setIncidentField(store, {
          id: abduction,
          field: 'grade',
          value: 'discounted',
          actor: 'a',
          reason: 'r',
          expectedVersion: current.version + 1,
        }),
      ).rejects.toBeInstanceOf(ConflictError);
      await expect(
        mergeIncidents(store, {
          ids: [shelling, abduction],
          actor: 'a',
          reason: 'r',
          expectedVersions: { [abduction]: 99 },
        }),
      ).rejects.toBeInstanceOf(ConflictError);
      expect(await store.incidents.get(abduction)).toEqual(current);
      expect(await store.decisions.forIncident(abduction)).toEqual([]);
    } finally {
      await run.close();
    }
  });

  it('names what it cannot find, and what makes no sense', async () => {
    const { run, store, shelling, abduction } = await twoEvents();
    try {
      await expect(
        splitIncident(store, { id: 'inc-nope', claimGroups: [['x']], actor: 'a', reason: 'r' }),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        detachClaim(store, { incidentId: abduction, claimId: 'rep-crm.0', actor: 'a', reason: 'r' }),
      ).rejects.toThrow(/not in incident/);
      await expect(
        detachClaim(store, { incidentId: shelling, claimId: 'rep-crm.0', actor: 'a', reason: 'r' }),
      ).rejects.toBeInstanceOf(UsageError);
      await expect(
        setIncidentField(store, { id: shelling, field: 'grade', value: 'great', actor: 'a', reason: 'r' }),
      ).rejects.toBeInstanceOf(InputError);
      await expect(
        mergeIncidents(store, { ids: [shelling, abduction], actor: 'a', reason: ' ' }),
      ).rejects.toThrow(/reason/);
    } finally {
      await run.close();
    }
  });

  it('lets an analyst’s grade win, with the reason shown beside the computed one', async () => {
    const { run, store, abduction } = await twoEvents();
    try {
      const [edited] = await setIncidentField(store, {
        id: abduction,
        field: 'grade',
        value: 'discounted',
        actor: 'analyst-amal',
        reason: 'the men came home the next day',
      });
      expect(edited!.grade).toBe('discounted');
      expect(edited!.gradeReason).toMatch(
        /^discounted: set by analyst-amal on \d{4}-\d{2}-\d{2} — the men came home/,
      );
      expect(edited!.gradeReason).toContain('computed: fair');
    } finally {
      await run.close();
    }
  });

  it('splits an incident, the group holding its first claim keeping its id', async () => {
    const { run, store, abduction } = await twoEvents();
    try {
      const parts = await splitIncident(store, {
        id: abduction,
        claimGroups: [['rep-sahel.0']],
        actor: 'a',
        reason: 'two abductions',
      });
      expect(parts.map((p) => p.claimIds.join(',')).sort()).toEqual(['rep-crm.1', 'rep-sahel.0']);
      expect(parts.find((p) => p.id === abduction)!.claimIds).toEqual(['rep-crm.1']);
      expect(parts.every((p) => p.independence === 1 && p.grade === 'weak')).toBe(true);
    } finally {
      await run.close();
    }
  });
});
