// Registers bin/ts-hooks.js, so that the TypeScript sources can be imported as they are:
// `node --import ./bin/ts-register.js file.ts`, or imported first by an entry point (bin/vigil.js).
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('./ts-hooks.js', import.meta.url);
