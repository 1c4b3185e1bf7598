import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { UsageError } from './errors.ts';

/**
 * Everything a run can be told. Sources, highest first: command-line flags, environment
 * (VIGIL_*), defaults. (A config file may join between env and defaults later.)
 */
export const ConfigSpec = z.object({
  db: z.string().min(1).default('./vigil.db'),
  blobs: z.string().min(1).optional(),
  actor: z.string().min(1).default('cli'),
  maxParseBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024),
  fetchTimeoutMs: z.coerce.number().int().positive().default(20_000),
  fetchMaxBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024),
  fetchMaxRedirects: z.coerce.number().int().nonnegative().default(5),
  debug: z.boolean().default(false),
});
export type ConfigInput = z.input<typeof ConfigSpec>;

export interface Config extends Omit<z.output<typeof ConfigSpec>, 'blobs'> {
  /** Where original bytes live: beside an embedded store by default. */
  blobs: string;
  storeKind: 'sqlite' | 'postgres';
}

export function normalizeConfig(flags: Partial<ConfigInput>, env: NodeJS.ProcessEnv = process.env): Config {
  const fromEnv: Partial<ConfigInput> = {
    db: env.VIGIL_DB,
    blobs: env.VIGIL_BLOBS,
    actor: env.VIGIL_ACTOR,
    maxParseBytes: env.VIGIL_MAX_PARSE_BYTES as never,
    fetchTimeoutMs: env.VIGIL_FETCH_TIMEOUT_MS as never,
    fetchMaxBytes: env.VIGIL_FETCH_MAX_BYTES as never,
  };
  const merged = { ...strip(fromEnv), ...strip(flags) };
  const parsed = ConfigSpec.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`invalid setting ${issue.path.join('.')}: ${issue.message}`);
  }
  const c = parsed.data;
  const storeKind = /^postgres(ql)?:\/\//.test(c.db) ? 'postgres' : 'sqlite';
  const blobs =
    c.blobs ??
    (storeKind === 'sqlite' && c.db !== ':memory:'
      ? join(dirname(c.db), `${basename(c.db).replace(/\.[^.]+$/, '')}.blobs`)
      : './vigil-data/blobs');
  return { ...c, blobs, storeKind };
}

function strip<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}
