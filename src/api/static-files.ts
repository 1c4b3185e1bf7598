import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Serves the built dashboard (web/dist). Any path that is not a file gets index.html, so the
 * dashboard's own routes (/incidents/ID) survive a reload. Paths are confined to the folder.
 */
export function serveDashboard(server: FastifyInstance, root: string): void {
  const index = join(root, 'index.html');
  server.get('/*', async (req, reply) => {
    // find-my-way has already decoded the wildcard once; never decode twice.
    const path = (req.params as { '*': string })['*'] ?? '';
    if (path.startsWith('api/') || path === 'api') {
      return reply.status(404).send({ error: { code: 'not-found', message: `no route GET at this path` } });
    }
    const full = normalize(join(root, path));
    const inside = full === root || full.startsWith(root.endsWith(sep) ? root : root + sep);
    let file = index;
    if (inside && path && existsSync(full) && statSync(full).isFile()) file = full;
    if (!existsSync(file)) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The dashboard is not built: run `npm run build:web`.');
    }
    const hashed = file.includes(`${sep}assets${sep}`);
    reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    reply.type(TYPES[extname(file)] ?? 'application/octet-stream');
    return reply.send(createReadStream(file));
  });
}
