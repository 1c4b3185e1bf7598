import { createApp } from '../../app.ts';
import type { Config } from '../../config.ts';
import { CASUALTY_KINDS } from '../../domain/casualties.ts';
import { GRADES, type Grade } from '../../domain/grade.ts';
import type { Incident } from '../../domain/incident.ts';
import { EXIT, UsageError } from '../../errors.ts';
import { formatSum, TALLY_KEYS, type TallyKey, tally } from '../../pipeline/resolve/tally.ts';
import { table } from '../output.ts';

export interface TallyFlags {
  by?: string;
  minGrade?: string;
  json?: boolean;
}

/** `vigil tally [--by admin1|day|type|grade] [--min-grade fair] [--json]`: casualties summed over incidents. */
export async function tallyCommand(config: Config, flags: TallyFlags): Promise<number> {
  if (flags.by && !(TALLY_KEYS as readonly string[]).includes(flags.by)) {
    throw new UsageError(`--by must be one of ${TALLY_KEYS.join(', ')}, got "${flags.by}"`);
  }
  if (flags.minGrade && !(GRADES as readonly string[]).includes(flags.minGrade)) {
    throw new UsageError(`--min-grade must be one of ${GRADES.join(', ')}, got "${flags.minGrade}"`);
  }
  const app = await createApp(config);
  try {
    const incidents: Incident[] = [];
    for (let offset = 0; ; offset += 10_000) {
      const page = await app.store.incidents.list({ limit: 10_000, offset });
      incidents.push(...page);
      if (page.length < 10_000) break;
    }
    const rows = tally(incidents, {
      by: flags.by as TallyKey | undefined,
      minGrade: flags.minGrade as Grade | undefined,
    });
    if (flags.json) {
      for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
      return EXIT.ok;
    }
    const headers = [flags.by ?? 'all', 'incidents', ...CASUALTY_KINDS];
    const body = rows.map((r) => [
      r.key,
      String(r.incidents),
      ...CASUALTY_KINDS.map((k) => formatSum(r.sums[k], r.figures[k])),
    ]);
    process.stdout.write(`${table(headers, body)}\n`);
    process.stderr.write(
      `sums of incidents, never of claims; ${flags.minGrade ? `grade ${flags.minGrade} or better` : 'discounted incidents left out'}; "n+" means at least n\n`,
    );
    return EXIT.ok;
  } finally {
    await app.close();
  }
}
