// The server under test for bench/api.ts, in its own process so that the load generator does
// not share its event loop. Prints its URL on stdout once listening.
// Usage: node --import ./bin/ts-register.js bench/api-server.ts DB MAP_CACHE_SIZE
import { buildServer } from '../src/api/server.ts';
import { createApp } from '../src/app.ts';
import { normalizeConfig } from '../src/config.ts';

const [db, cache] = process.argv.slice(2);
const app = await createApp(normalizeConfig({ db: db! }, {}));
const { server, index } = await buildServer(app, {
  log: () => undefined,
  mapCacheSize: Number(cache ?? 256),
});
await server.listen({ port: 0, host: '127.0.0.1' });
// Load the map index before the clock starts, as a running server would have.
await index.geojson({ publishedOnly: false, withHiding: true });
const address = server.server.address();
process.stdout.write(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
process.on('SIGTERM', async () => {
  await server.close();
  await app.close();
  process.exit(0);
});
