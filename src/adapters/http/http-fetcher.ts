import type { Fetcher, FetchLimits, FetchOutcome } from '../../ports/fetcher.ts';

const ACCEPTED =
  /^(text\/(html|plain|markdown|xml)|application\/(xhtml\+xml|rss\+xml|atom\+xml|rdf\+xml|xml|json|x-ndjson|jsonl|pdf))\b/i;

/**
 * Fetches over http(s) with Node's fetch. Redirects are followed by hand so that a loop or
 * too many hops is named; the body is read as a stream and cut off at the size cap.
 */
export function httpFetcher(userAgent = 'Vigil/0.1 (+https://github.com/vigil)'): Fetcher {
  return {
    async fetch(url, limits: FetchLimits): Promise<FetchOutcome> {
      const fail = (reason: string): FetchOutcome => ({ ok: false, url, reason });
      let current: URL;
      try {
        current = new URL(url);
      } catch {
        return fail('not a valid URL');
      }
      const seen = new Set<string>();
      const deadline = AbortSignal.timeout(limits.timeoutMs);
      for (let hop = 0; ; hop++) {
        if (current.protocol !== 'http:' && current.protocol !== 'https:') {
          return fail(`unsupported URL scheme ${current.protocol}`);
        }
        if (seen.has(current.href)) return fail(`redirect loop at ${current.href}`);
        seen.add(current.href);
        let response: Response;
        try {
          response = await fetch(current, {
            redirect: 'manual',
            signal: deadline,
            headers: {
              'user-agent': userAgent,
              accept:
                'text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/pdf,text/plain;q=0.9,*/*;q=0.5',
            },
          });
        } catch (error) {
          return fail(describeNetworkError(error, limits.timeoutMs));
        }
        if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
          await response.body?.cancel();
          if (hop >= limits.maxRedirects)
            return fail(`too many redirects (more than ${limits.maxRedirects})`);
          current = new URL(response.headers.get('location')!, current);
          continue;
        }
        if (!response.ok) {
          await response.body?.cancel();
          return fail(`HTTP ${response.status} ${response.statusText}`.trim());
        }
        const contentType = response.headers.get('content-type');
        if (contentType && !ACCEPTED.test(contentType)) {
          await response.body?.cancel();
          return fail(`unsupported content type ${contentType.split(';')[0]}`);
        }
        const declared = Number(response.headers.get('content-length') ?? 'NaN');
        if (declared > limits.maxBytes) {
          await response.body?.cancel();
          return fail(`response larger than the size cap (${declared} bytes > ${limits.maxBytes})`);
        }
        try {
          const bytes = await readCapped(response, limits.maxBytes);
          if (!bytes) return fail(`response larger than the size cap (${limits.maxBytes} bytes)`);
          return { ok: true, url, finalUrl: current.href, status: response.status, contentType, bytes };
        } catch (error) {
          return fail(describeNetworkError(error, limits.timeoutMs));
        }
      }
    },
  };
}

async function readCapped(response: Response, max: number): Promise<Uint8Array | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const code = e.cause?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found (DNS lookup failed)';
  if (code === 'ECONNREFUSED') return 'unreachable host (connection refused)';
  if (code === 'ECONNRESET') return 'connection reset by the server';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'unreachable host (no route)';
  return `network error: ${e.cause?.message ?? e.message ?? String(error)}`;
}
