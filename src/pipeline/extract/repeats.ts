import type { Claim } from '../../domain/claim.ts';
import { familyOf } from '../../domain/taxonomy.ts';

const STOPWORDS = new Set(
  'the a an and or of in on at to for from with by as is are was were be been being has have had that this these those it its their his her they them he she also still which who whom while despite including into than then there here not no but so if'.split(
    ' ',
  ),
);

const stems = new Map<string, string>();

function contentWords(s: string): Set<string> {
  const out = new Set<string>();
  for (const w of s.toLowerCase().split(/[\s.,;:!?“”"‘’'()[\]—–-]+/)) {
    if (w.length < 3 || STOPWORDS.has(w)) continue;
    // A crude stem so "bombarded" meets "bombardment" and "homes" meets "home".
    let stem = stems.get(w);
    if (stem === undefined) {
      stem = w.replace(/(?:ments?|ings?|ed|es|s)$/, '').slice(0, 7);
      if (stems.size < 100_000) stems.set(w, stem);
    }
    out.add(stem);
  }
  return out;
}

function numbers(s: string): string {
  return (s.match(/\d[\d,.]*/g) ?? []).sort().join(' ');
}

function samePlace(a: Claim, b: Claim): boolean {
  if (!a.place || !b.place) return !a.place && !b.place;
  if (a.place.gazetteerId && a.place.gazetteerId === b.place.gazetteerId) return true;
  return a.place.name.toLowerCase() === b.place.name.toLowerCase();
}

/**
 * Links each claim to the earliest earlier claim of the same report that says the same
 * thing: same kind of event, same place, the same figures, and sentences sharing most of
 * their content words. Resolution folds repeats; extraction only marks them.
 */
export function linkRepeats(claims: Claim[], triggers: string[]): void {
  // Words are read only for claims that have a candidate: most claims have none.
  const bySentence = new Map<string, Set<string>>();
  const wordsOf = (c: Claim) => {
    let w = bySentence.get(c.quote);
    if (!w) {
      w = contentWords(c.quote);
      bySentence.set(c.quote, w);
    }
    return w;
  };
  // Candidates share kind, type and place; only the latest few of each are compared, so a
  // huge input of near-identical sentences stays linear.
  const buckets = new Map<string, Claim[]>();
  for (let j = 0; j < claims.length; j++) {
    const b = claims[j]!;
    const key = `${b.type}|${b.subType}|${triggers[j]}|${b.place?.gazetteerId ?? b.place?.name.toLowerCase() ?? ''}`;
    const bucket = buckets.get(key) ?? [];
    for (let k = Math.max(0, bucket.length - 50); k < bucket.length; k++) {
      const a = bucket[k]!;
      if (a.sentence === b.sentence || !samePlace(a, b) || numbers(a.quote) !== numbers(b.quote)) continue;
      const wa = wordsOf(a);
      const wb = wordsOf(b);
      let shared = 0;
      for (const w of wb) if (wa.has(w)) shared++;
      const overlap = shared / Math.max(1, Math.min(wa.size, wb.size));
      if (overlap >= 0.45) {
        b.repeatOf = a.repeatOf ?? a.id;
        break;
      }
    }
    bucket.push(b);
    buckets.set(key, bucket);
    if (bySentence.size > 10_000) bySentence.clear();
  }
}

const FAMILY_WEIGHT: Record<string, number> = {
  violence: 3,
  property: 2,
  displacement: 2,
  protest: 2,
  condition: 1.5,
  statement: 1,
};

/**
 * How central a claim is to its report: violence over statements, casualties, an early
 * position, and how often the report repeats it. The report's main event sorts first.
 */
export function scoreSalience(claims: Claim[], sentenceCount: number): void {
  const repeats = new Map<string, number>();
  for (const c of claims) if (c.repeatOf) repeats.set(c.repeatOf, (repeats.get(c.repeatOf) ?? 0) + 1);
  for (const c of claims) {
    const family = familyOf(c.type, c.subType);
    let s = FAMILY_WEIGHT[family] ?? 1;
    if (c.type === 'Strategic developments' && c.subType !== 'Looting/property destruction') s = 1.5;
    const killed = c.casualties.killed?.min ?? 0;
    const hurt = (c.casualties.injured?.min ?? 0) + (c.casualties.abducted?.min ?? 0);
    s += Math.log10(1 + killed) + 0.5 * Math.log10(1 + hurt);
    s += 2 * (1 - (c.sentence ?? 0) / Math.max(1, sentenceCount));
    s += 0.5 * (repeats.get(c.id) ?? 0);
    if (c.repeatOf) s -= 0.25;
    if (c.attribution.stance === 'denied' || c.attribution.stance === 'unverified') s -= 0.5;
    c.salience = Math.round(s * 1000) / 1000;
  }
}
