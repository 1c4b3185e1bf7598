// Module hooks that let Node run Vigil's TypeScript sources directly: each `.ts` file is
// compiled to JavaScript by esbuild as it is imported (types stripped, nothing bundled).
//
// Vigil ran through tsx before. tsx compiles with esbuild's `keepNames`, which wraps every
// function and class in a call that redefines its `name` property: harmless for names, which
// JavaScript infers anyway when nothing is renamed, but each closure created on a hot path then
// costs a property definition and takes a different shape. Resolving 1,000,000 claims took 16%
// longer that way (docs/resolution.md, Performance). These hooks compile the same way without it.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform, version } from 'esbuild';

// The compiler options that change what the JavaScript does (tsconfig.json): ES2022 class
// fields are defined, not assigned.
const OPTIONS = {
  loader: 'ts',
  format: 'esm',
  target: 'node20',
  // Stack traces point at the TypeScript (bin/ts-register.js turns source maps on).
  sourcemap: 'inline',
  tsconfigRaw: { compilerOptions: { target: 'ES2022', useDefineForClassFields: true } },
};

// Compiled files are kept by a hash of their path, text, esbuild's version and the options, so a
// command compiles only what changed since the last one (a cold start compiles some hundred
// files, about a third of a second). Without a writable cache every start compiles afresh.
const CACHE = join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules', '.cache', 'vigil-ts');
const TAG = `${version}\0${JSON.stringify(OPTIONS)}`;
let cacheReady = null;

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts') || url.includes('/node_modules/')) {
    return nextLoad(url, context);
  }
  const path = fileURLToPath(url);
  const source = await readFile(path, 'utf8');
  const key = createHash('sha256').update(TAG).update('\0').update(path).update('\0').update(source);
  const cached = join(CACHE, `${key.digest('hex').slice(0, 40)}.js`);
  try {
    return { format: 'module', source: await readFile(cached, 'utf8'), shortCircuit: true };
  } catch {
    // Not compiled yet (or the cache cannot be read): compile it.
  }
  const { code } = await transform(source, { ...OPTIONS, sourcefile: path });
  await keep(cached, code);
  return { format: 'module', source: code, shortCircuit: true };
}

/** Writes a compiled file to the cache whole (through a rename), or not at all. */
async function keep(file, code) {
  try {
    cacheReady ??= mkdir(CACHE, { recursive: true });
    await cacheReady;
    const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    await writeFile(partial, code);
    await rename(partial, file);
  } catch {
    // A read-only checkout runs without the cache.
  }
}
