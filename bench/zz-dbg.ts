import { createApp } from '../src/app.ts';
import { normalizeConfig } from '../src/config.ts';
const app = await createApp(normalizeConfig({ db: '/tmp/r4/cli/v9.db' }));
const rep = { id: 'rep-x', originalSha256: 'a'.repeat(64), itemKey: '0', status: 'parsed' as const, reason: null, text: 'Gunmen killed three civilians in Baniyas on Saturday, the Coastal Rights Monitor said.', title: null, url: null, sourceName: 'Test Outlet', published: '2025-03-09', language: 'en', mediaType: 'text/plain', ingestedAt: '2025-03-09T00:00:00Z' };
await app.store.atomically(async (tx) => {
  await tx.reports.recordOriginal({ sha256: rep.originalSha256, size: 10, mediaType: 'text/plain', origin: 'x', receivedAt: rep.ingestedAt });
  console.error('o'); await tx.sources.ensure('Test Outlet', 'outlet'); console.error('s');
  await tx.reports.recordReport(rep); console.error('r');
  const claims = await app.extract(rep); console.error('x', claims.length);
});
await app.close();
