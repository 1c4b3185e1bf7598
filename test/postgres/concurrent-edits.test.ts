import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Incident } from '../../src/domain/incident.ts';
import { startServer, type TestServer } from '../api/api-support.ts';
import { describePostgres, freshDatabase } from './pg-support.ts';

/**
 * The API's optimistic concurrency on a PostgreSQL store, where (unlike SQLite) two requests'
 * transactions really run at the same time: of two edits made on the same version, one is
 * applied and the other refused with a 409, never both applied and never one silently lost.
 */
describePostgres('concurrent review edits on PostgreSQL', (url) => {
  let team: Awaited<ReturnType<typeof freshDatabase>>;
  let t: TestServer;

  beforeAll(async () => {
    team = await freshDatabase(url);
    t = await startServer({ db: team.url, demoFiles: ['*'] });
  }, 300_000);

  afterAll(async () => {
    await t?.close();
    await team?.drop();
  });

  async function load(id: string): Promise<Incident> {
    const analyst = await t.as('analyst');
    const r = await analyst.get(`/api/incidents/${id}`);
    expect(r.status).toBe(200);
    return r.json().incident ?? r.json();
  }

  it('apply one of two edits made on the same version and refuse the other with a 409', async () => {
    const [amal, basim] = await Promise.all([t.as('analyst'), t.as('analyst')]);
    const list = (await amal.get('/api/incidents?limit=1000')).json();
    const targets: Incident[] = list.items.slice(0, 5);
    expect(targets.length).toBeGreaterThan(2);
    for (const [round, target] of targets.entries()) {
      const before = await load(target.id);
      const ledgerBefore = await t.app.store.ledger.size();
      // Both read the same version, then both send their edit at once.
      const edits = [
        { client: amal, value: 'fair', reason: `round ${round}: two origins now` },
        { client: basim, value: 'contested', reason: `round ${round}: the ministry denies it` },
      ];
      const replies = await Promise.all(
        edits.map((e) =>
          e.client.request('PATCH', `/api/incidents/${target.id}`, {
            json: { field: 'grade', value: e.value, reason: e.reason, expectedVersion: before.version },
          }),
        ),
      );
      const statuses = replies.map((r) => r.status).sort();
      expect(statuses, replies.map((r) => r.text).join('\n')).toEqual([200, 409]);
      const loser = replies.find((r) => r.status === 409)!;
      expect(loser.json().error.message).toMatch(/changed by someone else|changed since you loaded it/);
      expect(loser.json().error.message).toMatch(/reload/);
      // The winner's edit is what the incident now says, one version on.
      const winner = edits[replies.findIndex((r) => r.status === 200)]!;
      const after = await load(target.id);
      expect(after.version).toBe(before.version + 1);
      expect(after.grade).toBe(winner.value);
      expect(after.gradeReason).toContain(winner.reason);
      // Only the winner's decision reached the ledger.
      const added = await t.app.store.ledger.range(ledgerBefore + 1, ledgerBefore + 100);
      expect(added.filter((e) => e.kind === 'decision.recorded')).toHaveLength(1);
      expect(added.filter((e) => e.kind === 'incident.edited' && e.subject === target.id)).toHaveLength(1);
    }
  }, 120_000);

  it('let an analyst who reloads after the 409 make the edit', async () => {
    const analyst = await t.as('analyst');
    const target: Incident = (await analyst.get('/api/incidents?limit=1')).json().items[0];
    const stale = await load(target.id);
    const first = await analyst.request('PATCH', `/api/incidents/${target.id}`, {
      json: { field: 'published', value: true, reason: 'checked', expectedVersion: stale.version },
    });
    expect(first.status).toBe(200);
    const refused = await analyst.request('PATCH', `/api/incidents/${target.id}`, {
      json: { field: 'published', value: false, reason: 'not yet', expectedVersion: stale.version },
    });
    expect(refused.status).toBe(409);
    const fresh = await load(target.id);
    const again = await analyst.request('PATCH', `/api/incidents/${target.id}`, {
      json: { field: 'published', value: false, reason: 'not yet', expectedVersion: fresh.version },
    });
    expect(again.status).toBe(200);
    expect((await load(target.id)).published).toBe(false);
  }, 60_000);
});
