import { createApp } from '../../app.ts';
import type { Config } from '../../config.ts';
import type { Incident } from '../../domain/index.ts';
import { EXIT, UsageError } from '../../errors.ts';
import type { IncidentFilter } from '../../ports/store.ts';
import { csv, table, truncate } from '../output.ts';

export interface IncidentsFlags {
  json?: boolean;
  csv?: boolean;
  type?: string;
  grade?: string;
  from?: string;
  to?: string;
  bbox?: string;
}

export function incidentFilter(flags: IncidentsFlags): IncidentFilter {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (flags.from && !day.test(flags.from))
    throw new UsageError(`--from must be YYYY-MM-DD, got "${flags.from}"`);
  if (flags.to && !day.test(flags.to)) throw new UsageError(`--to must be YYYY-MM-DD, got "${flags.to}"`);
  let bbox: IncidentFilter['bbox'];
  if (flags.bbox) {
    const n = flags.bbox.split(',').map(Number);
    if (n.length !== 4 || n.some((x) => !Number.isFinite(x))) {
      throw new UsageError(`--bbox must be west,south,east,north in degrees, got "${flags.bbox}"`);
    }
    bbox = n as [number, number, number, number];
  }
  return { type: flags.type, grade: flags.grade, from: flags.from, to: flags.to, bbox };
}

const HEADERS = ['id', 'date', 'type', 'sub-type', 'place', 'killed', 'grade', 'independence', 'claims'];

function row(i: Incident): (string | number | null)[] {
  const k = i.casualties.killed;
  return [
    i.id,
    i.date ? (i.date.start === i.date.end ? i.date.start : `${i.date.start}..${i.date.end}`) : null,
    i.type,
    i.subType,
    i.place?.name ?? null,
    k ? (k.max === k.min ? String(k.min) : `${k.min}-${k.max ?? ''}`) : null,
    i.grade,
    i.independence,
    i.claimIds.length,
  ];
}

/** `vigil incidents`: a table, or JSON Lines (`--json`), or CSV (`--csv`). */
export async function incidentsCommand(config: Config, flags: IncidentsFlags): Promise<number> {
  if (flags.json && flags.csv) throw new UsageError('choose one of --json and --csv');
  const filter = incidentFilter(flags);
  const app = await createApp(config);
  try {
    const incidents = await app.store.incidents.list(filter);
    if (flags.json) {
      for (const i of incidents) process.stdout.write(`${JSON.stringify(i)}\n`);
    } else if (flags.csv) {
      process.stdout.write(csv(HEADERS, incidents.map(row)));
    } else {
      const rows = incidents.map((i) =>
        row(i).map((c, n) => truncate(c === null ? '-' : String(c), n === 2 ? 28 : 34)),
      );
      process.stdout.write(`${table(HEADERS, rows)}\n${incidents.length} incident(s)\n`);
    }
    return EXIT.ok;
  } finally {
    await app.close();
  }
}
