import { countryCode } from '../geocode/countries.ts';

/** Who a report names as the owner of a statement, tracked across its sentences. */
export interface Speaker {
  name: string;
  /** named: an organisation or person; group: "residents", "witnesses"; unnamed: "reports say". */
  kind: 'named' | 'group' | 'unnamed';
  official: boolean;
  /** The words of the attribution ("The Syrian Observatory for Human Rights reported"). */
  text: string;
}

interface Org {
  name: string;
  words: string[];
  acronym: string;
  head: string;
  official: boolean;
  rights: boolean;
  monitor: boolean;
}

interface Person {
  name: string;
  org: string | null;
  official: boolean;
}

/** What attribution remembers while reading a report in order. */
export interface AttributionState {
  orgs: Org[];
  persons: Person[];
  lastOrg: Org | null;
  lastPerson: Person | null;
  lastGroup: Speaker | null;
  last: Speaker | null;
}

export function newAttributionState(): AttributionState {
  return { orgs: [], persons: [], lastOrg: null, lastPerson: null, lastGroup: null, last: null };
}

const HEADS =
  'Observatory|Collective|Desk|Network|Watch|Commission|Committee|Council|Ministry|Agency|Office|Organi[sz]ation|Foundation|Institute|Centre|Center|Coalition|Federation|Association|Front|Army|Government|Administration|Authority|Directorate|Command|Mission|Programme|Program|Fund|Crescent|Cross|Nations|International|Project|Monitor|Initiative|Presidency|Police|Forces|Department|Service|Tribunal|Court|Union|Bureau|Group|Doctors|Frontiers|Monitors|Defenders|Assembly|League|Forum|Council';
const CAP = "(?:[A-Z][\\p{L}'’.-]*|al-[A-Z][\\p{L}'’-]*|UN|U\\.N\\.)";
const CONNECT = '(?:for|of|the|and|on|in|de|du|des|without)';
const ORG = new RegExp(
  `(?:${CAP}\\s+(?:${CONNECT}\\s+)*){0,5}(?:${HEADS})(?:\\s+(?:${CONNECT}\\s+)*${CAP}){0,5}`,
  'gu',
);
const HEAD_CUE = new RegExp(`\\b(?:${HEADS})\\b`);
const orgCache = { sentence: '', matches: [] as RegExpExecArray[] };

/** ORG matches of a sentence, computed once however many rules ask. */
function orgMatches(sentence: string): RegExpExecArray[] {
  if (orgCache.sentence !== sentence) {
    orgCache.sentence = sentence;
    orgCache.matches = HEAD_CUE.test(sentence) ? [...sentence.matchAll(ORG)] : [];
  }
  return orgCache.matches;
}

const KNOWN_ORGS =
  /\b(?:Amnesty International|Human Rights Watch|Médecins Sans Frontières|Doctors Without Borders|UNICEF|UNHCR|OCHA|UNRWA|ICRC|WHO|WFP|ACLED|Airwars|Reuters|AFP|Associated Press|BBC|Al Jazeera|SANA)\b/g;

const KNOWN_CUE =
  /[A-Z]{2}|Amnesty|Human Rights Watch|Médecins|Doctors Without|Airwars|Reuters|Associated Press|Al Jazeera/;

const OFFICIAL =
  /\b(?:Ministry|Government|Army|Armed Forces|Military|Forces|Police|Presidency|President|Prime Minister|Minister|Spokes(?:man|woman|person)|Command|Authorities|Interior|Defen[cs]e|Governor|General|Colonel|Brigadier|officials?|authorities|the army|the military|police|state media|state news agency|SANA)\b/;

// "Residents the Monitor reached": the people a body spoke to are not part of its name.
const SPOKEN_TO =
  /^(?:Residents|Witnesses|Eyewitnesses|Activists|Locals|Villagers|Survivors|Relatives|Families|Medics|Sources)\s+(?=the\s)/;

function canonical(name: string): string {
  let n = name
    .replace(SPOKEN_TO, '')
    .replace(
      /^(?:(?:Despite|Meanwhile|However|While|After|As|When|Since|Although|But|And|Yet|In|On|At|For|The|the|Both|Also)\s+|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+(?=the\s))+/,
      '',
    )
    .replace(/(?:'s|’s)$/, '')
    // "Syria's Ministry of Defence on Wednesday": the country owning it and the day are not its name.
    .replace(/^[A-Z][\p{L}-]+(?:'s|’s)\s+(?=[A-Z])/u, '')
    .replace(
      /\s+(?:on|in|at|late|early)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)\b.*$/,
      '',
    )
    .replace(/\s+(?:for|of|the|and|on|in)$/i, '')
    .trim();
  // "Defense Ministry" and "Ministry of Defense" are one body.
  n = n.replace(
    /\b((?:[A-Z][\p{L}-]*\s+)*?)([A-Z][\p{L}-]+)\s+Ministry\b(?!\s+of)/u,
    (_m, pre: string, what: string) => {
      const adjective =
        /^(?:Syrian|Russian|Ukrainian|Iraqi|Israeli|Sudanese|Turkish|Iranian|Lebanese|Yemeni|Malian|Nigerian|Afghan|Congolese|Ethiopian|Somali)\s+$/.test(
          pre,
        );
      return `${adjective ? pre : ''}Ministry of ${what}`;
    },
  );
  return n.replace(/\bDefence\b/, 'Defense');
}

// Rescue services named "Civil Defence" speak for no armed force.
const CIVIL = /\bcivil defen[cs]e\b/i;

function makeOrg(name: string): Org {
  const words = name.split(/\s+/).filter((w) => /^[A-Z]/.test(w));
  return {
    name,
    words: words.map((w) => w.toLowerCase()),
    acronym: words.map((w) => w[0]).join(''),
    head: (name.match(new RegExp(`\\b(?:${HEADS})\\b`, 'g')) ?? ['']).at(-1)!.toLowerCase(),
    official: OFFICIAL.test(name) && !CIVIL.test(name),
    rights: /Rights|Amnesty|Watch|Defenders/.test(name),
    monitor: /Observatory|Monitor|Network|Airwars|ACLED|Project/.test(name),
  };
}

function remember(state: AttributionState, name: string): Org {
  const c = canonical(name);
  const existing = resolveOrg(state, c);
  if (existing && existing.name.length >= c.length) return existing;
  const org = makeOrg(c);
  state.orgs.push(org);
  return org;
}

function resolveOrg(state: AttributionState, mention: string): Org | null {
  const c = canonical(mention);
  const lower = c.toLowerCase();
  const words = lower.split(/\s+/).filter((w) => !/^(?:for|of|the|and|on|in)$/.test(w));
  let best: Org | null = null;
  for (const o of state.orgs) {
    const fits =
      o.name.toLowerCase() === lower ||
      (c === c.toUpperCase() && c.length >= 2 && o.acronym === c) ||
      (words.length > 0 && words.every((w) => o.words.includes(w)));
    if (fits && (!best || o.name.length > best.name.length)) best = o;
  }
  return best;
}

/** Registers the organisations and people a sentence names, so later short forms resolve. */
export function learnNames(sentence: string, state: AttributionState): void {
  for (const m of orgMatches(sentence)) {
    const name = m[0].trim();
    if (name.split(/\s+/).length < 2 && !/^(?:Amnesty|Interpol)$/.test(name)) continue;
    if (/^(?:The\s+)?(?:Ministry|Government|Army|Police|Forces|Group|Council|Office|Front)$/.test(name))
      continue;
    state.lastOrg = remember(state, name);
  }
  if (KNOWN_CUE.test(sentence))
    for (const m of sentence.matchAll(KNOWN_ORGS)) state.lastOrg = remember(state, m[0]);
  // "Adam Coogle, the deputy director at Human Rights Watch"
  const person =
    /\b((?:President|Minister|General|Gen\.|Colonel|Dr\.?|Mr\.?|Ms\.?|Mrs\.?)\s+)?([A-Z][\p{L}'’-]+(?:\s+(?:al-|el-|bin\s+|ibn\s+)?[A-Z][\p{L}'’-]+){1,3}),\s+(?:the\s+|a\s+|an\s+)?[^,]{0,100}?\b(?:at|of|for|with|from)\s+((?:the\s+)?[A-Z][^,.;]*)/u.exec(
      sentence,
    );
  if (person) {
    const org = resolveOrg(
      state,
      person[3]!.replace(/\s+(?:stated|said|told|added|warned|reported|noted|explained).*$/, ''),
    );
    const p = { name: person[2]!, org: org?.name ?? null, official: Boolean(org?.official) };
    state.persons.push(p);
    state.lastPerson = p;
  }
  const titled =
    /\b(President|Prime Minister|Minister|Governor|General|Commander|Spokesman|Spokeswoman|Spokesperson)\s+([A-Z][\p{L}'’-]+(?:\s+(?:al-|el-)?[A-Z][\p{L}'’-]+){0,3})/u.exec(
      sentence,
    );
  if (titled) {
    const p = { name: `${titled[1]} ${titled[2]}`, org: null, official: true };
    state.persons.push(p);
    state.lastPerson = p;
  }
}

/** Spans of organisation and person names, which are never places. */
export function nameSpans(sentence: string, state: AttributionState): [number, number][] {
  const spans: [number, number][] = [];
  for (const matches of [
    orgMatches(sentence),
    KNOWN_CUE.test(sentence) ? [...sentence.matchAll(KNOWN_ORGS)] : [],
  ]) {
    for (const m of matches) {
      const text = m[0].trim();
      if (text.split(/\s+/).length >= 2 || /^(?:Amnesty|UNICEF|UNHCR|OCHA|ICRC|WHO|WFP)$/.test(text))
        spans.push([m.index, m.index + m[0].length]);
    }
  }
  for (const p of state.persons) {
    for (let at = sentence.indexOf(p.name); at >= 0; at = sentence.indexOf(p.name, at + 1))
      spans.push([at, at + p.name.length]);
  }
  const titled =
    /\b(?:President|Prime Minister|Minister|Governor|General|Commander|Spokesman|Spokeswoman|Spokesperson|Mr|Mrs|Ms|Dr|Colonel|Sheikh)\.?\s+[A-Z][\p{L}'’-]+(?:\s+(?:al-|el-)?[A-Z][\p{L}'’-]+){0,3}/gu;
  for (const m of sentence.matchAll(titled)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

/** An official body the sentence names ("the Defense Ministry’s claim"), resolved to its full name. */
export function officialNamed(sentence: string, state: AttributionState): string | null {
  for (const m of orgMatches(sentence)) {
    const org = resolveOrg(state, m[0]) ?? makeOrg(canonical(m[0]));
    if (org.official) return org.name;
  }
  return null;
}

const SPEECH =
  /\b(?:(?:has|have|had|also|further|earlier|later|previously|repeatedly|publicly|separately|reportedly)\s+)*(reported|reports|report|said|says|say|stated|states|told|tells|announced|announces|announce|declared|declares|warned|warns|added|adds|noted|notes|highlighted|highlights|documented|documents|confirmed|confirms|claimed|claims|accused|accuses|accuse|decried|decries|condemned|condemns|described|describe|describes|alleged|alleges|denied|denies|deny|insisted|explained|revealed|indicated|indicate|indicates|suggest|suggests|suggested|estimated|estimates|recorded|counted|pleaded|appealed|urged|urges|called|calls|demanded|demands|wrote|posted|published|quoted|cited|stressed|asserted|affirmed|acknowledged|admitted|mentioned|show|shows|showed|blamed|blames)\b/g;

const GROUPS =
  /^(?:(?:a|an|the|some|many|several|other|local|two|three)\s+)?(?:(?:[A-Z][A-Za-z]+|local|international|regional|provincial|district|humanitarian|medical|women's|women’s|human rights)\s+){0,2}(aid group|aid agency|refugee agency|UN agency|agency|charity|rights group|monitoring group|medical charity|council|local council|union|doctors' union|doctors’ union|administration|regional administration|health ministry|ministry|officials?|residents|witnesses|eyewitnesses|locals|activists|sources|security sources|military sources|local sources|medical sources|officials|medics|doctors|monitors|monitoring groups|rights groups|human rights (?:organi[sz]ations|groups)|observers|survivors|relatives|families|villagers|local media|state media|journalists|aid workers|humanitarian workers|rescuers|rescue workers|police|the army|the military|authorities|the authorities|the government|a spokes(?:man|woman|person)|a source|an official|(?:an?\s+)?(?:(?:local|young|elderly|displaced|\d+-year-old|[a-z]+-year-old)\s+)?(?:witness|resident|survivor|doctor|nurse|paramedic|medic|trader|shopkeeper|merchant|farmer|fisherman|teacher|student|driver|relative|neighbou?r|journalist|activist|volunteer|aid worker|engineer|lawyer|cleric|imam|priest|elder|mukhtar|man|woman|father|mother|son|daughter|brother|sister|cousin|widow)|displaced people|refugees|the un|the united nations)(?:\s+(?:from|in|of|at|near|across|inside|who|living|still)\b.*)?$/i;
const PROPER =
  /^(?:[A-Z0-9][\p{L}\p{N}'’.&-]*|al-[A-Z][\p{L}'’-]*)(?:\s+(?:[A-Z0-9][\p{L}\p{N}'’.&-]*|al-[A-Z][\p{L}'’-]*|for|of|the|and|on|in|de|du|des|without))*$/u;
const UNNAMED =
  /^(?:reports?|media reports|unconfirmed reports|it|there|news reports|local reports|a report)$/i;

function clean(np: string): string {
  return (
    np
      .replace(/^[\s,“”"‘’—–-]+|[\s,“”"‘’—–-]+$/g, '')
      .replace(
        /^(?:meanwhile|however|moreover|in addition|separately|in a statement|on \w+|earlier|later|also|but|and|yet|still|now)\s*,?\s+/i,
        '',
      )
      .replace(/^(?:self-appointed|interim|transitional|de facto|acting|former)\s+/i, '')
      // "residents (whom) the Monitor reached by telephone": the speakers are the residents.
      .replace(
        /\s+(?:whom\s+|that\s+|who\s+)?(?:the|a|an|our|this)\s+(?:[\p{L}'’-]+\s+){0,6}?(?:reached|contacted|interviewed|spoke\s+(?:to|with)|talked\s+(?:to|with)|met|visited)\b.*$/iu,
        '',
      )
      .replace(/,\s*(?:however|meanwhile|though|too|also|in turn|for (?:its|their|his|her) part)$/i, '')
      .trim()
  );
}

function speakerFor(np: string, state: AttributionState, text: string): Speaker | null {
  const subject = clean(np);
  if (!subject) return null;
  if (/^(?:he|she)$/i.test(subject)) {
    const p = state.lastPerson;
    return p ? { name: p.org ?? p.name, kind: 'named', official: p.official, text } : null;
  }
  if (/^it$/i.test(subject)) {
    return state.lastOrg
      ? { name: state.lastOrg.name, kind: 'named', official: state.lastOrg.official, text }
      : null;
  }
  if (/^they$/i.test(subject)) return state.last ? { ...state.last, text } : null;
  if (UNNAMED.test(subject)) return { name: '', kind: 'unnamed', official: false, text };
  // "The rights group", "the monitor", "the ministry": the last organisation of that sort.
  const generic =
    /^the\s+(rights group|group|organi[sz]ation|monitor|watchdog|observatory|ministry|agency|network|committee|commission|charity|ngo)$/i.exec(
      subject,
    );
  if (generic) {
    const word = generic[1]!.toLowerCase();
    const pick = [...state.orgs]
      .reverse()
      .find((o) =>
        word === 'rights group' || word === 'watchdog'
          ? o.rights
          : word === 'monitor' || word === 'observatory' || word === 'network'
            ? o.monitor
            : word === 'ministry'
              ? /ministry/i.test(o.name)
              : true,
      );
    if (pick) return { name: pick.name, kind: 'named', official: pick.official, text };
  }
  const words = subject.split(/\s+/);
  if (words.length > 14) return null;
  const org = resolveOrg(state, subject) ?? findOrgInside(subject, state);
  if (org) return { name: org.name, kind: 'named', official: org.official, text };
  if (HEAD_CUE.test(subject)) {
    const m = new RegExp(ORG.source, 'u').exec(subject);
    if (m && m[0].trim().split(/\s+/).length >= 2) {
      const made = remember(state, m[0].trim());
      return { name: made.name, kind: 'named', official: made.official, text };
    }
  }
  const group = GROUPS.exec(subject);
  if (group) {
    // "the Palestinian health ministry", "a local aid group": keep the words that say who.
    const name = subject
      .replace(/^(?:a|an|the|some)\s+/i, '')
      .replace(/\s+(?:from|in|of|at|near|across|inside|who|living|still)\b.*$/i, '');
    const official =
      (OFFICIAL.test(name) ||
        /ministry|administration|council|officials?|army|military|police|forces|government|authorities/i.test(
          name,
        )) &&
      !CIVIL.test(name);
    // "Residents" opening a sentence is still residents; "Palestinian" keeps its capital.
    const first = name.split(/\s+/)[0]!;
    const keepCase = /^[A-Z]{2,}$/.test(first) || countryCode(first) !== null;
    return { name: keepCase ? name : name[0]!.toLowerCase() + name.slice(1), kind: 'group', official, text };
  }
  const person = state.persons.find((p) => subject.includes(p.name) || p.name.endsWith(subject));
  if (person) return { name: person.org ?? person.name, kind: 'named', official: person.official, text };
  // A proper name: every word capitalised but for connectors ("Syrian Network for Human Rights").
  const proper = subject.replace(/^the\s+/i, '');
  if (
    PROPER.test(proper) &&
    proper.split(/\s+/).length <= 7 &&
    !/^(?:The|This|That|These|Those|It|There|Reports?|A|An|In|On|At)\b/.test(proper)
  )
    return { name: proper, kind: 'named', official: OFFICIAL.test(proper) && !CIVIL.test(proper), text };
  // "regional governor Mykola Dorosh", "local news site Suwayda 24": a title, then the name.
  const titled =
    /^(?:[a-z'’-]+\s+){1,4}((?:[A-Z][\p{L}'’-]*|\d+)(?:\s+(?:[A-Z][\p{L}'’-]*|\d+|al-[A-Z][\p{L}'’-]*)){0,4})$/u.exec(
      subject,
    );
  if (titled)
    return {
      name: titled[1]!,
      kind: 'named',
      official: /governor|minister|mayor|spokes|official|commander|general|police|army/i.test(subject),
      text,
    };
  return null;
}

function findOrgInside(subject: string, state: AttributionState): Org | null {
  for (const m of subject.matchAll(ORG)) {
    const o = resolveOrg(state, m[0]);
    if (o) return o;
  }
  for (const m of subject.matchAll(KNOWN_ORGS)) {
    const o = resolveOrg(state, m[0]);
    if (o) return o;
  }
  return null;
}

/**
 * The speaker of a sentence: "X said/reported/decried …", "according to X", a speaker after
 * a quotation ("…,” he added"), pronouns and short forms resolved against names met
 * earlier. Null when the outlet speaks in its own voice.
 */
export function speakerOf(sentence: string, state: AttributionState): Speaker | null {
  let found: Speaker | null = null;
  const according = /\baccording to\s+([^,.;]+)/i.exec(sentence);
  if (according) found = speakerFor(according[1]!, state, according[0]);
  const afterQuote =
    /[”"],?\s+((?:he|she|it|they|[A-Z][^,.;”"]{0,80}?))\s+(?:also\s+)?(said|added|stated|told|noted|warned|wrote|explained|stressed|continued)\b/.exec(
      sentence,
    );
  if (!found && afterQuote && /^[“"]/.test(sentence.trim()))
    found = speakerFor(afterQuote[1]!, state, afterQuote[0]);
  if (!found) {
    SPEECH.lastIndex = 0;
    const candidates: Speaker[] = [];
    for (const m of sentence.matchAll(SPEECH)) {
      const before = sentence.slice(0, m.index);
      // The subject is the stretch since the last clause boundary.
      const cut = Math.max(
        before.lastIndexOf(', '),
        before.lastIndexOf(' that '),
        before.lastIndexOf('“'),
        before.lastIndexOf(' – '),
        before.lastIndexOf(' — '),
      );
      let np = cut >= 0 ? before.slice(cut + (before.startsWith(' that ', cut) ? 6 : 1)) : before;
      if (!clean(np) && cut >= 0) np = before.slice(0, cut);
      const s = speakerFor(np, state, sentence.slice(cut >= 0 ? cut + 1 : 0, m.index + m[0].length).trim());
      if (s) candidates.push(s);
      else if (cut >= 0) {
        // "Adam Coogle, the deputy director at Human Rights Watch stated": the appositive names the body.
        const wider = speakerFor(
          before.split(/,\s+/)[0]!,
          state,
          sentence.slice(0, m.index + m[0].length).trim(),
        );
        if (wider && wider.kind === 'named') candidates.push(wider);
      }
    }
    const rank = (s: Speaker) => (s.kind === 'named' ? 2 : s.kind === 'group' ? 1 : 0);
    found = candidates.sort((a, b) => rank(b) - rank(a))[0] ?? null;
  }
  if (found) {
    state.last = found;
    if (found.kind === 'group') state.lastGroup = found;
  }
  return found;
}
