import { fmix32, hashString } from './text-tokens.ts';

/**
 * A short, stable id from text: 64 bits of two independent 32-bit hashes in base 36. Incident
 * ids come from the claim that founded the incident, so a re-run over the same claims in the
 * same order gives the same ids.
 */
export function stableId(prefix: string, text: string): string {
  const a = hashString(text);
  // The second hash is FNV-1a of the text followed by a NUL, continued from the first rather
  // than re-reading a copy of the text: the same value, one pass.
  const b = fmix32(Math.imul(a, 0x01000193) ^ 0x5bd1e995);
  return `${prefix}-${base36Pair(a, b)}`;
}

const BASE36 = Array.from({ length: 36 }, (_, i) => i.toString(36).charCodeAt(0));
const CODES = new Array<number>(14).fill(48);

/**
 * Two 32-bit numbers in base 36, seven digits each (zero-padded): what
 * `toString(36).padStart(7, '0')` gives for each, without the four strings made on the way
 * (ids are made for every claim placed).
 */
function base36Pair(a: number, b: number): string {
  for (let i = 6; i >= 0; i--) {
    CODES[i] = BASE36[a % 36]!;
    a = Math.floor(a / 36);
    CODES[7 + i] = BASE36[b % 36]!;
    b = Math.floor(b / 36);
  }
  const c = CODES;
  // biome-ignore format: one call with the fourteen codes, kept on two lines
  return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!,
    c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!);
}

export function incidentIdFor(claimId: string, attempt = 0): string {
  return stableId('inc', attempt === 0 ? claimId : `${claimId}#${attempt}`);
}
