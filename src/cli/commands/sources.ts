import { createApp } from '../../app.ts';
import type { Config } from '../../config.ts';
import { EXIT, UsageError } from '../../errors.ts';
import { setOriginGroup } from '../../pipeline/resolve/review.ts';
import { table } from '../output.ts';

/**
 * `vigil sources [list]` and `vigil sources set-origin-group SOURCE GROUP --reason "…"`: sources
 * in one origin group (a ministry and the state news agency) count as one origin, and every
 * incident with a claim from the source is graded again.
 */
export async function sourcesCommand(
  config: Config,
  action: string | undefined,
  args: string[],
  flags: { reason?: string; json?: boolean },
): Promise<number> {
  const app = await createApp(config);
  try {
    if (!action || action === 'list') {
      const sources = await app.store.sources.list();
      if (flags.json) {
        for (const s of sources) process.stdout.write(`${JSON.stringify(s)}\n`);
      } else {
        process.stdout.write(
          `${table(
            ['id', 'name', 'kind', 'origin group'],
            sources.map((s) => [s.id, s.name, s.kind, s.originGroup]),
          )}\n`,
        );
      }
      return EXIT.ok;
    }
    if (action !== 'set-origin-group')
      throw new UsageError(`unknown sources action "${action}" (list or set-origin-group)`);
    const [source, group] = args;
    if (!source || !group || args.length > 2)
      throw new UsageError('sources set-origin-group takes a source (name or id) and a group name');
    if (!flags.reason?.trim()) throw new UsageError('sources set-origin-group needs --reason "why"');
    const result = await setOriginGroup(
      app.store,
      { source, group, actor: config.actor, reason: flags.reason },
      app,
    );
    process.stdout.write(
      `${result.source.name} is now in origin group "${result.source.originGroup}"; ${result.incidents.length} incident(s) graded again\n`,
    );
    for (const i of result.incidents) process.stdout.write(`${i.id}  ${i.grade}  ${i.gradeReason}\n`);
    return EXIT.ok;
  } finally {
    await app.close();
  }
}
