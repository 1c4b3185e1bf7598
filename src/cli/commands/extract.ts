import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { defaultPlaceIndex } from '../../adapters/memory/default-gazetteer.ts';
import { parseGeoNamesDump } from '../../adapters/memory/geonames-dump.ts';
import type { MutablePlaceIndex } from '../../adapters/memory/place-index.ts';
import type { Config } from '../../config.ts';
import { EXIT, InputError, UsageError } from '../../errors.ts';
import type { ActorEntry } from '../../pipeline/extract/actors.ts';
import { extractText, type TextInput } from '../../pipeline/extract/extract-text.ts';
import type { PlaceIndex } from '../../ports/gazetteer.ts';

export interface ExtractFlags {
  input?: string;
  output?: string;
  published?: string;
  source?: string;
  url?: string;
  id?: string;
  gazetteer?: string;
  actors?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const InputRecord = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  text: z.string(),
  published: z.string().regex(DATE, 'published must be YYYY-MM-DD').nullish(),
  source: z.string().nullish(),
  url: z.string().nullish(),
});

const ActorFile = z.array(
  z.object({
    name: z.string().min(1),
    pattern: z.string().min(1),
    role: z.enum(['perpetrator', 'target']),
    state: z.boolean().optional(),
  }),
);

/**
 * `vigil extract FILE|-` prints one JSON record for a text; `--input in.jsonl --output
 * out.jsonl` writes one line per input record. No database is needed: places come from the
 * default gazetteer, plus the store's user-added places when the database file exists, plus
 * `--gazetteer FILE` (a GeoNames dump).
 */
export async function extractCommand(
  config: Config,
  target: string | undefined,
  flags: ExtractFlags,
): Promise<number> {
  if (flags.published && !DATE.test(flags.published))
    throw new UsageError(`--published must be YYYY-MM-DD, got "${flags.published}"`);
  if (flags.input && target) throw new UsageError('give either a FILE or --input, not both');
  if (!flags.input && !target)
    throw new UsageError('give a FILE (or - for standard input), or --input FILE.jsonl');
  if (flags.input && !flags.output) throw new UsageError('--input needs --output FILE.jsonl');
  const actors = flags.actors ? readActors(flags.actors) : undefined;
  const records = flags.input ? readRecords(flags.input) : null;
  // Read the input before the (slow) gazetteer load, so bad input fails fast.
  const text = records ? null : target === '-' ? readFileSync(0, 'utf8') : readText(target!);
  const places = await loadPlaces(config, flags.gazetteer);
  const deps = { places, actors };
  if (records) {
    const out = flags.output!;
    const tmp = `${out}.partial`;
    // Written beside the target and renamed at the end: a failed run leaves no half file.
    try {
      const lines = records.map((r) => JSON.stringify(extractText(r, deps)));
      writeFileSync(tmp, lines.length ? `${lines.join('\n')}\n` : '');
      renameSync(tmp, out);
    } catch (error) {
      rmSync(tmp, { force: true });
      throw error;
    }
    process.stderr.write(`extracted ${records.length} record(s) into ${out}\n`);
    return EXIT.ok;
  }
  const record = extractText(
    {
      id: flags.id ?? (target === '-' ? 'stdin' : target!),
      text: text!,
      published: flags.published,
      source: flags.source,
      url: flags.url,
    },
    deps,
  );
  process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
  return EXIT.ok;
}

function readText(path: string): string {
  if (!existsSync(path)) throw new InputError(`cannot read ${path}: no such file`);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

function readRecords(path: string): TextInput[] {
  const lines = readText(path).split('\n');
  const out: TextInput[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new InputError(`${path} line ${i + 1}: not valid JSON`);
    }
    const parsed = InputRecord.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new InputError(`${path} line ${i + 1}: ${issue.path.join('.') || 'record'}: ${issue.message}`);
    }
    out.push(parsed.data);
  }
  return out;
}

function readActors(path: string): ActorEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(readText(path));
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: not valid JSON`);
  }
  const parsed = ActorFile.safeParse(value);
  if (!parsed.success)
    throw new InputError(`${path}: expected [{"name","pattern","role"}]: ${parsed.error.issues[0]!.message}`);
  for (const a of parsed.data) {
    try {
      new RegExp(a.pattern);
    } catch {
      throw new InputError(`${path}: actor "${a.name}" has an invalid pattern`);
    }
  }
  return parsed.data;
}

async function loadPlaces(config: Config, dump: string | undefined): Promise<PlaceIndex> {
  const extra = dump ? parseGeoNamesDump(readText(dump), 'import') : null;
  if (extra && extra.entries.length === 0)
    throw new InputError(`${dump}: no GeoNames rows (19 tab-separated columns)`);
  // User-added places live in the store: read them when there is one, never create one.
  const hasStore = config.storeKind === 'postgres' || (config.db !== ':memory:' && existsSync(config.db));
  let index: MutablePlaceIndex;
  if (hasStore) {
    const { createApp } = await import('../../app.ts');
    const app = await createApp(config);
    try {
      // The memory adapters' index takes additions; the port only promises reads.
      index = (await app.gazetteer.index()) as MutablePlaceIndex;
    } finally {
      await app.close();
    }
  } else {
    index = defaultPlaceIndex();
  }
  for (const e of extra?.entries ?? []) index.add(e);
  return index;
}
