/**
 * Perceptual hashes over grey pixels: 64-bit values that change little when an image is
 * resized, recompressed or slightly recoloured, and a lot when its content changes. Compared by
 * Hamming distance (bits that differ, 0..64). Pure functions; decoding happens elsewhere.
 */

/** Side of the grey square a pHash is computed from. */
export const PHASH_SIDE = 32;
/** dHash reads a 9×8 grey grid (8 horizontal differences on each of 8 rows). */
export const DHASH_WIDTH = 9;
export const DHASH_HEIGHT = 8;

/**
 * Below this standard deviation (in 0..255 grey levels) an image is too uniform for a
 * perceptual hash to mean anything: every blank or single-colour frame would match every other.
 */
export const MIN_CONTRAST = 2;

/** Difference hash: bit set where a pixel is brighter than its right-hand neighbour. */
export function dHash(grey9x8: Uint8Array): string {
  if (grey9x8.length !== DHASH_WIDTH * DHASH_HEIGHT) throw new RangeError('dHash needs 9×8 grey pixels');
  const bits: number[] = [];
  for (let y = 0; y < DHASH_HEIGHT; y++) {
    for (let x = 0; x < DHASH_WIDTH - 1; x++) {
      const i = y * DHASH_WIDTH + x;
      bits.push(grey9x8[i]! > grey9x8[i + 1]! ? 1 : 0);
    }
  }
  return bitsToHex(bits);
}

const COS = (() => {
  const n = PHASH_SIDE;
  const table = new Float64Array(8 * n);
  for (let u = 0; u < 8; u++) {
    for (let x = 0; x < n; x++) table[u * n + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * n));
  }
  return table;
})();

/**
 * DCT hash: the 8×8 lowest frequencies of a 2-D DCT-II of the 32×32 image, each bit set where
 * the coefficient is above their median (the DC term, overall brightness, is left out of the
 * median so a brightness change does not move every bit).
 */
export function pHash(grey32: Uint8Array): string {
  const n = PHASH_SIDE;
  if (grey32.length !== n * n) throw new RangeError('pHash needs 32×32 grey pixels');
  // Separable DCT: rows first (only the 8 lowest frequencies are ever needed), then columns.
  const rows = new Float64Array(n * 8);
  for (let y = 0; y < n; y++) {
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let x = 0; x < n; x++) s += grey32[y * n + x]! * COS[u * n + x]!;
      rows[y * 8 + u] = s;
    }
  }
  const coeffs: number[] = [];
  for (let v = 0; v < 8; v++) {
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let y = 0; y < n; y++) s += rows[y * 8 + u]! * COS[v * n + y]!;
      coeffs.push(s);
    }
  }
  const ac = coeffs.slice(1).sort((a, b) => a - b);
  const median = (ac[31]! + ac[32]!) / 2;
  return bitsToHex(coeffs.map((c) => (c > median ? 1 : 0)));
}

/** Standard deviation of grey levels: how much there is to hash. */
export function contrast(grey: Uint8Array): number {
  let sum = 0;
  let sq = 0;
  for (const g of grey) {
    sum += g;
    sq += g * g;
  }
  const mean = sum / grey.length;
  return Math.sqrt(Math.max(0, sq / grey.length - mean * mean));
}

/** Box-averages a square grey image down to a 9×8 grid (for dHash of video frames). */
export function downsample9x8(grey: Uint8Array, side: number): Uint8Array {
  const out = new Uint8Array(DHASH_WIDTH * DHASH_HEIGHT);
  for (let y = 0; y < DHASH_HEIGHT; y++) {
    const y0 = Math.floor((y * side) / DHASH_HEIGHT);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * side) / DHASH_HEIGHT));
    for (let x = 0; x < DHASH_WIDTH; x++) {
      const x0 = Math.floor((x * side) / DHASH_WIDTH);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * side) / DHASH_WIDTH));
      let s = 0;
      for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) s += grey[yy * side + xx]!;
      out[y * DHASH_WIDTH + x] = Math.round(s / ((y1 - y0) * (x1 - x0)));
    }
  }
  return out;
}

/** Bits that differ between two 64-bit hashes written as 16 hex digits. */
export function hamming(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < 16; i += 8) {
    let x = (Number.parseInt(a.slice(i, i + 8), 16) ^ Number.parseInt(b.slice(i, i + 8), 16)) >>> 0;
    while (x) {
      x &= x - 1;
      d++;
    }
  }
  return d;
}

function bitsToHex(bits: number[]): string {
  let out = '';
  for (let i = 0; i < bits.length; i += 4) {
    out += ((bits[i]! << 3) | (bits[i + 1]! << 2) | (bits[i + 2]! << 1) | bits[i + 3]!).toString(16);
  }
  return out;
}
