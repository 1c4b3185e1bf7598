import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../src/errors.ts';
import type { UserRecord } from '../../src/ports/accounts.ts';
import { storeFixtures } from '../support/stores.ts';
import { freshStoreEach } from './open-each.ts';

const aUser = (name: string, overrides: Partial<UserRecord> = {}): UserRecord => ({
  id: `usr-${name.toLowerCase()}`,
  name,
  role: 'analyst',
  disabled: false,
  createdAt: '2025-03-10T08:00:00.000Z',
  passwordHash: `scrypt$${name}`,
  ...overrides,
});

describe.each(storeFixtures())('the account store on $name', (fixture) => {
  const s = freshStoreEach(fixture);

  it('keeps accounts and finds them by name or id, without the hash outside findUser', async () => {
    await s.store.accounts.addUser(aUser('Rana', { role: 'admin' }));
    expect(await s.store.accounts.findUser('Rana')).toEqual(aUser('Rana', { role: 'admin' }));
    const { passwordHash: _hash, ...user } = aUser('Rana', { role: 'admin' });
    expect(await s.store.accounts.getUser('usr-rana')).toEqual(user);
    expect(await s.store.accounts.findUser('nobody')).toBeNull();
  });

  it('refuses a second account with a taken name, even when both arrive at once', async () => {
    await s.store.accounts.addUser(aUser('Rana'));
    await expect(s.store.accounts.addUser(aUser('Rana', { id: 'usr-other' }))).rejects.toBeInstanceOf(
      ConflictError,
    );
    const results = await Promise.allSettled([
      s.store.accounts.addUser(aUser('Omar', { id: 'usr-omar-1' })),
      s.store.accounts.addUser(aUser('Omar', { id: 'usr-omar-2' })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ConflictError);
    expect((await s.store.accounts.listUsers()).map((u) => u.name)).toEqual(['Omar', 'Rana']);
  });

  it('ends an account’s sessions and tokens when it is disabled, and finds it again when re-enabled', async () => {
    await s.store.accounts.addUser(aUser('Rana'));
    await s.store.accounts.openSession({
      tokenHash: 'h1',
      userId: 'usr-rana',
      csrf: 'c1',
      createdAt: '2025-03-10T08:00:00.000Z',
      expiresAt: '2025-03-11T08:00:00.000Z',
    });
    await s.store.accounts.issueToken({
      tokenHash: 't1',
      id: 'tok-1',
      userId: 'usr-rana',
      label: 'script',
      createdAt: '2025-03-10T08:00:00.000Z',
      revoked: false,
    });
    expect((await s.store.accounts.findSession('h1', '2025-03-10T09:00:00.000Z'))?.user.name).toBe('Rana');
    expect(await s.store.accounts.findSession('h1', '2025-03-12T00:00:00.000Z')).toBeNull();
    expect((await s.store.accounts.findToken('t1'))?.token.revoked).toBe(false);
    const disabled = await s.store.accounts.setDisabled('Rana', true);
    expect(disabled.disabled).toBe(true);
    expect(await s.store.accounts.findSession('h1', '2025-03-10T09:00:00.000Z')).toBeNull();
    expect(await s.store.accounts.findToken('t1')).toBeNull();
    expect((await s.store.accounts.listTokens('usr-rana'))[0]?.revoked).toBe(true);
    expect((await s.store.accounts.setDisabled('Rana', false)).disabled).toBe(false);
    expect((await s.store.accounts.findUser('Rana'))?.disabled).toBe(false);
  });

  it('says so when the token to revoke does not exist', async () => {
    await expect(s.store.accounts.revokeToken('tok-none')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps one value per setting, the last one written', async () => {
    expect(await s.store.accounts.setting('site.name')).toBeNull();
    await s.store.accounts.setSetting('site.name', 'Coastal Watch');
    await s.store.accounts.setSetting('site.name', 'Coast Watch');
    expect(await s.store.accounts.setting('site.name')).toBe('Coast Watch');
  });
});
