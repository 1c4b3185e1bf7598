import type { Readable } from 'node:stream';

/** Hashes of a file read once, end to end. */
export interface FileDigest {
  sha256: string;
  md5: string;
  size: number;
}

/** A file streamed into the vault's staging area and hashed, not yet in place. */
export interface StagedFile extends FileDigest {
  /** Where the staged copy is, for metadata readers (it is deleted by commit or discard). */
  path: string;
}

/**
 * Where evidentiary copies live: content addressed by SHA-256, written once, read-only.
 * Intake is two-step so that nothing is half stored: `stage` streams and hashes a file into a
 * private staging area (failing, and leaving nothing, if the file changes or vanishes while
 * it is read); `commit` moves it into place, or `discard` drops it.
 */
export interface EvidenceVault {
  stage(path: string, options?: { onProgress?: (bytes: number) => void }): Promise<StagedFile>;
  /** Moves a staged file into place read-only; `existed` when those bytes were already there. */
  commit(staged: StagedFile): Promise<{ existed: boolean }>;
  discard(staged: StagedFile): Promise<void>;
  /** Deletes an evidentiary copy: only to roll back a commit whose record failed to be written. */
  rollback(sha256: string): Promise<void>;
  has(sha256: string): Promise<boolean>;
  pathOf(sha256: string): string;
  open(sha256: string): Readable;
  /** Reads a held copy end to end and hashes it again; null when the file is missing. */
  rehash(sha256: string): Promise<FileDigest | null>;
  /** Whether the evidentiary copy is still read-only (null when missing). */
  isReadOnly(sha256: string): Promise<boolean | null>;
  /** Stores a working copy (thumbnail, redacted version) apart from the evidentiary copies. */
  putWorking(bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  /** Stores a working copy from a file, streamed. */
  putWorkingFile(path: string): Promise<{ sha256: string; size: number }>;
  workingPathOf(sha256: string): string;
  /** Every evidentiary copy on disk, by SHA-256 (to find files no record accounts for). */
  held(): AsyncIterable<string>;
}
