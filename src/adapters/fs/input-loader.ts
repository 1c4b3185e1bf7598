import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { IngestInput, Loaded } from '../../pipeline/ingest/run-ingest.ts';
import type { BlobStore } from '../../ports/blob-store.ts';
import type { Fetcher, FetchLimits } from '../../ports/fetcher.ts';

/** Expands the user's arguments: folders recursively (sorted, dot-files skipped), `-`, URLs. */
export async function expandTargets(targets: string[]): Promise<IngestInput[]> {
  const out: IngestInput[] = [];
  for (const target of targets) {
    if (target === '-') out.push({ label: '-', kind: 'stdin' });
    else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) out.push({ label: target, kind: 'url' });
    else out.push(...(await walk(target)));
  }
  return out;
}

async function walk(path: string): Promise<IngestInput[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    // Loading it will name the problem; listing must not stop the other inputs.
    return [{ label: path, kind: 'file' }];
  }
  if (!info.isDirectory()) return [{ label: path, kind: 'file' }];
  const entries = (await readdir(path, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name));
  const out: IngestInput[] = [];
  for (const e of entries) out.push(...(await walk(join(path, e.name))));
  return out;
}

export interface LoaderOptions {
  maxParseBytes: number;
  fetchLimits: FetchLimits;
  stdin: () => AsyncIterable<Uint8Array>;
}

/** Loads inputs from the file system, standard input or the network. */
export function inputLoader(fetcher: Fetcher, blobs: BlobStore, options: LoaderOptions) {
  return async function load(input: IngestInput): Promise<Loaded> {
    if (input.kind === 'url') {
      const r = await fetcher.fetch(input.label, options.fetchLimits);
      return r.ok ? { ok: true, bytes: r.bytes, url: r.finalUrl } : { ok: false, reason: r.reason };
    }
    if (input.kind === 'stdin') {
      const chunks: Uint8Array[] = [];
      for await (const c of options.stdin()) chunks.push(c);
      return { ok: true, bytes: new Uint8Array(Buffer.concat(chunks)), url: null };
    }
    let size: number;
    try {
      const info = await stat(input.label);
      if (!info.isFile()) return { ok: false, reason: 'not a regular file' };
      size = info.size;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { ok: false, reason: code === 'ENOENT' ? 'no such file' : `cannot read (${code})` };
    }
    try {
      if (size > options.maxParseBytes) {
        // Kept whole, but streamed: a file over the cap is never held in memory.
        const stored = await blobs.putFile(input.label);
        const handle = await open(input.label, 'r');
        try {
          const head = new Uint8Array(8192);
          const { bytesRead } = await handle.read(head, 0, head.length, 0);
          return { ok: true, stored, head: head.subarray(0, bytesRead), url: null };
        } finally {
          await handle.close();
        }
      }
      const handle = await open(input.label, 'r');
      try {
        return { ok: true, bytes: new Uint8Array(await handle.readFile()), url: null };
      } finally {
        await handle.close();
      }
    } catch (error) {
      return {
        ok: false,
        reason: `cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      };
    }
  };
}
