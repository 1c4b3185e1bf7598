/**
 * Content-addressed storage for original bytes. `put` is idempotent: the same bytes give the
 * same address and are written once. Writes are atomic (a crash never leaves a partial blob
 * under a real address).
 */
export interface BlobStore {
  put(bytes: Uint8Array): Promise<{ sha256: string; size: number; existed: boolean }>;
  /** Streams a file in, hashing as it goes, never holding it whole in memory. */
  putFile(path: string): Promise<{ sha256: string; size: number; existed: boolean }>;
  get(sha256: string): Promise<Uint8Array>;
  has(sha256: string): Promise<boolean>;
  /** The file path of a blob, for streaming readers. */
  pathOf(sha256: string): string;
}
