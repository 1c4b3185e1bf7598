import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser, issueApiToken, PUBLIC_ACCESS } from '../../src/auth/accounts.ts';
import type { Claim } from '../../src/domain/index.ts';
import { accountRecord, removalChange, settingRecord, tokenRecord } from '../../src/ledger/record-shapes.ts';
import { type Finding, runVerify } from '../../src/ledger/verify.ts';
import { setIncidentField } from '../../src/pipeline/resolve/review.ts';
import { freshApp, someIncident } from '../evidence/fixtures.ts';

let ctx: Awaited<ReturnType<typeof freshApp>>;
let userId: string;
let tokenId: string;
const at = '2025-03-10T08:00:00.000Z';
const intakeId = 'itk-fictional-1';

/** Accounts, a token, a setting and an intake, each logged the way the admin API and intake log them. */
beforeEach(async () => {
  ctx = await freshApp();
  await someIncident(ctx.app, ctx.dir);
  await ctx.app.store.atomically(async (tx) => {
    const user = await addUser(tx.accounts, {
      name: 'field-analyst',
      role: 'analyst',
      password: 'x'.repeat(16),
      now: at,
    });
    userId = user.id;
    await tx.ledger.append({
      kind: 'account.created',
      subject: user.id,
      actor: 'admin',
      at,
      record: accountRecord(user),
    });
    const token = await issueApiToken(tx.accounts, 'field-analyst', 'nightly script', at);
    tokenId = token.id;
    await tx.ledger.append({
      kind: 'token.issued',
      subject: token.id,
      actor: 'admin',
      at,
      record: tokenRecord({ id: token.id, label: 'nightly script', revoked: false }),
    });
    await tx.accounts.setSetting(PUBLIC_ACCESS, 'on');
    await tx.ledger.append({
      kind: 'setting.changed',
      subject: PUBLIC_ACCESS,
      actor: 'admin',
      at,
      record: settingRecord(PUBLIC_ACCESS, 'on'),
    });
    const submission = {
      id: intakeId,
      receivedAt: at,
      testimony: 'Shelling near the bakery at dawn (an invented account).',
      placeName: 'Jableh',
      occurredOn: '2025-03-09',
      language: 'en',
      sensitive: {
        witnessName: 'A. Fictional',
        witnessContact: null,
        submitter: 'field-analyst',
        hidingPlace: null,
        hidingLat: null,
        hidingLon: null,
      },
      reportId: null,
      evidenceIds: [],
    };
    await tx.intakes.record(submission);
    await tx.ledger.append({
      kind: 'intake.received',
      subject: intakeId,
      actor: 'field-analyst',
      at,
      record: submission,
    });
  });
});

afterEach(() => ctx.close());

const verify = () =>
  runVerify(
    { store: ctx.app.store, blobs: ctx.app.blobs, vault: ctx.app.evidence.vault, keysDir: ctx.app.keysDir },
    { skipFiles: true },
  );
const said = (failures: Finding[]) => failures.map((f) => `${f.where}: ${f.what}`).join('\n');
function sql(statement: string, ...params: unknown[]) {
  const raw = new Database(ctx.db);
  try {
    raw.prepare(statement).run(...params);
  } finally {
    raw.close();
  }
}

describe('vigil verify reads accounts, tokens, settings and intakes', () => {
  it('checks them against their entries and no longer lists them as unread', async () => {
    const report = await verify();
    expect(said(report.failures)).toBe('');
    expect(report.notes.join('\n')).not.toMatch(/no reader/);
    // 1 report, 1 claim, 1 incident, 1 account, 1 token, 1 setting, 1 intake.
    expect(report.counts.records).toBe(7);
  });

  it('accepts a token revoked with its entry, and names one revoked behind the ledger', async () => {
    await ctx.app.store.atomically(async (tx) => {
      await tx.accounts.revokeToken(tokenId);
      await tx.ledger.append({
        kind: 'token.revoked',
        subject: tokenId,
        actor: 'admin',
        at,
        record: tokenRecord({ id: tokenId, label: 'nightly script', revoked: true }),
      });
    });
    expect(said((await verify()).failures)).toBe('');
    sql('UPDATE api_tokens SET revoked = 0 WHERE id = ?', tokenId);
    expect(said((await verify()).failures)).toContain(`token ${tokenId}: differs from what ledger entry`);
  });

  it('names an account whose role was raised in the database', async () => {
    sql("UPDATE users SET role = 'admin' WHERE id = ?", userId);
    expect(said((await verify()).failures)).toContain(`account ${userId}: differs from what ledger entry`);
  });

  it('names an account added without a ledger entry', async () => {
    sql(
      "INSERT INTO users (id, name, role, password_hash, disabled, created_at) VALUES ('usr-ghost', 'ghost', 'admin', 'x', 0, ?)",
      at,
    );
    expect(said((await verify()).failures)).toContain(
      'account usr-ghost: is in the store but no ledger entry records it',
    );
  });

  it('names a setting switched in the database', async () => {
    sql("UPDATE settings SET value = 'off' WHERE key = ?", PUBLIC_ACCESS);
    expect(said((await verify()).failures)).toContain(
      `setting ${PUBLIC_ACCESS}: differs from what ledger entry`,
    );
  });

  it('names an intake whose sensitive section or query column was edited', async () => {
    sql("UPDATE intake_submissions SET report_id = 'rep-other' WHERE id = ?", intakeId);
    expect(said((await verify()).failures)).toContain(`intake ${intakeId}: column report_id is "rep-other"`);
    sql(
      "UPDATE intake_submissions SET report_id = NULL, body = replace(body, 'A. Fictional', 'B. Fictional') WHERE id = ?",
      intakeId,
    );
    const failures = said((await verify()).failures);
    expect(failures).toContain(`intake ${intakeId}: differs from what ledger entry`);
    expect(failures).not.toContain('column report_id');
  });
});

describe('records deleted on purpose', () => {
  /** Re-extraction that changes a report's claim ids, as `vigil reprocess --all` can. */
  async function reextract(options: { logRemoval: boolean }) {
    const store = ctx.app.store;
    const [report] = await store.reports.list({ status: 'parsed' });
    const [old] = await store.claims.forReport(report!.id);
    const renamed: Claim = { ...old!, id: `${report!.id}.re0` };
    await store.atomically(async (tx) => {
      // The store says which claim ids are gone, so the caller can log each one.
      const gone = await tx.claims.replaceForReport(report!.id, [renamed]);
      expect(gone).toEqual([old!.id]);
      if (options.logRemoval) {
        for (const id of gone) {
          await tx.ledger.append(
            removalChange('claim', id, {
              actor: 'reprocess',
              at,
              reason: 're-extracted',
              replacedBy: [renamed.id],
            }),
          );
        }
      }
      await tx.ledger.append({
        kind: 'claim.extracted',
        subject: renamed.id,
        actor: 'reprocess',
        at,
        record: renamed,
      });
    });
    return old!.id;
  }

  it('accepts a claim removed with a claim.removed entry in the same transaction', async () => {
    await reextract({ logRemoval: true });
    const report = await verify();
    // The incident still lists the old claim id, so only incident_claims/claimIds may differ.
    expect(report.failures.filter((f) => f.where.startsWith('claim '))).toEqual([]);
  });

  it('names a claim deleted without a removal entry as missing', async () => {
    const id = await reextract({ logRemoval: false });
    expect(said((await verify()).failures)).toContain(`claim ${id}: ledger entry`);
  });

  it('names a record still stored though a removal entry says it is gone', async () => {
    const [report] = await ctx.app.store.reports.list({ status: 'parsed' });
    await ctx.app.store.ledger.append(
      removalChange('report', report!.id, { actor: 'someone', at, reason: 'test' }),
    );
    expect(said((await verify()).failures)).toContain(
      `report ${report!.id}: is still in the store, but ledger entry`,
    );
  });
});

describe('analyst decisions', () => {
  async function setGrade(): Promise<{ incidentId: string; decisionId: string }> {
    // Through the real pipeline: review edits incidents resolution built (claims linked to them).
    const file = join(ctx.dir, 'jableh.txt');
    writeFileSync(
      file,
      'Illustrative report by the fictional Coastal Rights Monitor, 5 March 2025.\n\nOn 4 March 2025, shelling of Jableh killed 3 civilians, the Monitor reported.\n',
    );
    const [ingested] = await ctx.app.ingest([file], {});
    const claims = await ctx.app.store.claims.forReport(ingested!.reportIds[0]!);
    const [incident] = (await ctx.app.store.incidents.list({})).filter((i) =>
      i.claimIds.includes(claims[0]!.id),
    );
    const incidentId = incident!.id;
    await setIncidentField(ctx.app.store, {
      id: incidentId,
      field: 'grade',
      value: 'weak',
      actor: 'field-analyst',
      reason: 'the only photo is from another year (invented)',
    });
    const [decision] = await ctx.app.store.decisions.forIncident(incidentId);
    return { incidentId, decisionId: decision!.id };
  }

  it('checks each decision against its entry and no longer lists decisions as unread', async () => {
    await setGrade();
    const report = await verify();
    expect(said(report.failures)).toBe('');
    expect(report.notes.join('\n')).not.toMatch(/decision record\(s\).*no reader/);
  });

  it('names a field override changed behind the decision that set it', async () => {
    const { incidentId, decisionId } = await setGrade();
    sql(`UPDATE incident_overrides SET value = '"confirmed"' WHERE incident_id = ?`, incidentId);
    expect(said((await verify()).failures)).toContain(
      `decision ${decisionId}: incident ${incidentId} has grade = "confirmed" in incident_overrides`,
    );
  });

  it('names a decision taken off the incidents it binds, and one whose reason was rewritten', async () => {
    const { decisionId } = await setGrade();
    sql('DELETE FROM decision_incidents WHERE decision_id = ?', decisionId);
    expect(said((await verify()).failures)).toContain(
      `decision ${decisionId}: its incident index (decision_incidents) lists none`,
    );
    sql("UPDATE decisions SET reason = 'no reason' WHERE id = ?", decisionId);
    expect(said((await verify()).failures)).toContain(
      `decision ${decisionId}: differs from what ledger entry`,
    );
  });
});
