import { fail, ok, type Result } from '../../errors.ts';

const strict = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 strictly; an invalid sequence is a failure naming its byte offset. */
export function decodeUtf8(bytes: Uint8Array): Result<string> {
  try {
    let text = strict.decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return ok(text);
  } catch {
    return fail(`invalid UTF-8 at byte ${firstInvalidUtf8(bytes)}`);
  }
}

function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n =
      c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}
