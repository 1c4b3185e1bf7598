import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay on 127.0.0.1 in front of the test PostgreSQL server, which can cut every
 * connection and refuse new ones for a while: a network outage as a worker sees it.
 */
export async function tcpProxy(targetPort: number): Promise<{
  port: number;
  cut(forMs: number): Promise<void>;
  close(): Promise<void>;
}> {
  const open = new Set<Socket>();
  let down = false;
  const server: Server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    open.add(client);
    open.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy did not get a port');
  return {
    port: address.port,
    async cut(forMs) {
      down = true;
      for (const s of open) s.destroy();
      open.clear();
      await new Promise((r) => setTimeout(r, forMs));
      down = false;
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
