/** What a fetch may give back. Failures are values: the caller reports them and goes on. */
export type FetchOutcome =
  | { ok: true; url: string; finalUrl: string; status: number; contentType: string | null; bytes: Uint8Array }
  | { ok: false; url: string; reason: string };

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

/**
 * Fetches one URL over http(s) within limits (time, size, redirects). Never throws for a
 * network or HTTP failure; returns `{ ok: false, reason }` with a one-line reason.
 */
export interface Fetcher {
  fetch(url: string, limits: FetchLimits): Promise<FetchOutcome>;
}
