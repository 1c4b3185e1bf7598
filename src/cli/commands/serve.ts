import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDashboard, WEB_DIR } from '../../api/dashboard-build.ts';
import { buildServer } from '../../api/server.ts';
import { createApp } from '../../app.ts';
import { addUser, PUBLIC_ACCESS, setPassword } from '../../auth/accounts.ts';
import { newSecret } from '../../auth/tokens.ts';
import type { Config } from '../../config.ts';
import { EXIT, UsageError } from '../../errors.ts';
import { accountRecord, settingRecord } from '../../ledger/record-shapes.ts';

export interface ServeFlags {
  port?: string;
  host?: string;
  publicAccess?: string;
  insecureCookies?: boolean;
  web?: boolean;
  /** Called with the URL once listening (the demo prints log-in details after it). */
  onListening?: (url: string) => void;
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(WEB_DIR, '..', 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0.0.0';
  }
}

/**
 * `vigil serve`: the HTTP API and the dashboard, until interrupted. Builds the dashboard first
 * when it is missing or older than its sources.
 */
export async function serveCommand(config: Config, flags: ServeFlags): Promise<number> {
  const port = flags.port === undefined ? 7300 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, got "${flags.port}"`);
  }
  const host = flags.host ?? '127.0.0.1';
  if (flags.publicAccess !== undefined && !['on', 'off'].includes(flags.publicAccess)) {
    throw new UsageError(`--public-access must be on or off, got "${flags.publicAccess}"`);
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const webRoot = flags.web === false ? null : await ensureDashboard(log);
  const app = await createApp(config);
  const publicAccess = flags.publicAccess;
  if (publicAccess) {
    await app.store.atomically(async (tx) => {
      await tx.accounts.setSetting(PUBLIC_ACCESS, publicAccess);
      await tx.ledger.append({
        kind: 'setting.changed',
        subject: PUBLIC_ACCESS,
        actor: config.actor,
        at: app.clock.now().toISOString(),
        record: settingRecord(PUBLIC_ACCESS, publicAccess),
      });
    });
  }
  const { server } = await buildServer(app, {
    webRoot,
    debug: config.debug,
    secureCookies: !flags.insecureCookies,
    version: version(),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  await server.listen({ port, host });
  const address = server.server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actual}/`;
  process.stderr.write(`Vigil is serving ${config.db} at ${url}\n`);
  flags.onListening?.(url);
  // Displacement arrows read place names through the gazetteer: load it now, not on a click.
  app.gazetteer.index().catch(() => undefined);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stderr.write('stopping…\n');
  await server.close();
  await app.close();
  return EXIT.ok;
}

/** The demo's accounts, one per role; their passwords are new on every start. */
export const DEMO_ACCOUNTS = ['admin', 'analyst', 'viewer', 'contributor'] as const;

/**
 * `vigil demo --serve`: demo accounts with fresh passwords (printed), then `vigil serve`.
 * For a local demonstration only: the passwords are printed to the terminal.
 */
export async function serveDemo(config: Config, flags: { port?: string }): Promise<number> {
  const app = await createApp(config);
  const logins: string[] = [];
  try {
    for (const role of DEMO_ACCOUNTS) {
      const name = `demo-${role}`;
      const password = newSecret(12);
      const at = app.clock.now().toISOString();
      await app.store.atomically(async (tx) => {
        const known = await tx.accounts.findUser(name);
        const user = known
          ? await setPassword(tx.accounts, name, password)
          : await addUser(tx.accounts, { name, role, password, now: at });
        const kind = known ? 'account.password-changed' : 'account.created';
        await tx.ledger.append({
          kind,
          subject: user.id,
          actor: config.actor,
          at,
          record: accountRecord(user),
        });
      });
      logins.push(`  ${name.padEnd(18)} ${password}`);
    }
  } finally {
    await app.close();
  }
  return serveCommand(config, {
    port: flags.port,
    onListening: (url) =>
      process.stdout.write(
        `\nVigil demo: open ${url}\nLog in as (passwords are new on every start):\n${logins.join('\n')}\n\n`,
      ),
  });
}
