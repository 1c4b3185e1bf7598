import type { Kysely, Selectable } from 'kysely';
import type { IntakeSubmission } from '../../domain/intake.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import type { AccountStore, ApiTokenRecord, IntakeStore, SessionRecord, User } from '../../ports/accounts.ts';
import type { ApiTokensTable, Database, SessionsTable, UsersTable } from './schema.ts';

export function sqlAccountStore(db: Kysely<Database>): AccountStore {
  return {
    async addUser(user) {
      const taken = await db
        .selectFrom('users')
        .select('id')
        .where('name', '=', user.name)
        .executeTakeFirst();
      if (taken) throw new ConflictError(`a user named "${user.name}" already exists`);
      await db
        .insertInto('users')
        .values({
          id: user.id,
          name: user.name,
          role: user.role,
          password_hash: user.passwordHash,
          disabled: user.disabled ? 1 : 0,
          created_at: user.createdAt,
        })
        .execute()
        .catch((error: { code?: string }) => {
          // Two admins adding the same name at once: the unique index decides, on either engine.
          if (error.code === '23505' || error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
            throw new ConflictError(`a user named "${user.name}" already exists`);
          }
          throw error;
        });
    },
    async findUser(name) {
      const row = await db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
      return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
    },
    async getUser(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toUser(row) : null;
    },
    async listUsers() {
      const rows = await db.selectFrom('users').selectAll().orderBy('name').execute();
      return rows.map(toUser);
    },
    async setDisabled(name, disabled) {
      const row = await db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
      if (!row) throw new NotFoundError(`no user named "${name}"`);
      await db
        .updateTable('users')
        .set({ disabled: disabled ? 1 : 0 })
        .where('id', '=', row.id)
        .execute();
      if (disabled) {
        await db.deleteFrom('sessions').where('user_id', '=', row.id).execute();
        await db.updateTable('api_tokens').set({ revoked: 1 }).where('user_id', '=', row.id).execute();
      }
      return { ...toUser(row), disabled };
    },
    async setPasswordHash(name, passwordHash) {
      const row = await db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
      if (!row) throw new NotFoundError(`no user named "${name}"`);
      await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', row.id).execute();
      await db.deleteFrom('sessions').where('user_id', '=', row.id).execute();
      return toUser(row);
    },
    async openSession(s) {
      await db
        .insertInto('sessions')
        .values({
          token_hash: s.tokenHash,
          user_id: s.userId,
          csrf: s.csrf,
          created_at: s.createdAt,
          expires_at: s.expiresAt,
        })
        .execute();
    },
    async findSession(tokenHash, now) {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('sessions')
        .select([
          'users.id as uid',
          'users.name',
          'users.role',
          'users.disabled',
          'users.created_at as ucreated',
        ])
        .where('sessions.token_hash', '=', tokenHash)
        .where('sessions.expires_at', '>', now)
        .executeTakeFirst();
      if (!row) return null;
      return {
        session: toSession(row),
        user: {
          id: row.uid,
          name: row.name,
          role: row.role as User['role'],
          disabled: row.disabled === 1,
          createdAt: row.ucreated,
        },
      };
    },
    async closeSession(tokenHash) {
      await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    },
    async issueToken(t) {
      await db
        .insertInto('api_tokens')
        .values({
          token_hash: t.tokenHash,
          id: t.id,
          user_id: t.userId,
          label: t.label,
          created_at: t.createdAt,
          revoked: t.revoked ? 1 : 0,
        })
        .execute();
    },
    async findToken(tokenHash) {
      // One query: a script's every request resolves its token.
      const row = await db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('api_tokens')
        .select(['users.name', 'users.role', 'users.disabled', 'users.created_at as ucreated'])
        .where('api_tokens.token_hash', '=', tokenHash)
        .where('api_tokens.revoked', '=', 0)
        .executeTakeFirst();
      if (!row) return null;
      const user: User = {
        id: row.user_id,
        name: row.name,
        role: row.role as User['role'],
        disabled: row.disabled === 1,
        createdAt: row.ucreated,
      };
      return { token: toToken(row), user };
    },
    async listTokens(userId) {
      let q = db.selectFrom('api_tokens').selectAll();
      if (userId) q = q.where('user_id', '=', userId);
      return (await q.orderBy('created_at').execute()).map(toToken);
    },
    async revokeToken(id) {
      const r = await db
        .updateTable('api_tokens')
        .set({ revoked: 1 })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw new NotFoundError(`no API token with id ${id}`);
    },
    async setting(key) {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value ?? null;
    },
    async setSetting(key, value) {
      await db
        .insertInto('settings')
        .values({ key, value })
        .onConflict((c) => c.column('key').doUpdateSet({ value }))
        .execute();
    },
  };
}

export function sqlIntakeStore(db: Kysely<Database>): IntakeStore {
  return {
    async record(s) {
      await db
        .insertInto('intake_submissions')
        .values({ id: s.id, received_at: s.receivedAt, report_id: s.reportId, body: JSON.stringify(s) })
        .execute();
    },
    async get(id) {
      const row = await db
        .selectFrom('intake_submissions')
        .select('body')
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? (JSON.parse(row.body) as IntakeSubmission) : null;
    },
    async list(options = {}) {
      const rows = await db
        .selectFrom('intake_submissions')
        .select('body')
        .orderBy('received_at', 'desc')
        .orderBy('id')
        .limit(options.limit ?? 100)
        .offset(options.offset ?? 0)
        .execute();
      return rows.map((r) => JSON.parse(r.body) as IntakeSubmission);
    },
    async attachEvidence(id, evidenceIds) {
      const current = await this.get(id);
      if (!current) throw new NotFoundError(`no intake submission with id ${id}`);
      const next = { ...current, evidenceIds: [...new Set([...current.evidenceIds, ...evidenceIds])] };
      await db
        .updateTable('intake_submissions')
        .set({ body: JSON.stringify(next) })
        .where('id', '=', id)
        .execute();
    },
  };
}

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    name: row.name,
    role: row.role as User['role'],
    disabled: row.disabled === 1,
    createdAt: row.created_at,
  };
}

function toSession(row: Selectable<SessionsTable>): SessionRecord {
  return {
    tokenHash: row.token_hash,
    userId: row.user_id,
    csrf: row.csrf,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

function toToken(row: Selectable<ApiTokensTable>): ApiTokenRecord {
  return {
    tokenHash: row.token_hash,
    id: row.id,
    userId: row.user_id,
    label: row.label,
    createdAt: row.created_at,
    revoked: row.revoked === 1,
  };
}
