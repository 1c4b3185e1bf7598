// The dashboard's filters live in the URL, so a view can be bookmarked, shared and reloaded.

export interface Filters {
  from?: string;
  to?: string;
  type?: string;
  grade?: string;
  source?: string;
  origin?: string;
  q?: string;
}

export const FILTER_KEYS = ['from', 'to', 'type', 'grade', 'source', 'origin', 'q'] as const;

export function readFilters(search: string = location.search): Filters {
  const params = new URLSearchParams(search);
  const out: Filters = {};
  for (const key of FILTER_KEYS) {
    const v = params.get(key);
    if (v) out[key] = v;
  }
  return out;
}

/** The query string for the API (and the URL) from filters, keys in a stable order. */
export function toQuery(filters: Filters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const v = filters[key];
    if (v) params.set(key, v);
  }
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

export const EVENT_TYPES = [
  'Battles',
  'Explosions/Remote violence',
  'Violence against civilians',
  'Protests',
  'Riots',
  'Strategic developments',
  'Displacement',
  'Extortion',
  'Humanitarian condition',
  'Official statement',
  'Call for investigation',
];

export const GRADES = ['confirmed', 'fair', 'weak', 'contested', 'discounted'];

/** One colour per event type (colour-blind-safe where it matters: violence stands out). */
export const TYPE_COLORS: Record<string, string> = {
  Battles: '#7f3b08',
  'Explosions/Remote violence': '#d73027',
  'Violence against civilians': '#a50026',
  Protests: '#4575b4',
  Riots: '#74add1',
  'Strategic developments': '#8073ac',
  Displacement: '#1b7837',
  Extortion: '#b35806',
  'Humanitarian condition': '#e08214',
  'Official statement': '#666666',
  'Call for investigation': '#542788',
};

export const GRADE_COLORS: Record<string, string> = {
  confirmed: '#1a9850',
  fair: '#4575b4',
  weak: '#9e9e9e',
  contested: '#f46d43',
  discounted: '#d9d9d9',
};
