import type { Actor } from '../../domain/claim.ts';

/**
 * One entry of the actor dictionary: the words that name an actor, the name Vigil records
 * and the role the actor usually has. Users extend it (ExtractDeps.actors); their entries
 * are read first.
 */
export interface ActorEntry {
  name: string;
  /** A regular-expression source, matched case-insensitively on word boundaries. */
  pattern: string;
  role: 'perpetrator' | 'target';
  /** A state body (its own statements about its conduct are `official`). */
  state?: boolean;
}

// The dictionary the extractor ships with. Longer, more specific names come first so that
// "public security forces" is not read as "security forces".
export const DEFAULT_ACTORS: ActorEntry[] = [
  {
    name: 'Ministry of Defense forces',
    pattern: "(?:Ministry of Defen[cs]e|Defen[cs]e Ministry)(?:'s|’s)? forces",
    role: 'perpetrator',
    state: true,
  },
  {
    name: 'Public security forces',
    pattern: 'public security forces|general security forces',
    role: 'perpetrator',
    state: true,
  },
  {
    name: 'Security forces',
    // Posts and checkpoints are manned by them: an attack on one is an attack on the forces.
    pattern: 'security forces|security personnel|security (?:posts|units|checkpoints)',
    role: 'perpetrator',
    state: true,
  },
  {
    name: 'Government forces',
    pattern:
      '(?:pro-)?government (?:forces|troops|soldiers|units)|our (?:units|troops|soldiers|personnel)|regime forces|state forces|army|armed forces|the military|soldiers|troops|national guard',
    role: 'perpetrator',
    state: true,
  },
  { name: 'Police', pattern: 'police(?: officers)?|policemen|riot police', role: 'perpetrator', state: true },
  { name: 'Rapid Support Forces', pattern: 'Rapid Support Forces|RSF', role: 'perpetrator' },
  { name: 'Sudanese Armed Forces', pattern: 'Sudanese Armed Forces|SAF', role: 'perpetrator', state: true },
  {
    name: 'Islamic State',
    pattern: 'Islamic State|ISIS|ISIL|Daesh|IS (?:fighters|militants|gunmen)',
    role: 'perpetrator',
  },
  { name: 'Al-Shabaab', pattern: 'al-Shabaab|al Shabaab|Shabaab', role: 'perpetrator' },
  { name: 'Boko Haram', pattern: 'Boko Haram|ISWAP', role: 'perpetrator' },
  { name: 'JNIM', pattern: 'JNIM|Jama.at Nusrat al-Islam wal-Muslimin', role: 'perpetrator' },
  { name: 'Anti-balaka', pattern: 'anti-balaka', role: 'perpetrator' },
  { name: 'Ex-Seleka', pattern: 'ex-s[eé]l[eé]ka|s[eé]l[eé]ka', role: 'perpetrator' },
  { name: 'UPC', pattern: 'UPC|Union for Peace in the Central African Republic', role: 'perpetrator' },
  { name: '3R', pattern: '3R|Return, Reclamation and Rehabilitation', role: 'perpetrator' },
  {
    name: 'Wagner Group',
    pattern: 'Wagner(?: Group)?|Russian mercenaries|Russian instructors',
    role: 'perpetrator',
  },
  { name: 'M23', pattern: 'M23', role: 'perpetrator' },
  { name: 'ADF', pattern: 'ADF|Allied Democratic Forces', role: 'perpetrator' },
  { name: 'Houthis', pattern: 'Houthis?|Ansar Allah', role: 'perpetrator' },
  { name: 'Taliban', pattern: 'Taliban', role: 'perpetrator' },
  { name: 'Hamas', pattern: 'Hamas', role: 'perpetrator' },
  {
    name: 'Israeli forces',
    pattern:
      'Israeli (?:forces|troops|soldiers|army|military|warplanes|jets|drones|air ?strikes|strikes|shelling|missiles)|IDF',
    role: 'perpetrator',
    state: true,
  },
  {
    name: 'Russian forces',
    pattern:
      'Russian (?:forces|troops|soldiers|army|military|warplanes|jets|drones|air ?strikes|shelling|missiles?(?: strikes?)?)',
    role: 'perpetrator',
    state: true,
  },
  {
    name: 'Ukrainian forces',
    pattern: 'Ukrainian (?:forces|troops|soldiers|army|military|drones)',
    role: 'perpetrator',
    state: true,
  },
  {
    name: 'Myanmar military',
    pattern: 'junta(?: forces| troops)?|Tatmadaw',
    role: 'perpetrator',
    state: true,
  },
  { name: 'SDF', pattern: 'SDF|Syrian Democratic Forces', role: 'perpetrator' },
  { name: 'SNA', pattern: 'SNA|Syrian National Army', role: 'perpetrator' },
  { name: 'HTS', pattern: 'HTS|Hayat Tahrir al-Sham', role: 'perpetrator' },
  {
    name: 'Turkish forces',
    pattern: 'Turkish (?:forces|troops|soldiers|army|military|shooters|drones|warplanes|border guards)',
    role: 'perpetrator',
    state: true,
  },
  {
    name: 'Armed groups',
    pattern: 'armed (?:groups?|factions?|men)|militias?|militiamen',
    role: 'perpetrator',
  },
  {
    name: 'Gunmen',
    pattern: '(?:unidentified |unknown |masked )?gunmen|(?:unidentified |unknown )?assailants|attackers',
    role: 'perpetrator',
  },
  { name: 'Rebels', pattern: 'rebels?|insurgents?|opposition fighters', role: 'perpetrator' },
  { name: 'Militants', pattern: 'militants?|jihadists?|extremists?', role: 'perpetrator' },
  { name: 'Gangs', pattern: 'gangs?|gang members|cartels?', role: 'perpetrator' },
  { name: 'Settlers', pattern: 'settlers', role: 'perpetrator' },
  {
    name: 'Alawite civilians',
    pattern:
      'Alawite (?:civilians|Syrians|families|residents|villagers|community|men|women|children)|Alawites',
    role: 'target',
  },
  {
    name: 'Displaced people',
    pattern: 'displaced (?:people|persons|families|civilians)|IDPs',
    role: 'target',
  },
  { name: 'Refugees', pattern: 'refugees', role: 'target' },
  { name: 'Protesters', pattern: 'protesters|demonstrators', role: 'target' },
  { name: 'Journalists', pattern: 'journalists?|reporters?', role: 'target' },
  { name: 'Aid workers', pattern: 'aid workers?|humanitarian workers?', role: 'target' },
  { name: 'Health workers', pattern: 'health workers?|medics|doctors|nurses|paramedics', role: 'target' },
  { name: 'Children', pattern: 'children|kids|minors|schoolchildren|students|pupils', role: 'target' },
  { name: 'Women', pattern: 'women|girls', role: 'target' },
  { name: 'Farmers', pattern: 'farmers|herders|shepherds|fishermen', role: 'target' },
  { name: 'Worshippers', pattern: 'worshippers|congregants|pilgrims', role: 'target' },
  { name: 'Families', pattern: 'families', role: 'target' },
  { name: 'Residents', pattern: 'residents|villagers|locals|inhabitants', role: 'target' },
  { name: 'Civilians', pattern: 'civilians?', role: 'target' },
];

const cache = new WeakMap<ActorEntry[], RegExp>();

// One union per dictionary: alternative i is entry i, earlier entries win at a position.
function compile(entries: ActorEntry[]): RegExp {
  let re = cache.get(entries);
  if (!re) {
    re = new RegExp(`\\b(?:${entries.map((e) => `(${e.pattern})`).join('|')})\\b`, 'gi');
    cache.set(entries, re);
  }
  return re;
}

const VICTIM_BEFORE =
  /\b(?:against|targeting|targeted|on|killing|killed|ambushed|attacked|kidnapped|abducted)\s+(?:the\s+|a\s+|two\s+|\w+\s+)?$/i;
const VICTIM_AFTER =
  /^\s+(?:were|was|had been|have been)\s+(?:killed|wounded|injured|kidnapped|abducted|ambushed)/i;

/**
 * Actors a sentence names, each once, with the words used. An armed actor named right after
 * "against", "targeting" or as the victim of a killing verb is a target.
 */
export function actorsIn(
  sentence: string,
  dictionary: ActorEntry[],
): (Actor & { state: boolean; at: number })[] {
  const found: (Actor & { state: boolean; at: number })[] = [];
  const re = compile(dictionary);
  re.lastIndex = 0;
  for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
    let g = 1;
    while (m[g] === undefined) g++;
    const e = dictionary[g - 1]!;
    if (found.some((f) => f.name === e.name)) continue;
    const a = m.index;
    const b = a + m[0].length;
    let role = e.role;
    const before = sentence.slice(Math.max(0, a - 30), a);
    const after = sentence.slice(b, b + 30);
    if (role === 'perpetrator' && (VICTIM_BEFORE.test(before) || VICTIM_AFTER.test(after))) role = 'target';
    if (role === 'target' && /\b(?:by|alongside)\s+$/i.test(before)) role = 'perpetrator';
    found.push({ name: e.name, role, text: m[0], state: Boolean(e.state), at: a });
  }
  return found.sort((x, y) => x.at - y.at);
}
