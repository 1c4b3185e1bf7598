/**
 * Content-addressed storage for original bytes. `put` is idempotent: the same bytes give the
 * same address and are written once. Writes are atomic (a crash never leaves a partial blob
 * under a real address). Small blobs (up to `holdLimit` bytes) may live inside the record store
 * itself (`Store.heldBytes`), larger ones and every `putFile` as files; reads look in both, so a
 * store whose originals were all files keeps working.
 */
export interface BlobStore {
  put(bytes: Uint8Array): Promise<{ sha256: string; size: number; existed: boolean }>;
  /** Streams a file in, hashing as it goes, never holding it whole in memory; always a file. */
  putFile(path: string): Promise<{ sha256: string; size: number; existed: boolean }>;
  get(sha256: string): Promise<Uint8Array>;
  has(sha256: string): Promise<boolean>;
  /**
   * Reads a blob back and hashes it: its SHA-256 and size now, or null when it is held nowhere
   * (what `vigil verify` checks an original against).
   */
  rehash(sha256: string): Promise<{ sha256: string; size: number } | null>;
  /**
   * The file path of a blob kept as a file (one stored by `putFile`, or over `holdLimit`), for
   * streaming readers. A blob held in the record store has no file: read it with `get`.
   */
  pathOf(sha256: string): string;
  /** The SHA-256 of bytes, without keeping them. */
  addressOf(bytes: Uint8Array): string;
  /**
   * Blobs up to this many bytes are held in the record store (0: none). A caller that records
   * an original of that size in a transaction holds its bytes there with `Store.heldBytes.hold`,
   * in the same transaction, instead of calling `put` first: the bytes and their record then
   * commit together, and no file is created per report.
   */
  readonly holdLimit: number;
}

/**
 * Bytes held inside the record store (the `held_originals` table), so that they commit in the
 * same transaction as the record that refers to them. Addressed by SHA-256, which the caller
 * computed; `hold` is idempotent and returns false when the address was already held.
 */
export interface HeldBytes {
  hold(sha256: string, bytes: Uint8Array): Promise<boolean>;
  /** The bytes held under this address, or null. */
  get(sha256: string): Promise<Uint8Array | null>;
  has(sha256: string): Promise<boolean>;
}
