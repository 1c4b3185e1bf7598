import { countryCode } from '../geocode/countries.ts';
import {
  ACTOR_NOUN,
  AFTER_RULES,
  BEFORE_LAST,
  BEFORE_RULES,
  BEFORE_UNION,
  CONNECTOR,
  cleanName,
  DIRECTION,
  NAME,
  NAME_RE,
  NOUN_RELATION,
  NOUN_RULE,
  PHRASE_NOUN,
  plausible,
  RULES,
  type Rule,
  STOP_FIRST,
  TRAILING_NOUN,
} from './place-rules.ts';

/** How a mention relates to where the event happened. */
export type PlaceRelation = 'at' | 'near' | 'admin1' | 'admin2' | 'region' | 'country';

/** Words in a sentence that name a place, with what the grammar says about them. */
export interface PlaceMention {
  name: string;
  text: string;
  start: number;
  end: number;
  relation: PlaceRelation;
  /** A locative cue came with it ("in", "the town of", "countryside"); bare names need more. */
  cue: boolean;
  /** seat: "authorities in Damascus" names who speaks, not where it happened. */
  role: 'event' | 'destination' | 'seat';
  /** The place it lies in or near: "Harison in the Baniyas countryside". */
  context: PlaceMention | null;
  /** A country this mention names directly ("Syria", "Syrian"). */
  country: string | null;
  /** The whole phrase: "the Jableh countryside", "the town of Harison". */
  phrase: string;
  /** The name to look up when it differs from the name shown ("Gaza" for "Gaza City"). */
  lookup?: string;
  phraseEnd: number;
}

/** Capitalised names of a sentence, leading function words ("In", "The") dropped. */
function names(sentence: string): { name: string; raw: string; start: number }[] {
  const out: { name: string; raw: string; start: number }[] = [];
  NAME_RE.lastIndex = 0;
  for (const m of sentence.matchAll(NAME_RE)) {
    let raw = m[0];
    let start = m.index;
    for (
      let w = /^(\S+)\s+/.exec(raw);
      w && (STOP_FIRST.has(w[1]!) || CONNECTOR.test(w[1]!));
      w = /^(\S+)\s+/.exec(raw)
    ) {
      raw = raw.slice(w[0].length);
      start += w[0].length;
    }
    out.push({ name: cleanName(raw), raw, start });
  }
  return out;
}

/**
 * Place mentions of one sentence, with their relation (at, near, inside a region), their
 * role (the event's place, a destination, a government's seat) and the context place that
 * follows them ("in the Baniyas countryside", "south of Latakia").
 */
export function placeMentions(sentence: string, excluded: [number, number][] = []): PlaceMention[] {
  const found: PlaceMention[] = [];
  const taken = (a: number, b: number) =>
    found.some((f) => a < f.end && b > f.start) || excluded.some(([x, y]) => a < y && b > x);
  const candidates = names(sentence);
  for (const c of candidates) {
    // "Sagaing Region", "Idlib Governorate", "Baniyas Countryside": the noun says the relation.
    const noun = TRAILING_NOUN.exec(c.name);
    let lookup: string | undefined;
    if (noun) {
      // "Gaza City" keeps its name; "Sagaing Region" is Sagaing, read as a region.
      if (/^(?:City|Town|Village|Camp)$/.test(noun[1]!)) lookup = c.name.slice(0, noun.index);
      else c.name = c.name.slice(0, noun.index);
    }
    const start = c.start + c.raw.indexOf(c.name);
    const end = start + c.name.length;
    if (!plausible(c.name) || taken(start, end)) continue;
    // Rules read the words before the whole name ("at Russia’s Hmeimim Airbase").
    const before = sentence.slice(Math.max(0, c.start - 48), c.start);
    const after = sentence.slice(end, end + 50);
    let hit: { rule: Rule; phraseStart: number; phraseEnd: number } | null = noun
      ? { rule: NOUN_RULE, phraseStart: c.start, phraseEnd: c.start + c.raw.length }
      : null;
    if (!hit) {
      // One scan for every "words before" rule (the leftmost wins), then the "words after"
      // rules; of the two, the rule listed first in RULES decides.
      // Every "before" rule ends in one of a few words: test the union only after one.
      const last = /(\S+)\s*$/.exec(before)?.[1]?.toLowerCase() ?? '';
      const m = BEFORE_LAST.has(last) || /^\d/.test(last) ? BEFORE_UNION.exec(before) : null;
      if (m) {
        let g = 1;
        while (m[g] === undefined) g++;
        hit = { rule: BEFORE_RULES[g - 1]!, phraseStart: c.start - m[0].length, phraseEnd: end };
      }
      for (const rule of AFTER_RULES) {
        if (hit && RULES.indexOf(hit.rule) < RULES.indexOf(rule)) break;
        const a = rule.after!.exec(after);
        if (a) {
          hit = { rule, phraseStart: start, phraseEnd: end + a[0].length };
          break;
        }
      }
    }
    // "attacked the Carrefour-Feuilles neighbourhood of …": the noun belongs to the phrase.
    if (hit?.rule.before) {
      const noun = PHRASE_NOUN.exec(after);
      if (noun) hit.phraseEnd = end + noun[0].length;
    }
    const country = countryCode(c.name);
    if (!hit) {
      // "Russian warplanes", "Syrian authorities": an adjective naming who acts, not where.
      if (country && !ACTOR_NOUN.test(after)) {
        const relation = isRegion(sentence, start, end) ? 'region' : 'country';
        found.push({
          name: c.name,
          text: c.raw,
          start,
          end,
          relation,
          cue: false,
          role: 'event',
          context: null,
          country,
          phrase: regionPhrase(sentence, start, end, relation),
          phraseEnd: end,
        });
      }
      continue;
    }
    const relation = country
      ? isRegion(sentence, start, end)
        ? 'region'
        : 'country'
      : noun
        ? NOUN_RELATION[noun[1]!.toLowerCase()]!
        : hit.rule.relation;
    const phrase = country
      ? regionPhrase(sentence, start, end, relation)
      : sentence
          .slice(hit.phraseStart, hit.phraseEnd)
          .replace(
            /^(?:in|at|from|to|into|inside|across|towards|toward|through|within|throughout|on|near|close to|outside|around)\s+/i,
            '',
          );
    found.push({
      name: c.name,
      text: c.raw,
      start,
      end,
      relation,
      cue: true,
      role: hit.rule.role ?? 'event',
      context: null,
      country,
      phrase,
      phraseEnd: hit.phraseEnd,
      ...(lookup ? { lookup } : {}),
    });
  }
  // Lists continue a cue: "in Latakia, Jableh and Baniyas".
  for (const f of [...found]) {
    const rest = sentence.slice(f.end);
    const list = new RegExp(`^(?:(?:'s|’s)?,? (?:and |or )?(${NAME}))+`, 'u').exec(rest);
    if (!list) continue;
    let offset = f.end;
    for (const part of list[0].split(/,\s*(?:and |or )?|\s+(?:and|or)\s+/)) {
      const name = cleanName(part);
      const at = sentence.indexOf(name, offset);
      if (!name || at < 0) continue;
      offset = at + name.length;
      if (!plausible(name) || taken(at, at + name.length)) continue;
      const country = countryCode(name);
      found.push({
        name,
        text: part,
        start: at,
        end: at + name.length,
        relation: country ? 'country' : f.relation,
        cue: true,
        role: f.role,
        context: null,
        country,
        phrase: name,
        phraseEnd: at + name.length,
      });
    }
  }
  // Place names in Arabic script inside an English sentence.
  for (const m of sentence.matchAll(/\p{Script=Arabic}+(?:\s+\p{Script=Arabic}+){0,2}/gu)) {
    if (taken(m.index, m.index + m[0].length)) continue;
    found.push({
      name: m[0],
      text: m[0],
      start: m.index,
      end: m.index + m[0].length,
      relation: 'at',
      cue: true,
      role: 'event',
      context: null,
      country: null,
      phrase: m[0],
      phraseEnd: m.index + m[0].length,
    });
  }
  found.sort((a, b) => a.start - b.start);
  // Link a mention to the context right after it.
  for (let i = 0; i + 1 < found.length; i++) {
    const a = found[i]!;
    const b = found[i + 1]!;
    const from = Math.min(Math.max(a.end, a.phraseEnd), b.start);
    const between = sentence.slice(from, b.start);
    if (b.start - from <= 30 && LINK.test(between) && a.role === b.role) {
      if (a.relation !== 'country' || b.relation === 'country') a.context = b;
    }
  }
  return found;
}

function regionPhrase(sentence: string, start: number, end: number, relation: PlaceRelation): string {
  if (relation !== 'region') return sentence.slice(start, end);
  const after =
    /^(?:'s|’s)?\s+(?:coastal region|coast|border areas|border|countryside|interior|mountains|desert|north|south|east|west)/i.exec(
      sentence.slice(end, end + 24),
    );
  const before = /(?:north|south|east|west|central)\w*\s+$/i.exec(
    sentence.slice(Math.max(0, start - 16), start),
  );
  return `${before?.[0] ?? ''}${sentence.slice(start, end)}${after?.[0] ?? ''}`;
}

/** "northern Syria", "Syria's coast", "the Syrian coast": part of a country. */
function isRegion(sentence: string, start: number, end: number): boolean {
  return (
    /(?:northern|southern|eastern|western|central|north-|south-|north|south|east|west)\w*\s+$/i.test(
      sentence.slice(Math.max(0, start - 16), start),
    ) ||
    /^(?:'s|’s)?\s+(?:coast|coastal|border|borders|north|south|east|west|interior|countryside|mountains|desert|heartland|hinterland|border areas)\b/i.test(
      sentence.slice(end, end + 24),
    )
  );
}

const LINK = new RegExp(
  `^(?:'s|’s)?,?\\s*(?:(?:in|near|outside|of)\\s+(?:the\\s+)?(?:${DIRECTION}\\s+)?|(?:\\d+ ?(?:km|kilometres|kilometers|miles) )?${DIRECTION}(?:ern)? of\\s+(?:the\\s+)?)?$`,
  'iu',
);

/** Bare capitalised names: candidates only a strong gazetteer match can turn into places. */
export function bareNames(
  sentence: string,
  mentions: PlaceMention[],
  excluded: [number, number][],
): PlaceMention[] {
  const out: PlaceMention[] = [];
  const re = new RegExp(NAME, 'gu');
  for (const m of sentence.matchAll(re)) {
    const name = cleanName(m[0]);
    const a = m.index;
    const b = a + name.length;
    // Capitals-only words are acronyms or shouted titles ("VDC", "DAILY REPORT"), not places.
    if (a === 0 || !plausible(name) || !/\p{Ll}/u.test(name)) continue;
    if (mentions.some((f) => a < f.end && b > f.start) || excluded.some(([x, y]) => a < y && b > x)) continue;
    out.push({
      name,
      text: m[0],
      start: a,
      end: b,
      relation: 'at',
      cue: false,
      role: 'event',
      context: null,
      country: null,
      phrase: name,
      phraseEnd: b,
    });
  }
  return out;
}
