#!/usr/bin/env node
// Runs the TypeScript sources directly (compiled as they are imported, bin/ts-hooks.js) so that
// `npx vigil` works right after `npm ci`, with no build step.
import { spawnSync } from 'node:child_process';

// A bulk import keeps each batch of rows alive across its writes, and an export each page of
// incidents with the rows built from it: with a larger young generation fewer of them are
// promoted and collected again (about 11% less CPU for a 100,000-row import, 15–30% for a
// 400,000-row export; docs/interop.md, Performance). The flag must be given at start-up, so
// `import` and `export` commands run again in a child process with it (once; bench/interop.ts
// does the same).
const YOUNG = '--max-semi-space-size=64';
const BULK = new Set(['import', 'export']);
if (process.argv.slice(2).some((a) => BULK.has(a)) && !process.execArgv.includes(YOUNG)) {
  const child = spawnSync(process.execPath, [...process.execArgv, YOUNG, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  if (child.signal) process.kill(process.pid, child.signal);
  process.exit(child.status ?? 1);
}

await import('./ts-register.js');
await import('../src/cli/main.ts');
