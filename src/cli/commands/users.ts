import { createApp } from '../../app.ts';
import { addUser, issueApiToken, setPassword } from '../../auth/accounts.ts';
import { newSecret } from '../../auth/tokens.ts';
import type { Config } from '../../config.ts';
import { EXIT, UsageError } from '../../errors.ts';
import { accountRecord, tokenRecord } from '../../ledger/record-shapes.ts';
import type { Store } from '../../ports/store.ts';
import { table } from '../output.ts';

export interface UsersFlags {
  role?: string;
  passwordStdin?: boolean;
  label?: string;
  json?: boolean;
}

async function readPassword(flags: UsersFlags): Promise<{ password: string; generated: boolean }> {
  if (!flags.passwordStdin) return { password: newSecret(15), generated: true };
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const password = text.split(/\r?\n/)[0] ?? '';
  if (!password) throw new UsageError('--password-stdin: standard input is empty');
  return { password, generated: false };
}

/**
 * `vigil users add|list|disable|enable|passwd|token`. Without --password-stdin a strong
 * password is generated and printed once; only its scrypt hash is stored.
 */
export async function usersCommand(
  config: Config,
  action: string | undefined,
  name: string | undefined,
  flags: UsersFlags,
): Promise<number> {
  const act = action ?? 'list';
  const needsName = ['add', 'disable', 'enable', 'passwd', 'token'];
  if (!['list', ...needsName].includes(act)) {
    throw new UsageError(`unknown action "${act}": use add, list, disable, enable, passwd or token`);
  }
  if (needsName.includes(act) && !name) throw new UsageError(`users ${act} needs a user name`);
  const app = await createApp(config);
  const now = () => app.clock.now().toISOString();
  const ledger = (tx: Store, kind: string, user: { id: string; role: string; disabled: boolean }) =>
    tx.ledger.append({ kind, subject: user.id, actor: config.actor, at: now(), record: accountRecord(user) });
  try {
    if (act === 'list') {
      const users = await app.store.accounts.listUsers();
      if (flags.json) {
        for (const u of users) process.stdout.write(`${JSON.stringify(u)}\n`);
      } else {
        const rows = users.map((u) => [u.name, u.role, u.disabled ? 'disabled' : 'active', u.createdAt]);
        process.stdout.write(
          `${table(['name', 'role', 'status', 'created'], rows)}\n${users.length} user(s)\n`,
        );
      }
      return EXIT.ok;
    }
    if (act === 'add') {
      if (!flags.role) throw new UsageError('users add needs --role admin|analyst|contributor|viewer');
      const { password, generated } = await readPassword(flags);
      const user = await app.store.atomically(async (tx) => {
        const created = await addUser(tx.accounts, { name: name!, role: flags.role!, password, now: now() });
        await tx.ledger.append({
          kind: 'account.created',
          subject: created.id,
          actor: config.actor,
          at: now(),
          record: accountRecord({ ...created, disabled: false }),
        });
        return created;
      });
      process.stderr.write(`added ${user.name} (${user.role})\n`);
      if (generated) process.stdout.write(`password: ${password}\n`);
      return EXIT.ok;
    }
    if (act === 'disable' || act === 'enable') {
      const user = await app.store.atomically(async (tx) => {
        const found = await tx.accounts.findUser(name!);
        const live = found ? (await tx.accounts.listTokens(found.id)).filter((t) => !t.revoked) : [];
        const changed = await tx.accounts.setDisabled(name!, act === 'disable');
        await ledger(tx, act === 'disable' ? 'account.disabled' : 'account.enabled', changed);
        // Disabling revokes the account's tokens: each revocation is logged too.
        for (const t of act === 'disable' ? live : []) {
          await tx.ledger.append({
            kind: 'token.revoked',
            subject: t.id,
            actor: config.actor,
            at: now(),
            record: tokenRecord({ ...t, revoked: true }),
          });
        }
        return changed;
      });
      process.stderr.write(
        `${act}d ${user.name}${act === 'disable' ? ' (its sessions and API tokens end)' : ''}\n`,
      );
      return EXIT.ok;
    }
    if (act === 'passwd') {
      const { password, generated } = await readPassword(flags);
      const user = await app.store.atomically(async (tx) => {
        const changed = await setPassword(tx.accounts, name!, password);
        await ledger(tx, 'account.password-changed', changed);
        return changed;
      });
      process.stderr.write(`new password set for ${user.name}; its sessions ended\n`);
      if (generated) process.stdout.write(`password: ${password}\n`);
      return EXIT.ok;
    }
    const label = flags.label ?? 'script';
    const token = await app.store.atomically(async (tx) => {
      const issued = await issueApiToken(tx.accounts, name!, label, now());
      await tx.ledger.append({
        kind: 'token.issued',
        subject: issued.id,
        actor: config.actor,
        at: now(),
        record: tokenRecord({ id: issued.id, label, revoked: false }),
      });
      return issued;
    });
    process.stderr.write(
      `API token ${token.id} for ${name} (shown once; send it as "Authorization: Bearer …")\n`,
    );
    process.stdout.write(`${token.secret}\n`);
    return EXIT.ok;
  } finally {
    await app.close();
  }
}
