import { countryCode } from '../geocode/countries.ts';
import type { PlaceRelation } from './places.ts';

// The words around place names: what marks a name as a place, and how it relates to the
// event. Read by places.ts.

// Arabic articles: "al", "el" and "ash" may stand apart ("al Qusayr"); the ones that are also
// English words ("at", "an", "as") only with a hyphen ("as-Suwayda"), or "at Jableh" would
// read as a name.
const ARTICLE = '(?:(?:al|el|ash|ibn|bin|ben|abu|umm)[-‑ ]|(?:as|ad|ar|at|az|an|ed|es|ez|er|ad|ud|ul)[-‑])';
const WORD = "[A-Z\\u00C0-\\u024F][\\p{L}'’‑-]*";
export const NAME = `\\b${ARTICLE}?${WORD}(?:[ -](?:${ARTICLE}|(?:de|da|du|des|la|le|di|of) )?${WORD}){0,3}`;
export const DIRECTION =
  '(?:north|south|east|west|north-east|north-west|south-east|south-west|northeast|northwest|southeast|southwest|central|eastern|western|northern|southern|north-eastern|north-western|south-eastern|south-western|northeastern|northwestern|southeastern|southwestern)';
const SETTLEMENT =
  'town|village|city|hamlet|settlement|camp|refugee camp|neighbou?rhood|suburb|district|area|locality|quarter|municipality|commune|airbase|air base|base';
const NEAR_NOUN =
  'countryside|outskirts|suburbs|vicinity|environs|surroundings|area|region|hinterland|periphery';
const ADMIN1_NOUN = 'province|governorate|region|prefecture|oblast|state|department|wilaya|muhafazah';
const ADMIN2_NOUN =
  'district|sub-district|subdistrict|sub-prefecture|subprefecture|county|municipality|commune|raion|mantiqah|nahiyah';

export const STOP_FIRST = new Set(
  (
    'The|A|An|This|That|These|Those|It|He|She|They|We|I|His|Her|Their|Its|Our|On|In|At|By|For|From|To|With|As|But|And|Or|If|When|While|After|Before|During|Since|Despite|Meanwhile|However|Reports|Report|Witnesses|Residents|Locals|Sources|Officials|' +
    'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|' +
    'President|Minister|Ministry|Prime|General|Gen|Colonel|Commander|Mr|Mrs|Ms|Dr|Sheikh|Imam|Father|Pope|King|Queen|Prince|Human|Amnesty|Rights|Observatory|Network|Watch|Council|Committee|Commission|Security|Defense|Defence|Interior|Army|Forces|Police|Government|Islamic|Red|United|UN|UNHCR|UNICEF|OCHA|WHO|God|Allah|Christmas|Ramadan|Eid|Easter|Muslim|Muslims|Christian|Christians|Alawite|Alawites|Druze|Kurdish|Kurds|Sunni|Shia|Shiite|Arab|Arabs|English|Arabic|Internet|Facebook|Twitter|Telegram|YouTube|WhatsApp|Reuters|AFP|AP|BBC|CNN|Unverified|Video|Photos|Breaking|Update|Editor|Note|' +
    // An organisation's short name ("the Monitor's contacts") names who speaks, not where.
    'Monitor|Collective|Agency|Desk|Forum|Coalition|Office|Press|Union|Front|Institute|Foundation|Deaths|Claim|Verdict'
  ).split('|'),
);

export function cleanName(raw: string): string {
  // "Russia’s Hmeimim Airbase": the owner is not where the base is.
  const owner = /^([A-Z][\p{L}-]+(?: [A-Z][\p{L}-]+)?)(?:'s|’s) (?=[A-Z])/u.exec(raw);
  const rest = owner && countryCode(owner[1]!) ? raw.slice(owner[0].length) : raw;
  return rest
    .replace(/(?:'s|’s)$/, '')
    .replace(/[‑]/g, '-')
    .replace(/\s+(?:of|de|da|du|des|la|le|di)$/i, '')
    .trim();
}

export function plausible(name: string): boolean {
  const first = name.split(/[\s-]/)[0]!;
  if (STOP_FIRST.has(first) && !/^(?:Al|El|As|Ad|Ar|At|Az|An)$/i.test(first)) return false;
  return name.length >= 3;
}

export interface Rule {
  /** Words just before the name (anchored at the name). */
  before?: RegExp;
  /** Words just after the name (anchored at the name). */
  after?: RegExp;
  relation: PlaceRelation;
  role?: 'event' | 'destination' | 'seat';
}

const pre = (source: string, relation: PlaceRelation, role?: Rule['role']): Rule => ({
  before: new RegExp(`(?:${source})$`, 'iu'),
  relation,
  role,
});
const post = (source: string, relation: PlaceRelation): Rule => ({
  after: new RegExp(`^(?:${source})`, 'iu'),
  relation,
});

// Ordered: the first rule that fits a name decides what it is. Names are found once per
// sentence and only the words around each are tested, which keeps extraction fast.
export const RULES: Rule[] = [
  pre(
    '\\b(?:authorities|government|officials|ministry|regime|leadership|embassy|diplomats|talks|meeting|summit|conference|court|parliament) (?:in|of) ',
    'at',
    'seat',
  ),
  pre('\\b(?:based|headquartered|reporting|speaking|writing) (?:in|from) ', 'at', 'seat'),
  pre(`\\bthe (?:${DIRECTION} )?(?:${NEAR_NOUN}) of (?:the )?`, 'near'),
  post(`(?:'s|’s)? (?:${DIRECTION} )?(?:${NEAR_NOUN})\\b`, 'near'),
  pre(`\\bthe (?:${ADMIN1_NOUN}) of `, 'admin1'),
  post(
    ` (?:${ADMIN1_NOUN})\\b|(?: and [A-Z][\\p{L}'’-]+)+ (?:provinces|governorates|regions|states|prefectures|oblasts)\\b`,
    'admin1',
  ),
  pre(`\\bthe (?:${ADMIN2_NOUN}) of `, 'admin2'),
  post(` (?:${ADMIN2_NOUN})\\b`, 'admin2'),
  pre(`\\bthe (?:${SETTLEMENT}) of `, 'at'),
  pre(`\\b(?:${SETTLEMENT}|${NEAR_NOUN}) of (?:the )?`, 'at'),
  pre(
    '\\b(?:residents|inhabitants|people|villagers|citizens|population|families|mayor|governor) of (?:the )?',
    'at',
  ),
  pre(`\\b(?:\\d+ ?(?:km|kilometres|kilometers|miles) )?${DIRECTION}(?:ern)? of (?:the )?`, 'near'),
  pre('\\bbetween (?:the (?:towns?|villages?|cities) of )?', 'near'),
  pre(
    '\\b(?:near|close to|outside|around|on the outskirts of|not far from|in the vicinity of|kilometres from|km from|miles from) (?:the (?:town|village|city) of )?',
    'near',
  ),
  pre(
    '\\b(?:flee|fled|fleeing|flight|escape|escaped|escaping|moved|relocated|heading|head|sought refuge|seek refuge|took refuge|displaced|evacuated|forced to flee|went) (?:to|towards|into|for) (?:the )?|\\b(?:arrived|arriving|arrive|arrivals) (?:in|at) (?:the )?',
    'at',
    'destination',
  ),
  pre(
    '\\b(?:entered|entering|stormed|raided|attacked|shelled|bombed|struck|hit|targeted|besieged|captured|seized|overran|recaptured|reached|affecting|affected|hitting|gripping|control over|control of) (?:the )?(?:(?:town|village|city|neighbou?rhood|district|camp) of )?',
    'at',
  ),
  pre(
    `\\b(?:in|at|from|to|into|inside|across|towards|toward|through|within|throughout|on) (?:the )?(?:(?:${DIRECTION}|central|rural|coastal|besieged|embattled|war-torn|nearby|neighbouring|neighboring|restive|occupied) )?`,
    'at',
  ),
  post(` (?:${SETTLEMENT})\\b`, 'at'),
  // A list entry led by a place: "Hrisun, Baniyas countryside, 11 March", "Al-Qardaha, 7 March".
  post(
    `(?: \\([\\p{L}' -]{2,30}\\))?,\\s+(?:the\\s+)?(?:[A-Z][\\p{L}'’-]+ (?:${NEAR_NOUN})\\b|\\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December)\\b)`,
    'at',
  ),
];

export const NAME_RE = new RegExp(NAME, 'gu');
export const BEFORE_RULES = RULES.filter((r) => r.before);
export const AFTER_RULES = RULES.filter((r) => r.after);
export const BEFORE_LAST = new Set(
  'over in of from at to into inside across towards toward through within throughout on near outside around between the for entered entering stormed raided attacked shelled bombed struck hit targeted besieged captured seized overran recaptured reached affecting affected hitting gripping'.split(
    ' ',
  ),
);
for (const d of DIRECTION.slice(3, -1).split('|')) BEFORE_LAST.add(d);
for (const w of [
  'central',
  'rural',
  'coastal',
  'besieged',
  'embattled',
  'war-torn',
  'nearby',
  'neighbouring',
  'neighboring',
  'restive',
  'occupied',
  'km',
  'kilometres',
  'kilometers',
  'miles',
])
  BEFORE_LAST.add(w);
export const BEFORE_UNION = new RegExp(
  `(?:${BEFORE_RULES.map((r) => `(${r.before!.source.slice(0, -1)})`).join('|')})$`,
  'iu',
);
export const NOUN_RULE: Rule = { relation: 'at' };
export const PHRASE_NOUN = new RegExp(
  `^(?:'s|’s)? (?:${SETTLEMENT}|${NEAR_NOUN}|${ADMIN1_NOUN}|${ADMIN2_NOUN})\\b`,
  'i',
);
export const CONNECTOR = /^(?:of|de|da|du|des|la|le|di)$/;
export const ACTOR_NOUN =
  /^\s+(?:(?:government|state|regime|security|military|armed|backed|led)\s+)?(?:(?:air\s+)?strikes?|airstrikes?|air raids?|forces|troops|army|military|soldiers|warplanes|jets|aircraft|drones?|shooters|authorities|government|officials|ministry|president|militias?|fighters|mercenaries|police|navy|air force|border guards|strikes?|shelling|artillery|missiles?|intelligence|commanders?|leaders?|media|news|state media)\b/i;
export const TRAILING_NOUN =
  / (Province|Governorate|Region|State|Prefecture|Oblast|District|County|Countryside|Camp|Village|Town|City)$/;
export const NOUN_RELATION: Record<string, PlaceRelation> = {
  province: 'admin1',
  governorate: 'admin1',
  region: 'admin1',
  state: 'admin1',
  prefecture: 'admin1',
  oblast: 'admin1',
  district: 'admin2',
  county: 'admin2',
  countryside: 'near',
  camp: 'at',
  village: 'at',
  town: 'at',
  city: 'at',
};
