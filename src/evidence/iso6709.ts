/**
 * Parses the ISO 6709 point strings phones write into video files ("+35.5104+035.7792/",
 * "+35.5104+035.7792+012.5/", or degree-minute(-second) forms such as "+3530.62+03546.75/").
 * Returns null for anything else. Pure.
 */
export function parseIso6709(text: string): { lat: number; lon: number; altitude: number | null } | null {
  const m =
    /^\s*([+-]\d{2}(?:\d{2}){0,2}(?:\.\d+)?)([+-]\d{3}(?:\d{2}){0,2}(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?(?:CRS[^/]*)?\/?\s*$/.exec(
      text,
    );
  if (!m) return null;
  const lat = degrees(m[1]!, 2);
  const lon = degrees(m[2]!, 3);
  if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { lat, lon, altitude: m[3] ? Number(m[3]) : null };
}

function degrees(part: string, degreeDigits: number): number | null {
  const sign = part.startsWith('-') ? -1 : 1;
  const body = part.slice(1);
  const [whole = '', fraction = ''] = body.split('.');
  const frac = fraction ? Number(`0.${fraction}`) : 0;
  const d = Number(whole.slice(0, degreeDigits));
  const rest = whole.slice(degreeDigits);
  let value: number;
  if (rest.length === 0) value = d + frac;
  else if (rest.length === 2) value = d + (Number(rest) + frac) / 60;
  else if (rest.length === 4)
    value = d + Number(rest.slice(0, 2)) / 60 + (Number(rest.slice(2)) + frac) / 3600;
  else return null;
  return Number.isFinite(value) ? Math.round(sign * value * 1e7) / 1e7 : null;
}
