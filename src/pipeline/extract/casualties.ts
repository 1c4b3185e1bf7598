import type { Casualties, CasualtyKind, CasualtyRange } from '../../domain/casualties.ts';
import { type Count, countFromMatch, NUMBER, numberValue, QUANTITY } from './numbers.ts';

const PERSON =
  'people|persons|person|civilians?|residents?|villagers?|inhabitants|men|man|women|woman|children|child|kids|boys?|girls?|babies|baby|infants?|minors|teenagers?|youths?|students?|farmers?|shepherds?|herders?|fishermen|workers?|labou?rers|journalists?|reporters?|doctors?|nurses?|medics?|paramedics?|volunteers?|soldiers?|troops|servicemen|fighters?|militants?|rebels?|insurgents?|gunmen|policem[ae]n|police officers?|officers?|members?|protesters?|demonstrators?|worshippers?|pilgrims?|refugees?|migrants?|relatives|brothers?|sisters?|sons?|daughters?|victims?|bodies|individuals|passengers?|prisoners?|detainees?|hostages?|miners?|traders?|merchants?|families|family|households|Alawites|Christians|Muslims|Kurds|Druze|Yazidis|elderly|pupils|nationals|staff|employees|guards?|personnel|combatants|Palestinians|Israelis|Ukrainians|Russians|Syrians|Sudanese|Afghans';

const NON_PERSON =
  /^(?:houses?|homes?|buildings?|vehicles?|cars?|trucks?|rockets?|shells?|missiles?|drones?|mortars?|bombs?|villages?|towns?|days?|weeks?|months?|years?|hours?|minutes?|kilometres?|kilometers?|km|miles?|metres?|meters?|percent|per|dollars?|pounds?|euros?|tons?|tonnes?|shops?|schools?|hospitals?|mosques?|churches?|times|rounds?|sites?|locations?|attacks?|strikes?|incidents?|cases?|reports?|areas?|neighbou?rhoods?|districts?|provinces?|camps?|tents?|checkpoints?|positions?|bases?|o'clock|am|pm|a\.m|p\.m)$/i;

const PERSON_RE = new RegExp(`^(?:${PERSON})$`, 'i');
const STOP =
  /^(?:were|was|have|has|had|are|is|and|or|but|when|in|on|at|after|as|who|while|during|by|from|to|with|wounded|killed|injured|dead|died|missing|abducted|kidnapped|displaced|fled|others|more|including|among|since)$/i;

const KIN =
  'brothers?|sisters?|sons?|daughters?|nephews?|nieces?|cousins?|fathers?|mothers?|wife|wives|husbands?|grandfathers?|grandmothers?|grandsons?|granddaughters?|grandchildren|grandchild|uncles?|aunts?|child|children|babies|baby|infants?|parents|man|men|woman|women|boys?|girls?';
const KIN_LIST = new RegExp(
  `\\b(?:(?:his|her|their) )?(?:(?:${NUMBER}) )?(?:${KIN})(?:,? (?:and |along with )?(?:(?:his|her|their) )?(?:(?:${NUMBER}) )?(?:${KIN}))+\\b`,
  'gi',
);
const KIN_CUE =
  /brother|sister|\bsons?\b|daughter|nephew|niece|cousin|father|mother|wife|wives|husband|grand|uncle|aunt|\bbab|infant|parent|child/i;
const FAMILY_OF = new RegExp(`\\b(?:a|one|the) family of (${NUMBER})\\b`, 'gi');
const SINGLE =
  /\b(?:a|an|one) (?:(?:young|elderly|local|displaced|\p{Lu}[\p{L}-]+) )?(?:civilian|man|woman|child|boy|girl|baby|infant|teenager|farmer|shepherd|person|resident|villager|student|worker|journalist|doctor|nurse|soldier|fighter|policeman|police officer|officer|protester|worshipper|refugee|guard|trader|driver|teacher|imam|priest)\b/giu;
const NONE = /\b(?:no one|nobody|no casualties|no deaths|no fatalities|no injuries|none)\b/gi;

const KEYWORDS: [CasualtyKind, RegExp, boolean][] = [
  // [kind, words, a number may follow the word ("killed 12", "death toll rose to 745")]
  [
    'killed',
    /\b(?:death toll(?: (?:rose|climbed|reached|stands|stood|has risen|rises|jumped))?(?: (?:to|at|of))?|killed|killing|kills|dead|deaths|died|fatalities|lost their lives|slain|executed|executing|massacred|murdered|shot dead|gunned down|lynched|lynching|beheaded|beaten to death|stabbed to death|burned alive|bodies|casualties|lives lost)\b/gi,
    true,
  ],
  ['injured', /\b(?:wounded|injured|injuries|wounding|injuring|hurt|maimed)\b/gi, true],
  [
    'abducted',
    /\b(?:kidnapped|abducted|abducting|kidnapping|missing|disappeared|taken hostage|hostages|held captive|seized)\b/gi,
    true,
  ],
  [
    'displaced',
    /\b(?:displaced|displacing|fled|flee|fleeing|forced to flee|homeless|evacuated|evicted|evicting|expelled|expelling|deported|driven out|uprooted|refugees)\b/gi,
    true,
  ],
];

interface Phrase extends Count {
  /** The phrase names people ("12 civilians") rather than a bare number. */
  people: boolean;
  used?: boolean;
  /** Part of a larger count: "including three children". */
  subset?: boolean;
}

/** Counts of people in a sentence: numbers with a person noun, family and kin phrases. */
function phrases(s: string): Phrase[] {
  const out: Phrase[] = [];
  const taken = (a: number, b: number) => out.some((p) => a < p.end && b > p.start);
  for (const m of s.matchAll(NONE))
    out.push({ min: 0, max: 0, text: m[0], start: m.index, end: m.index + m[0].length, people: true });
  if (/family of/i.test(s))
    for (const m of s.matchAll(FAMILY_OF)) {
      const n = numberValue(m[1]!);
      if (!Number.isNaN(n))
        out.push({ min: n, max: n, text: m[0], start: m.index, end: m.index + m[0].length, people: true });
    }
  if (KIN_CUE.test(s))
    for (const m of s.matchAll(KIN_LIST)) {
      if (taken(m.index, m.index + m[0].length)) continue;
      const parts = m[0].split(/,? (?:and |along with )|, /);
      let total = 0;
      for (const part of parts) {
        const head = /^(?:(.+) )?(\S+)$/.exec(part.trim().replace(/^(?:his|her|their)(?:\s+|$)/i, ''));
        const q = head?.[1];
        const n =
          !q || /^(?:his|her|their|a|an|one)$/i.test(q)
            ? /(?:s|ren|men)$/i.test(head![2]!) && q && !/^(?:a|an|one)$/i.test(q)
              ? 2
              : 1
            : numberValue(q);
        total += Number.isNaN(n) ? 1 : n;
      }
      out.push({
        min: total,
        max: /\b(?:his|her|their) \w+(?:s|ren)\b/i.test(m[0]) ? null : total,
        text: m[0],
        start: m.index,
        end: m.index + m[0].length,
        people: true,
      });
    }
  QUANTITY.lastIndex = 0;
  for (let m = QUANTITY.exec(s); m; m = QUANTITY.exec(s)) {
    if (taken(m.index, m.index + m[0].length)) continue;
    const count = countFromMatch(m);
    if (!count) continue;
    const after = s.slice(count.end, count.end + 60);
    if (/^\s+of (?:them|whom|those)\b/i.test(after)) continue;
    if (/^\s*(?:%|-year-old|-years?-old|years? old|st\b|nd\b|rd\b|th\b|:\d|\/\d|[.,]\d)/i.test(after))
      continue;
    if (/(?:\$|US\$|€|£|aged |age |No\. ?)$/i.test(s.slice(Math.max(0, count.start - 6), count.start)))
      continue;
    // "a girl of about ten": an age, not a count.
    if (
      /\b(?:boy|girl|child|baby|man|woman|teenager|son|daughter) of (?:about |around |some )?$/i.test(
        s.slice(Math.max(0, count.start - 30), count.start),
      )
    )
      continue;
    const words =
      after
        .match(/^(?:\s+(?:of\s+)?[\p{L}'’-]+){1,4}/u)?.[0]
        .trim()
        .split(/\s+/) ?? [];
    let people = false;
    let nonPerson = false;
    let families = false;
    for (const w of words.slice(0, 4)) {
      if (w === 'of') continue;
      if (PERSON_RE.test(w)) {
        people = true;
        families = /^(?:families|households)$/i.test(w);
        break;
      }
      if (STOP.test(w)) break;
      if (
        NON_PERSON.test(w) ||
        /^(?:January|February|March|April|May|June|July|August|September|October|November|December)$/.test(w)
      ) {
        nonPerson = true;
        break;
      }
    }
    // A four-digit number standing alone is a year, not a count.
    if (!people && /^(?:1[89]|20)\d\d$/.test(m[0])) continue;
    if (nonPerson) continue;
    if (/^a$|^an$/i.test(count.text)) continue;
    // Each family or household is at least one person; how many more is not said.
    out.push(families ? { ...count, max: null, people } : { ...count, people });
  }
  for (const m of s.matchAll(SINGLE)) {
    if (taken(m.index, m.index + m[0].length)) continue;
    out.push({ min: 1, max: 1, text: m[0], start: m.index, end: m.index + m[0].length, people: true });
  }
  for (const p of out)
    if (
      /\b(?:including|among them|among whom|of whom|mostly|mainly|(?:one|two|three|four|five|some|many|most|all) of (?:them|whom)(?: (?:was|were))?,?)\s+$/i.test(
        s.slice(Math.max(0, p.start - 28), p.start),
      )
    )
      p.subset = true;
  return out.sort((a, b) => a.start - b.start);
}

const PLURAL_VICTIMS =
  /\b(civilians|residents|villagers|people|men|women|children|families|farmers|worshippers|protesters|demonstrators|students|workers|Alawites)\b/i;
const PLURALS =
  'civilians|residents|villagers|people|men|women|children|families|farmers|worshippers|protesters|demonstrators|students|workers|Alawites';
const VICTIMS_KILLED = new RegExp(
  `\\b(?:${PLURALS})\\s+(?:were\\s+|have been\\s+)?(?:killed|dead|died|executed|massacred)|(?:killed|killing|killings of|massacred|executed)\\s+(?:\\w+\\s+)?(?:${PLURALS})`,
  'i',
);
const SINGULAR_VICTIM =
  /\b(civilian|man|woman|child|boy|girl|farmer|resident|shepherd|student|worker|journalist|protester)\b/i;

/**
 * Casualty figures of one sentence by kind. A number follows the word ("killed 12") or stands
 * before it ("12 civilians were killed"); each number is used once, so "killed 5 and wounded
 * 12" gives 5 killed and 12 injured. A victim noun without a number gives the grammatical
 * floor (one for "a civilian", two for "civilians") and never a point value.
 */
export function casualtiesIn(s: string): Casualties {
  const found: Casualties = { killed: null, injured: null, abducted: null, displaced: null };
  const counts = phrases(s);
  const hits: { kind: CasualtyKind; start: number; end: number; follows: boolean }[] = [];
  for (const [kind, re, follows] of KEYWORDS) {
    re.lastIndex = 0;
    for (const m of s.matchAll(re)) hits.push({ kind, start: m.index, end: m.index + m[0].length, follows });
  }
  hits.sort((a, b) => a.start - b.start);
  const set = (kind: CasualtyKind, c: Phrase, from: number, to: number) => {
    c.used = true;
    if (found[kind]) return;
    found[kind] = {
      min: c.min,
      max: c.max,
      text: s.slice(Math.min(c.start, from), Math.max(c.end, to)),
    } satisfies CasualtyRange;
  };
  // Number after the word: "killed at least 12", "death toll rose to 745".
  for (const h of hits) {
    if (!h.follows || found[h.kind]) continue;
    const c = counts.find(
      (p) =>
        !p.used &&
        !p.subset &&
        p.start >= h.end &&
        /^\s*(?:of\s+)?$/.test(s.slice(h.end, p.start)) &&
        p.start - h.end <= 5,
    );
    if (c) set(h.kind, c, h.start, h.end);
  }
  // Number before the word: "12 civilians were killed", "five dead".
  for (const h of hits) {
    if (found[h.kind]) continue;
    // An aside naming part of the count ("Three civilians, one of them a girl, were killed")
    // sits between the count and its verb: allow for it.
    const near = (p: Phrase) =>
      h.start - p.end <= 45 ||
      (h.start - p.end <= 75 && counts.some((q) => q.subset && q.start > p.end && q.end <= h.start));
    const before = counts.filter((p) => !p.used && !p.subset && p.end <= h.start && near(p));
    // The nearest count that can be the subject: a bare number must sit right before the verb.
    const c = before.reverse().find((p) => {
      const between = s.slice(p.end, h.start);
      if (/[;:]|\bbut\b/.test(between)) return false;
      return (
        p.people ||
        /^\s*(?:(?:were|have been|had been|was|are|reportedly|people|civilians)\s+)*$/i.test(between)
      );
    });
    if (!c) continue;
    set(h.kind, c, h.start, h.end);
  }
  // A victim noun without a number.
  for (const h of hits) {
    if (found[h.kind] || h.kind === 'displaced') continue;
    const from = Math.max(0, h.start - 40);
    const window = s.slice(from, Math.min(s.length, h.end + 25));
    const plural = PLURAL_VICTIMS.exec(window);
    const single = SINGULAR_VICTIM.exec(window);
    const span = (m: RegExpExecArray) => {
      const a = from + m.index;
      const b = Math.max(a + m[0].length, h.end);
      return s.slice(Math.min(a, h.start), b);
    };
    if (single && (!plural || single.index < plural.index)) {
      found[h.kind] = { min: 1, max: 1, text: span(single) };
    } else if (plural && (h.kind !== 'killed' || VICTIMS_KILLED.test(window))) {
      found[h.kind] = { min: 2, max: null, text: span(plural) };
    }
  }
  return found;
}
