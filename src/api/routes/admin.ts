import { z } from 'zod';
import { ACCOUNT_ROLES, addUser, issueApiToken, PUBLIC_ACCESS } from '../../auth/accounts.ts';
import { tokenRecord } from '../../ledger/record-shapes.ts';
import { type AnyRoute, defineRoute } from '../define-route.ts';
import { actorOf } from '../principal.ts';
import { ErrorReply, errorResponses, Id, Ok } from '../schemas.ts';
import type { ApiContext } from '../server.ts';

const UserView = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ACCOUNT_ROLES),
  disabled: z.boolean(),
  createdAt: z.string(),
});
const UserName = z.string().min(2).max(64);

export function adminRoutes(ctx: ApiContext): AnyRoute[] {
  const { store, clock } = ctx.app;
  const now = () => clock.now().toISOString();
  return [
    defineRoute({
      method: 'GET',
      url: '/api/users',
      tag: 'admin',
      summary: 'Every account',
      action: 'admin',
      responses: {
        200: { description: 'accounts', schema: z.object({ items: z.array(UserView) }) },
        ...errorResponses,
      },
      async handler() {
        return { items: await store.accounts.listUsers() };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/users',
      tag: 'admin',
      summary: 'Create an account',
      action: 'admin',
      body: z.object({ name: UserName, role: z.enum(ACCOUNT_ROLES), password: z.string().min(10).max(1024) }),
      responses: {
        200: { description: 'the account', schema: UserView },
        ...errorResponses,
        409: { description: 'the name is taken', schema: ErrorReply },
      },
      async handler({ body, principal }) {
        return store.atomically(async (tx) => {
          const user = await addUser(tx.accounts, { ...body, now: now() });
          await tx.ledger.append({
            kind: 'account.created',
            subject: user.id,
            actor: actorOf(principal),
            at: now(),
            record: { id: user.id, role: user.role, disabled: false },
          });
          return user;
        });
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/users/:name/disabled',
      tag: 'admin',
      summary: 'Disable or re-enable an account (disabling ends its sessions and tokens)',
      action: 'admin',
      params: z.object({ name: UserName }),
      body: z.object({ disabled: z.boolean() }),
      responses: { 200: { description: 'the account', schema: UserView }, ...errorResponses },
      async handler({ params, body, principal }) {
        return store.atomically(async (tx) => {
          const found = await tx.accounts.findUser(params.name);
          const live = found ? (await tx.accounts.listTokens(found.id)).filter((t) => !t.revoked) : [];
          const user = await tx.accounts.setDisabled(params.name, body.disabled);
          await tx.ledger.append({
            kind: body.disabled ? 'account.disabled' : 'account.enabled',
            subject: user.id,
            actor: actorOf(principal),
            at: now(),
            record: { id: user.id, role: user.role, disabled: body.disabled },
          });
          // Disabling revokes the account's tokens: each revocation is logged too.
          for (const t of body.disabled ? live : []) {
            await tx.ledger.append({
              kind: 'token.revoked',
              subject: t.id,
              actor: actorOf(principal),
              at: now(),
              record: tokenRecord({ ...t, revoked: true }),
            });
          }
          return user;
        });
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/tokens',
      tag: 'admin',
      summary: 'Issue an API token for an account (the secret is shown once)',
      action: 'admin',
      body: z.object({ user: UserName, label: z.string().trim().min(1).max(100) }),
      responses: {
        200: { description: 'the token', schema: z.object({ id: z.string(), secret: z.string() }) },
        ...errorResponses,
      },
      async handler({ body, principal }) {
        return store.atomically(async (tx) => {
          const token = await issueApiToken(tx.accounts, body.user, body.label, now());
          // The record names the token, never its secret.
          await tx.ledger.append({
            kind: 'token.issued',
            subject: token.id,
            actor: actorOf(principal),
            at: now(),
            record: { id: token.id, label: body.label },
          });
          return token;
        });
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/tokens/:id',
      tag: 'admin',
      summary: 'Revoke an API token',
      action: 'admin',
      params: z.object({ id: Id }),
      responses: { 200: { description: 'revoked', schema: Ok }, ...errorResponses },
      async handler({ params, principal }) {
        await store.atomically(async (tx) => {
          await tx.accounts.revokeToken(params.id);
          await tx.ledger.append({
            kind: 'token.revoked',
            subject: params.id,
            actor: actorOf(principal),
            at: now(),
            record: { id: params.id, revoked: true },
          });
        });
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/settings',
      tag: 'admin',
      summary: 'Server settings',
      action: 'admin',
      responses: {
        200: { description: 'settings', schema: z.object({ publicAccess: z.boolean() }) },
        ...errorResponses,
      },
      async handler() {
        return { publicAccess: (await store.accounts.setting(PUBLIC_ACCESS)) === 'on' };
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/settings',
      tag: 'admin',
      summary: 'Change server settings: public access to published incidents',
      action: 'admin',
      body: z.object({ publicAccess: z.boolean() }),
      responses: {
        200: { description: 'settings', schema: z.object({ publicAccess: z.boolean() }) },
        ...errorResponses,
      },
      async handler({ body, principal }) {
        await store.atomically(async (tx) => {
          await tx.accounts.setSetting(PUBLIC_ACCESS, body.publicAccess ? 'on' : 'off');
          await tx.ledger.append({
            kind: 'setting.changed',
            subject: PUBLIC_ACCESS,
            actor: actorOf(principal),
            at: now(),
            record: { key: PUBLIC_ACCESS, value: body.publicAccess },
          });
        });
        ctx.changed();
        return { publicAccess: body.publicAccess };
      },
    }),
  ];
}
