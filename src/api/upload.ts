import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { UsageError } from '../errors.ts';

/** A file received in a multipart body: on disk in a private temporary folder, hashed. */
export interface ReceivedFile {
  field: string;
  fileName: string;
  mediaType: string;
  path: string;
  sha256: string;
  size: number;
}

export interface Upload {
  fields: Record<string, string>;
  files: ReceivedFile[];
  /** Removes the temporary files (call in a finally). */
  cleanup(): Promise<void>;
}

/** Upload limits exceeded mid-stream: reported as 413 by the error handler. */
export class FileTooLargeError extends Error {
  readonly statusCode = 413;
  readonly code = 'FST_REQ_FILE_TOO_LARGE';
}

/**
 * Why a file name is refused, or null. Names are kept as metadata only (the vault addresses
 * files by hash), but a name with a path in it is an attack or a mistake: say so.
 */
export function fileNameProblem(name: string): string | null {
  if (name.length === 0) return 'a file has no name';
  if (name.length > 255) return 'a file name is longer than 255 characters';
  if (/[/\\]/.test(name)) return 'a file name must not contain a path (no "/" or "\\")';
  if (name === '.' || name === '..' || name.includes('..')) return 'a file name must not contain ".."';
  if (/[\p{Cc}]/u.test(name)) return 'a file name must not contain control characters';
  return null;
}

/**
 * Streams every file of a multipart body to a temporary file, hashing it with SHA-256 on
 * arrival (one pass, never whole in memory), and collects the text fields. On any problem the
 * files received so far are removed before the error propagates.
 */
export async function receiveUpload(req: FastifyRequest, fileFields: readonly string[]): Promise<Upload> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-upload-'));
  const fields: Record<string, string> = {};
  const files: ReceivedFile[] = [];
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        if (typeof part.value !== 'string') throw new UsageError(`field "${part.fieldname}" must be text`);
        if (Object.hasOwn(fields, part.fieldname))
          throw new UsageError(`field "${part.fieldname}" is given twice`);
        fields[part.fieldname] = part.value;
        continue;
      }
      if (!fileFields.includes(part.fieldname)) {
        part.file.resume();
        throw new UsageError(
          `unexpected file field "${part.fieldname}": send files as ${fileFields.join(' or ')}`,
        );
      }
      const problem = fileNameProblem(part.filename ?? '');
      if (problem) {
        part.file.resume();
        throw new UsageError(problem);
      }
      const path = join(dir, `upload-${files.length}`);
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      await pipeline(part.file, meter, createWriteStream(path, { mode: 0o600 }));
      if (part.file.truncated) throw new FileTooLargeError('file too large');
      files.push({
        field: part.fieldname,
        fileName: part.filename,
        mediaType: part.mimetype || 'application/octet-stream',
        path,
        sha256: hash.digest('hex'),
        size,
      });
    }
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { fields, files, cleanup };
}
