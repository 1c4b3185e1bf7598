import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fsBlobStore } from '../../src/adapters/fs/fs-blob-store.ts';
import { openPostgres, type PostgresHandle } from '../../src/adapters/postgres/open-postgres.ts';
import { noCasualties } from '../../src/domain/casualties.ts';
import type { Claim, Incident, Report } from '../../src/domain/index.ts';
import type { BlobStore } from '../../src/ports/blob-store.ts';
import { ensureJobTables } from '../../src/queue/exactly-once.ts';
import { QUEUES, type QueueName } from '../../src/queue/jobs.ts';
import { type StageHandlers, stageHandlers } from '../../src/queue/stage-handlers.ts';
import { tempDir } from '../support/cli.ts';
import { freshSchema } from '../support/stores.ts';
import { describePostgres } from './pg-support.ts';

/** A small deterministic extractor: one claim per sentence that names a killing. */
async function extract(report: Report): Promise<Claim[]> {
  return report.text
    .split('. ')
    .filter((s) => /killed/.test(s))
    .map((quote, ordinal) => ({
      id: `${report.id}.${ordinal}`,
      reportId: report.id,
      ordinal,
      span: [0, quote.length] as [number, number],
      quote,
      type: 'Violence against civilians' as const,
      subType: 'Attack',
      attribution: { source: report.sourceName, stance: 'reported' as const, modality: false },
      place: null,
      date: null,
      actors: [],
      casualties: noCasualties(),
      fatalitiesAcled: null,
      repeatOf: null,
      salience: 0,
    }));
}

function incidentsOf(claims: Claim[]): Incident[] {
  return claims.map((c) => ({
    id: `inc-${c.id}`,
    type: c.type,
    subType: c.subType,
    place: null,
    date: null,
    casualties: c.casualties,
    grade: 'weak' as const,
    gradeReason: 'weak: a single origin',
    independence: 1,
    claimIds: [c.id],
    published: false,
    version: 1,
    updatedAt: '2025-03-10T00:00:00.000Z',
  }));
}

describePostgres('queue stages on PostgreSQL', (url) => {
  let handle: PostgresHandle;
  let blobs: BlobStore;
  let dir: string;
  let schema: string;
  let sent: { name: QueueName; data: Record<string, unknown>; priority: number }[];
  let resolving = 0;
  let mostAtOnce = 0;
  /** Reports in the order the lane resolved them. */
  let resolvedReports: string[] = [];
  let stages: StageHandlers;

  beforeEach(async () => {
    schema = freshSchema();
    handle = await openPostgres(url, { schema, poolSize: 12 });
    await ensureJobTables(handle.db);
    dir = tempDir('vigil-stages-');
    blobs = fsBlobStore(join(dir, 'blobs'));
    sent = [];
    resolving = 0;
    mostAtOnce = 0;
    resolvedReports = [];
    stages = stageHandlers({
      db: handle.db,
      spatial: handle.spatial,
      store: handle.store,
      blobs,
      clock: { now: () => new Date('2025-03-10T00:00:00Z') },
      maxParseBytes: 1 << 20,
      extract,
      async resolve(claims) {
        resolving++;
        if (claims[0]) resolvedReports.push(claims[0].reportId);
        mostAtOnce = Math.max(mostAtOnce, resolving);
        // Long enough that overlapping resolutions would be seen.
        await new Promise((r) => setTimeout(r, 15));
        resolving--;
        return incidentsOf(claims);
      },
      // The real queue inserts inside the transaction; a table written by the same
      // transaction shows the same all-or-nothing behaviour without pg-boss.
      queue: {
        async send(name, data, options) {
          await sql`INSERT INTO sent_jobs (name, data, priority)
            VALUES (${name}, ${JSON.stringify(data)}, ${options?.priority ?? 0})`.execute(
            options?.within ?? handle.db,
          );
        },
      },
    });
    await sql`CREATE TABLE sent_jobs (id serial PRIMARY KEY, name text NOT NULL, data text NOT NULL, priority integer NOT NULL DEFAULT 0)`.execute(
      handle.db,
    );
  });

  afterEach(async () => {
    await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(handle.db);
    await handle.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function sentJobs() {
    const rows = await sql<{
      name: QueueName;
      data: string;
      priority: number;
    }>`SELECT name, data, priority FROM sent_jobs ORDER BY id`.execute(handle.db);
    sent = rows.rows.map((r) => ({ name: r.name, data: JSON.parse(r.data), priority: r.priority }));
    return sent;
  }

  async function queued(text: string) {
    const blob = await blobs.put(new TextEncoder().encode(text));
    return { sha256: blob.sha256, size: blob.size, label: 'r.txt', kind: 'file', url: null, actor: 'test' };
  }

  it('ingests the same bytes once when several workers take them at the same moment', async () => {
    const data = await queued('Gunmen killed three men in Jableh. Shops closed.');
    await Promise.all(Array.from({ length: 6 }, (_, i) => stages.ingest({ id: `job-${i}`, data })));
    expect(await handle.store.reports.count()).toBe(1);
    const jobs = await sentJobs();
    expect(jobs.map((j) => j.name)).toEqual([QUEUES.extract]);
    expect(await handle.store.ledger.size()).toBe(1);
  });

  it('has the effect of an extraction job once when it is delivered twice', async () => {
    const data = await queued('Gunmen killed three men in Jableh. Snipers killed a boy in Baniyas.');
    await stages.ingest({ id: 'ingest-1', data });
    const [job] = await sentJobs();
    await Promise.all([
      stages.extract({ id: 'extract-1', data: job!.data }),
      stages.extract({ id: 'extract-1', data: job!.data }),
    ]);
    await stages.extract({ id: 'extract-1', data: job!.data });
    await stages.lane.drain();
    expect(await handle.store.claims.count()).toBe(2);
    expect(await handle.store.incidents.count()).toBe(2);
    const kinds = (await handle.store.ledger.range(1, 100)).map((e) => e.kind);
    expect(kinds).toEqual([
      'report.ingested',
      'claim.extracted',
      'claim.extracted',
      'incident.resolved',
      'incident.resolved',
    ]);
  });

  it('never runs two resolutions at once, in extraction jobs or resolution jobs, and each once', async () => {
    for (let i = 0; i < 8; i++) {
      await stages.ingest({
        id: `ingest-${i}`,
        data: await queued(`Report ${i}: gunmen killed ${i} people.`),
      });
    }
    const extractions = (await sentJobs()).filter((x) => x.name === QUEUES.extract);
    expect(extractions).toHaveLength(8);
    await Promise.all(
      [...extractions, ...extractions].map((j) =>
        stages.extract({ id: `extract-${j.data.reportId}`, data: j.data }),
      ),
    );
    await stages.lane.drain();
    expect(mostAtOnce).toBe(1);
    expect(await handle.store.incidents.count()).toBe(8);
    await Promise.all(
      extractions.map((j) => stages.resolve({ id: `resolve-${j.data.reportId}`, data: j.data })),
    );
    expect(mostAtOnce).toBe(1);
    expect(await handle.store.incidents.count()).toBe(8);
    const resolved = (await handle.store.ledger.range(1, 1000)).filter((e) => e.kind === 'incident.resolved');
    expect(resolved).toHaveLength(16);
  });

  it('resolves reports in publication order although their extractions finish out of order', async () => {
    // Ingested latest first; the earliest report's extraction finishes last.
    for (const day of ['03', '02', '01']) {
      await stages.ingest({
        id: `ingest-${day}`,
        data: await queued(
          `Source: Valley Voice\nPublished: 2025-03-${day}\n\nGunmen killed ${day} men in Jableh.`,
        ),
      });
    }
    const jobs = (await sentJobs()).filter((j) => j.name === QUEUES.extract);
    // The earliest report is extracted first when all three wait.
    expect(jobs.map((j) => j.priority)).toEqual([...jobs.map((j) => j.priority)].sort((a, b) => a - b));
    const [third, second, first] = jobs;
    await stages.extract({ id: 'extract-3', data: third!.data });
    await stages.extract({ id: 'extract-2', data: second!.data });
    await stages.lane.drain();
    // The first report is still being extracted: the lane resolves nothing after it.
    expect(resolvedReports).toEqual([]);
    await stages.extract({ id: 'extract-1', data: first!.data });
    await stages.lane.drain();
    expect(resolvedReports).toEqual([first, second, third].map((j) => j!.data.reportId));
  });

  it('stops waiting for a report whose extraction has not finished for half an hour', async () => {
    for (const day of ['01', '02']) {
      await stages.ingest({
        id: `ingest-${day}`,
        data: await queued(
          `Source: Valley Voice\nPublished: 2025-03-${day}\n\nGunmen killed ${day} men in Jableh.`,
        ),
      });
    }
    const [, later] = (await sentJobs()).filter((j) => j.name === QUEUES.extract);
    await stages.extract({ id: 'extract-2', data: later!.data });
    await stages.lane.drain();
    expect(resolvedReports).toEqual([]);
    // The other extraction failed for good long ago.
    await sql`UPDATE vigil_extracting SET since = now() - interval '31 minutes'`.execute(handle.db);
    await stages.lane.drain();
    expect(resolvedReports).toEqual([later!.data.reportId]);
  });

  it('waits for the ingest jobs queued before the reports it would take, not for those queued after', async () => {
    // pg-boss's job table, as much of it as the lane reads, in this test's schema.
    await sql`CREATE TYPE job_state AS ENUM ('created', 'retry', 'active', 'completed', 'cancelled', 'failed')`.execute(
      handle.db,
    );
    await sql`CREATE TABLE job (name text NOT NULL, state job_state NOT NULL, created_on timestamptz NOT NULL)`.execute(
      handle.db,
    );
    const waiting = stageHandlers({
      db: handle.db,
      spatial: handle.spatial,
      store: handle.store,
      blobs,
      clock: { now: () => new Date('2025-03-10T00:00:00Z') },
      maxParseBytes: 1 << 20,
      extract,
      async resolve(claims) {
        if (claims[0]) resolvedReports.push(claims[0].reportId);
        return incidentsOf(claims);
      },
      queue: { send: async () => {} },
      queueSchema: schema,
    });
    // An input queued a minute ago, not ingested yet: its report may come first.
    await sql`INSERT INTO job VALUES (${QUEUES.ingest}, 'created', now() - interval '1 minute')`.execute(
      handle.db,
    );
    const data = await queued(
      'Source: Valley Voice\nPublished: 2025-03-05\n\nGunmen killed 5 men in Jableh.',
    );
    await stages.ingest({ id: 'ingest-5', data });
    const [job] = await sentJobs();
    await waiting.extract({ id: 'extract-5', data: job!.data });
    await waiting.lane.drain();
    expect(resolvedReports).toEqual([]);
    // An input queued after the report was left does not hold it up.
    await sql`UPDATE job SET state = 'completed'`.execute(handle.db);
    await sql`INSERT INTO job VALUES (${QUEUES.ingest}, 'created', now() + interval '1 second')`.execute(
      handle.db,
    );
    await waiting.lane.drain();
    expect(resolvedReports).toEqual([job!.data.reportId]);
  });

  it('leaves no trace of a resolution that fails, so that its retry starts clean', async () => {
    const data = await queued('Gunmen killed three men in Jableh.');
    await stages.ingest({ id: 'ingest-1', data });
    const [job] = await sentJobs();
    const failing = stageHandlers({
      db: handle.db,
      spatial: handle.spatial,
      store: handle.store,
      blobs,
      clock: { now: () => new Date() },
      maxParseBytes: 1 << 20,
      extract,
      async resolve() {
        throw new Error('resolver crashed');
      },
      queue: { send: async () => {} },
    });
    await failing.extract({ id: 'extract-1', data: job!.data });
    await expect(failing.lane.drain()).rejects.toThrow('resolver crashed');
    expect(await handle.store.claims.count()).toBe(0);
    expect(await handle.store.ledger.size()).toBe(1);
    // Delivered again: done already, the claims wait; a working resolver records them.
    await stages.extract({ id: 'extract-1', data: job!.data });
    await stages.lane.drain();
    expect(await handle.store.claims.count()).toBe(1);
    expect(await handle.store.incidents.count()).toBe(1);
  });

  it('resolves the other reports when one fails, and leaves that one aside after repeated failures', async () => {
    const picky = stageHandlers({
      db: handle.db,
      spatial: handle.spatial,
      store: handle.store,
      blobs,
      clock: { now: () => new Date('2025-03-10T00:00:00Z') },
      maxParseBytes: 1 << 20,
      extract,
      async resolve(claims) {
        if (claims.some((c) => c.quote.includes('poison'))) throw new Error('cannot resolve this one');
        return incidentsOf(claims);
      },
      queue: {
        async send(name, data, options) {
          await sql`INSERT INTO sent_jobs (name, data) VALUES (${name}, ${JSON.stringify(data)})`.execute(
            options?.within ?? handle.db,
          );
        },
      },
    });
    for (const text of [
      'Gunmen killed two men in Jableh.',
      'A poison report: gunmen killed one.',
      'Snipers killed a boy in Baniyas.',
    ]) {
      await picky.ingest({ id: `ingest-${text}`, data: await queued(text) });
    }
    for (const j of (await sentJobs()).filter((x) => x.name === QUEUES.extract)) {
      await picky.extract({ id: `extract-${j.data.reportId}`, data: j.data });
    }
    await expect(picky.lane.drain()).rejects.toThrow('cannot resolve this one');
    expect(await handle.store.claims.count()).toBe(2);
    for (let i = 0; i < 6; i++) await picky.lane.drain().catch(() => {});
    const [left] = (
      await sql<{
        attempts: number;
        last_error: string;
      }>`SELECT attempts, last_error FROM vigil_unresolved`.execute(handle.db)
    ).rows;
    expect(left).toEqual({ attempts: 5, last_error: 'cannot resolve this one' });
    // Left aside: the lane has nothing more to try, and says so without an error.
    await picky.lane.drain();
    expect(await handle.store.incidents.count()).toBe(2);
  });

  it('records a failure when the queued bytes are not in this worker’s blob store', async () => {
    const data = await queued('Gunmen killed three men in Jableh.');
    rmSync(join(dir, 'blobs'), { recursive: true, force: true });
    await stages.ingest({ id: 'ingest-1', data });
    expect(await handle.store.reports.count()).toBe(0);
    expect((await handle.store.failures.list())[0]?.reason).toMatch(/share the blobs folder/);
  });
});
