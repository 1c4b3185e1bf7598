import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = process.env.VIGIL_SHARED ?? resolve(ROOT, '..', 'shared');

export function sharedPath(...parts: string[]): string {
  return join(SHARED, ...parts);
}

/**
 * Tests that read third-party data from ../shared. On a developer's machine without it they
 * are skipped with a message; in CI (CI=true) a missing ../shared fails instead of skipping.
 */
export function describeShared(name: string, file: string, body: () => void): void {
  const path = sharedPath(file);
  if (existsSync(path)) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      throw new Error(`${path} is missing: CI must have ../shared beside the checkout`);
    });
  } else {
    console.warn(`skipping "${name}": ${path} not found (../shared is absent on this machine)`);
    describe.skip(name, body);
  }
}

/** Skips (locally) or fails (CI) when an external component such as a binary is missing. */
export function requireComponent(name: string, present: boolean): 'run' | 'skip' {
  if (present) return 'run';
  if (process.env.CI === 'true') throw new Error(`${name} is required in CI but is not installed`);
  console.warn(`skipping tests that need ${name}: not installed on this machine`);
  return 'skip';
}
