import { createApp } from '../../app.ts';
import type { Config } from '../../config.ts';
import type { Incident } from '../../domain/incident.ts';
import { EXIT, UsageError } from '../../errors.ts';
import {
  detachClaim,
  mergeIncidents,
  SETTABLE_FIELDS,
  type SettableField,
  setIncidentField,
  splitIncident,
} from '../../pipeline/resolve/review.ts';
import { table, truncate } from '../output.ts';

export interface ReviewFlags {
  reason?: string;
  group?: string[];
  expect?: string[];
  json?: boolean;
}

function versions(flags: ReviewFlags): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of flags.expect ?? []) {
    const m = /^([^=]+)=(\d+)$/.exec(item);
    if (!m) throw new UsageError(`--expect must be ID=VERSION, got "${item}"`);
    out[m[1]!] = Number(m[2]);
  }
  return out;
}

function single(flags: ReviewFlags, id: string): number | undefined {
  const v = versions(flags);
  const keys = Object.keys(v);
  if (keys.length > 1 || (keys.length === 1 && keys[0] !== id)) {
    throw new UsageError(`--expect names ${keys.join(', ')}; this action edits only ${id}`);
  }
  return v[id];
}

/** A command-line value: JSON when it parses (objects, numbers, true, null), else the text itself. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * `vigil review merge|split|detach|set …`: an analyst's decision, recorded with who (--actor),
 * when and why (--reason), and kept through every later re-resolution.
 */
export async function reviewCommand(
  config: Config,
  action: string,
  args: string[],
  flags: ReviewFlags,
): Promise<number> {
  if (!flags.reason?.trim()) throw new UsageError('every review decision needs --reason "why"');
  const base = { actor: config.actor, reason: flags.reason };
  const app = await createApp(config);
  try {
    let result: Incident[];
    switch (action) {
      case 'merge':
        if (args.length < 2) throw new UsageError('review merge needs at least two incident ids');
        result = await mergeIncidents(
          app.store,
          { ...base, ids: args, expectedVersions: versions(flags) },
          app,
        );
        break;
      case 'split': {
        const [id, ...rest] = args;
        if (!id || rest.length)
          throw new UsageError('review split takes one incident id and --group claim,claim for each group');
        const groups = (flags.group ?? []).map((g) =>
          g
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
        if (!groups.length) throw new UsageError('review split needs at least one --group claim,claim');
        result = await splitIncident(
          app.store,
          { ...base, id, claimGroups: groups, expectedVersion: single(flags, id) },
          app,
        );
        break;
      }
      case 'detach': {
        const [incidentId, claimId] = args;
        if (!incidentId || !claimId || args.length > 2)
          throw new UsageError('review detach takes an incident id and a claim id');
        result = await detachClaim(
          app.store,
          { ...base, incidentId, claimId, expectedVersion: single(flags, incidentId) },
          app,
        );
        break;
      }
      case 'set': {
        const [id, field, value] = args;
        if (!id || !field || value === undefined || args.length > 3) {
          throw new UsageError(
            `review set takes an incident id, a field (${SETTABLE_FIELDS.join(', ')}) and a value`,
          );
        }
        result = await setIncidentField(
          app.store,
          {
            ...base,
            id,
            field: field as SettableField,
            value: parseValue(value),
            expectedVersion: single(flags, id),
          },
          app,
        );
        break;
      }
      default:
        throw new UsageError(`unknown review action "${action}" (merge, split, detach or set)`);
    }
    if (flags.json) {
      for (const i of result) process.stdout.write(`${JSON.stringify(i)}\n`);
    } else {
      const rows = result.map((i) => [
        i.id,
        String(i.version),
        i.grade,
        String(i.claimIds.length),
        truncate(i.gradeReason, 70),
      ]);
      process.stdout.write(`${table(['id', 'version', 'grade', 'claims', 'why'], rows)}\n`);
    }
    return EXIT.ok;
  } finally {
    await app.close();
  }
}
