// Module hooks that let Node run Vigil's TypeScript sources directly: each `.ts` file is
// compiled to JavaScript by esbuild as it is imported (types stripped, nothing bundled).
//
// Vigil ran through tsx before. tsx compiles with esbuild's `keepNames`, which wraps every
// function and class in a call that redefines its `name` property: harmless for names, which
// JavaScript infers anyway when nothing is renamed, but each closure created on a hot path then
// costs a property definition and takes a different shape. Resolving 1,000,000 claims took 16%
// longer that way (docs/resolution.md, Performance). These hooks compile the same way without it.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

// The compiler options that change what the JavaScript does (tsconfig.json): ES2022 class
// fields are defined, not assigned.
const TSCONFIG = { compilerOptions: { target: 'ES2022', useDefineForClassFields: true } };

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts') || url.includes('/node_modules/')) {
    return nextLoad(url, context);
  }
  const path = fileURLToPath(url);
  const source = await readFile(path, 'utf8');
  const { code } = await transform(source, {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcefile: path,
    // Stack traces point at the TypeScript (bin/ts-register.js turns source maps on).
    sourcemap: 'inline',
    tsconfigRaw: TSCONFIG,
  });
  return { format: 'module', source: code, shortCircuit: true };
}
