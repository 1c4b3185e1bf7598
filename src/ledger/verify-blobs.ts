import { existsSync } from 'node:fs';
import { hashFile } from '../evidence/hash-file.ts';
import type { Finding, VerifyDeps } from './verify.ts';

/**
 * Re-hashes every file the record points at, from disk: the original bytes of every report
 * (BlobStore), every evidentiary copy (SHA-256, MD5, size, still read-only) and every working
 * copy. Files in the vault that no record accounts for are noted (an interrupted add leaves one).
 */
export async function checkBlobs(
  deps: VerifyDeps,
  failures: Finding[],
  notes: string[],
): Promise<{ blobs: number; evidenceFiles: number }> {
  let blobs = 0;
  for await (const original of deps.store.reports.originals()) {
    blobs++;
    const where = `original ${original.sha256} (${original.origin})`;
    const got = await deps.blobs.rehash(original.sha256).catch((error: Error) => error);
    if (got === null) {
      failures.push({ area: 'blob', where, what: 'its bytes are missing from the blob store' });
      continue;
    }
    if (got instanceof Error) {
      failures.push({ area: 'blob', where, what: `cannot be read: ${got.message}` });
    } else if (got.sha256 !== original.sha256) {
      failures.push({
        area: 'blob',
        where,
        what: `its bytes now hash to ${got.sha256}: they were altered`,
      });
    } else if (got.size !== original.size) {
      failures.push({
        area: 'blob',
        where,
        what: `is ${got.size} bytes, but ${original.size} were recorded`,
      });
    }
    if (blobs % 500 === 0) deps.onProgress?.('originals', blobs, 0);
  }

  let evidenceFiles = 0;
  const recorded = new Set<string>();
  const total = await deps.store.evidence.count();
  for (let offset = 0; offset < total; offset += 500) {
    for (const item of await deps.store.evidence.files({ limit: 500, offset })) {
      evidenceFiles++;
      recorded.add(item.sha256);
      const where = `evidence ${item.id} (${item.fileName})`;
      const got = await deps.vault.rehash(item.sha256).catch((error: Error) => error);
      if (got === null) {
        failures.push({
          area: 'evidence-file',
          where,
          what: `its evidentiary copy is missing (${deps.vault.pathOf(item.sha256)})`,
        });
        continue;
      }
      if (got instanceof Error) {
        failures.push({ area: 'evidence-file', where, what: `cannot be read: ${got.message}` });
        continue;
      }
      if (got.sha256 !== item.sha256) {
        failures.push({
          area: 'evidence-file',
          where,
          what: `its evidentiary copy now hashes to ${got.sha256}: the file was altered`,
        });
      } else if (got.md5 !== item.md5) {
        failures.push({
          area: 'evidence-file',
          where,
          what: `its MD5 is now ${got.md5}, not the recorded ${item.md5}`,
        });
      } else if (got.size !== item.size) {
        failures.push({
          area: 'evidence-file',
          where,
          what: `is ${got.size} bytes, but ${item.size} were recorded`,
        });
      }
      if ((await deps.vault.isReadOnly(item.sha256)) === false) {
        failures.push({ area: 'evidence-file', where, what: 'its evidentiary copy is no longer read-only' });
      }
      for (const copy of await deps.store.evidence.workingCopies(item.id)) {
        const path = deps.vault.workingPathOf(copy.sha256);
        const cwhere = `working copy ${copy.id} (${copy.role} of ${item.id})`;
        if (!existsSync(path)) {
          failures.push({ area: 'evidence-file', where: cwhere, what: 'its file is missing' });
          continue;
        }
        const w = await hashFile(path).catch((error: Error) => error);
        if (w instanceof Error || w.sha256 !== copy.sha256) {
          failures.push({
            area: 'evidence-file',
            where: cwhere,
            what: w instanceof Error ? `cannot be read: ${w.message}` : `its file now hashes to ${w.sha256}`,
          });
        }
      }
      deps.onProgress?.('evidence', evidenceFiles, total);
    }
  }
  let orphans = 0;
  for await (const sha of deps.vault.held()) if (!recorded.has(sha)) orphans++;
  if (orphans)
    notes.push(
      `${orphans} file(s) in the vault have no evidence record (an interrupted add leaves one; harmless)`,
    );
  return { blobs, evidenceFiles };
}
