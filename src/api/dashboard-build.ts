import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.ts';

/** The dashboard's sources (web/) and its build output (web/dist, not committed). */
export const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
export const WEB_DIST = join(WEB_DIR, 'dist');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether web/dist is missing or older than any file of the dashboard's sources. */
export function dashboardIsStale(webDir = WEB_DIR): boolean {
  const index = join(webDir, 'dist', 'index.html');
  if (!existsSync(index)) return true;
  return newestSource(webDir) > statSync(index).mtimeMs;
}

/**
 * Builds the dashboard with Vite's build API when web/dist is missing or stale, so that a
 * fresh clone needs only `npm ci` before `vigil serve`. The build goes to a private folder
 * first and then replaces web/dist, so a half-written build is never served.
 */
export async function ensureDashboard(log: (line: string) => void, force = false): Promise<string> {
  if (!force && !dashboardIsStale()) return WEB_DIST;
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    throw new ConfigError(
      'the dashboard is not built and Vite is not installed: run `npm ci`, then `npm run build:web`',
    );
  }
  log('building the dashboard (web/dist)…');
  const tmp = join(WEB_DIR, `.dist-${process.pid}-${Date.now()}`);
  try {
    await vite.build({
      root: WEB_DIR,
      configFile: join(WEB_DIR, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: tmp, emptyOutDir: true },
    });
    rmSync(WEB_DIST, { recursive: true, force: true });
    renameSync(tmp, WEB_DIST);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return WEB_DIST;
}
