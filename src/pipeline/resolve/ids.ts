import { fmix32, hashString } from './text-signature.ts';

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
  return `${prefix}-${a.toString(36).padStart(7, '0')}${b.toString(36).padStart(7, '0')}`;
}

export function incidentIdFor(claimId: string, attempt = 0): string {
  return stableId('inc', attempt === 0 ? claimId : `${claimId}#${attempt}`);
}
