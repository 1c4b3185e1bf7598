import { generate } from './resolve-generator.ts';
import { memoryPorts } from './resolve-memory-ports.ts';
import { runResolve } from '../src/pipeline/resolve/run-resolve.ts';
const N = Number(process.argv[2] ?? 10000);
const g = generate(N);
const mem = memoryPorts();
const clock = { now: () => new Date('2025-06-01T00:00:00Z') };
const t0 = performance.now(); const c0 = process.cpuUsage();
for (const r of g.reports) {
  mem.addClaims(r.id, r.claims);
  await runResolve({ report: { id: r.id, sourceName: r.sourceName, published: r.published, ingestedAt: r.ingestedAt, text: r.text }, claims: r.claims }, { store: mem.ports, clock, actor: 'b' });
}
const cu = process.cpuUsage(c0);
console.log('N', N, 'wall ms', Math.round(performance.now() - t0), 'cpu ms', Math.round((cu.user + cu.system) / 1000), 'µs/claim', Math.round((cu.user + cu.system) / N), mem.stats());
