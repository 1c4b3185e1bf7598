/**
 * Hard negatives: words that look like violence but are not (sports "attacks", market
 * "massacres", a "killer" feature), and violence that is not an event of this report
 * (anniversaries, threats, plans). Metaphors are masked out of the sentence before triggers
 * are read, so the rest of the sentence still counts.
 */
const METAPHORS: RegExp[] = [
  /\bkill(?:ing|ed|s)? it\b/gi,
  /\bkiller (?:app|feature|deal|instinct|smile|look|heels|line|performance|combination|blow|pass|ball)s?\b/gi,
  /\b(?:heart|panic|asthma|anxiety) attacks?\b/gi,
  /\battack(?:s|ed|ing)? (?:on|against) (?:free speech|the press|democracy|the constitution|the budget|the plan|the policy|the proposal|his record|her record|their record|the bill|the reform|the government's record|science|the idea|the rule of law|judicial independence)\b/gi,
  /\b(?:verbal|rhetorical|personal|political|cyber|ransomware|phishing) attacks?\b/gi,
  /\bunder fire (?:for|over|from)\b/gi,
  /\b(?:came|come|comes|coming) under fire\b(?! from (?:troops|gunmen|soldiers|forces|militants|rebels|snipers|artillery))/gi,
  /\bfired (?:from|by) (?:his|her|their|the) (?:job|post|role|position|company|club)\b/gi,
  /\b(?:was|were|been|got|get) fired\b(?! (?:on|at|upon))/gi,
  /\bshot down (?:the|a|an|his|her|their) (?:proposal|idea|bill|plan|motion|rumou?rs?|request|amendment)\b/gi,
  /\b(?:took|take|taking|have|had|has|a|his|her|their|first|long|parting|cheap) shots? (?:at|on) (?!(?:civilians|protesters|people|residents|soldiers|troops|police))/gi,
  /\bbombed (?:at the box office|in the polls|the exam|the test|on stage)\b/gi,
  /\b(?:box[- ]office|ratings|sales) (?:bomb|massacre|killing)\b/gi,
  /\b(?:stock[- ]market|market|stocks?|bond|share|price|ratings|electoral|election|box office|polls?) (?:massacre|bloodbath|carnage|crash|rout|battle|war|wars)\b/gi,
  /\bbloodbath (?:on|in) (?:wall street|the markets?|the stock market|the polls)\b/gi,
  /\b(?:price|trade|tariff|bidding|turf|culture|talent|streaming|format|console|browser|patent|legal|court|custody|ratings|flame|words|war of words) wars?\b/gi,
  /\bwar (?:on|against) (?:drugs|poverty|inflation|terror|cancer|christmas|obesity|waste)\b/gi,
  /\b(?:battle|battles|battling|fight|fighting|fought) (?:for|over|against) (?:votes|the title|the championship|the nomination|market share|ratings|inflation|cancer|the league|promotion|relegation|survival|the presidency|customers|attention|control of the (?:board|company|party))\b/gi,
  /\b(?:legal|court|custody|uphill|political|electoral|ratings|tug-of|boardroom|bidding) battles?\b/gi,
  /\b(?:fighting|fought|fight|battling|battled) (?:cancer|illness|a disease|covid|addiction|fire|fires|wildfires?|the flames|the blaze)\b/gi,
  /\bdead (?:end|heat|line|ringer|wood|weight|serious|on arrival|in the water|last|tired)\b/gi,
  /\bdeadlocks?\b/gi,
  /\b(?:targeted|targeting|target) (?:ads|advertising|audiences?|customers|voters|marketing|inflation|growth|rate|date|audience|price|market)\b/gi,
  /\b(?:sales|revenue|profit|earnings|inflation|growth|sales) targets?\b/gi,
  /\bexecut(?:ed|ing|ion of) (?:a|an|the|his|her|their) (?:plan|order|strategy|contract|trade|deal|project|program|programme|agreement|transaction|warrant|search)\b/gi,
  /\b(?:government|official|regulatory|public|governing|international|un|advisory|student) bodies\b/gi,
  /\bhijack(?:ed|ing)? (?:the|a) (?:debate|conversation|agenda|meeting)\b/gi,
  /\btorched (?:his|her|their|the) (?:opponent|rival|reputation|record|critics)\b/gi,
  /\b(?:slams|slammed|blasts|blasted|hammered|crushed|trounced|destroyed|demolished|thrashed|routed|massacred|killed) (?:the|his|her|their|its)? ?(?:rivals?|opponents?|critics|competition|opposition|record|plan|proposal|visitors|hosts|defending champions)\b/gi,
  /\b(?:explosive|blockbuster|bombshell) (?:growth|interview|report|revelations?|allegations?|claims?|testimony|book|start|performance|hearing|memo)\b/gi,
  /\bbombshell\b/gi,
  /\bblast from the past\b/gi,
  /\b(?:shooting|shoot|shot|shoots) (?:a|the|his|her|their) (?:film|movie|scene|video|documentary|episode|advert|commercial)\b/gi,
  /\b(?:photo|video|film) shoots?\b/gi,
  /\b(?:kill|killed|killing) (?:the|a|off the|off a) (?:bill|deal|project|plan|proposal|story|mood|vibe|engine|lights|buzz|momentum)\b/gi,
  /\b(?:ambush|ambushed) (?:interview|question|questions|by reporters|by journalists|by questions)\b/gi,
  /\braid(?:ed|s)? (?:the|his|her|their) (?:fridge|pantry|wardrobe|savings|pension fund|coffers)\b/gi,
  /\b(?:a|the) (?:hostage|hostages) (?:to fortune|to the market|situation in the plot)\b/gi,
  /\bfire ?sale\b/gi,
  /\bran riot\b/gi,
  /\bkill(?:ed|s|ing)? off (?:the|a) (?:match|game|contest|tie|title race)\b/gi,
  /\b(?:investors|capital|money|traders|buyers|shoppers|voters|fans|customers|advertisers) (?:fled|flee|fleeing)\b/gi,
  /\b(?:is|was|be|a|an|real|absolute) (?:massacre|bloodbath|slaughter|killing field|war zone) (?:for|of|on) (?!civilians|people|residents|villagers|the (?:village|town|city|camp))/gi,
  /\b(?:attack|attacks|attacked|attacking|assault|assaults) (?:on|against) (?:the |his |her |their |its )?(?:[\w’']+ ){0,3}(?:plan|plans|policy|policies|proposal|bill|budget|reform|reforms|record|decision|speech|remarks|comments|idea|strategy|report|claims|agenda|manifesto|rivals?|opponents?|critics|media|press|judiciary|courts?)\b/gi,
  /\bprotest(?:ed)? (?:the|a) (?:referee|decision|penalty|call|ruling)\b/gi,
];

// Words that make a sentence a sports story. Triggers a sports story may still carry
// (riots, killings, tear gas) are marked sportsSafe in the lexicon.
const SPORTS =
  /\b(?:football|soccer|basketball|volleyball|cricket|rugby|tennis|handball|hockey|league|premier league|champions league|striker|strikers|goalkeeper|midfielder|defender|forward|winger|coach|coaches|referee|scored|scoring|goals?|match|matches|fixture|tournament|championship|semi-?final|quarter-?final|final whistle|kick-?off|penalty|penalties|innings|wickets?|touchdown|playoffs?|derby|stadium|pitch|halftime|half-time|season opener|club|teammates|squad|olympic|olympics|world cup|grand slam|marathon|sprinter|boxer|boxing|knockout|title fight|wrestl(?:er|ing)|chess|grandmaster|esports|e-sports|video game|gamers?|fifa|uefa|nba|nfl)\b/i;

/** Violence words that in sports mean play: attacks, strikes, shots, clashes, battles. */
export function isSportsContext(sentence: string): boolean {
  return SPORTS.test(sentence);
}

// Stories, drills and films: violence that is told, not done.
const FICTION =
  /\b(?:in the (?:novel|film|movie|series|game|book|play|video game|episode)|(?:novel|film|movie|series|play|documentary) (?:depicts|tells|shows|follows|about)|fictional|video game|board game|drama series|thriller)\b/i;

// Deaths with no one to blame: accidents, disasters, disease.
const NON_VIOLENT =
  /\b(?:floods?|flooding|earthquakes?|landslides?|storms?|cyclones?|hurricanes?|heat ?waves?|drought|(?:car|road|traffic|bus|train|plane|air) (?:accident|crash|collision)s?|accidents?|crash(?:ed|es)?|collisions?|disease|illness|cancer|covid|cholera outbreak|drowned|drowning|natural causes|electrocuted|(?:fire|blaze) broke out|gas leak|building collapse|collapsed|blaze|wildfires?|firefighters|fire crews|heart attack|stroke|old age)\b/i;

/** Deaths or injuries from accidents, disasters or disease, not from violence. */
export function isNonViolentHarm(sentence: string): boolean {
  return NON_VIOLENT.test(sentence);
}

const ANNIVERSARY =
  /\b(?:anniversary|anniversaries|commemorat(?:e|es|ed|ing|ion)|memorial (?:service|ceremony|day)|in memory of|remembrance|marks? (?:\w+ )?years? since|years ago|decades ago|to mark the|(?:the \d+(?:st|nd|rd|th)|\w+th) anniversary|wreath|vigil for the victims of the \d{4}|museum|exhibition|documentary about|film about|novel about|book about|history of)\b/i;

/** The violence belongs to the past or to a story about it, not to this report's events. */
export function isRetrospective(sentence: string): boolean {
  return ANNIVERSARY.test(sentence) || FICTION.test(sentence);
}

// Triggers under intent or threat words name something that did not (yet) happen.
const UNREAL =
  /\b(?:threat(?:en(?:ed|s|ing)?)? to|vow(?:ed|s|ing)? to|plan(?:s|ned|ning)? to|intend(?:s|ed)? to|(?:would|will|could|might)(?!\s+have)|ready to|prepared to|in order to|to prevent|prevent(?:ed|ing|s)?|to stop|to avoid|to deter|fears? (?:of|that)|feared|warn(?:ed|s|ing)? (?:of|against|that)|risk of|threat of|danger of|amid fears|simulat(?:ed|ing|ion)|drills?|exercises?|fictional|game|movie|film|novel|series|hypothetical|no (?:reports? of|sign of|evidence of))(?:\s+\S+){0,3}\s*$/i;

/** True when the words just before a trigger put it in the future, a threat or a story. */
export function isUnreal(before: string): boolean {
  return UNREAL.test(before.slice(-60));
}

/** Replaces metaphorical violence with spaces, keeping offsets. */
export function maskMetaphors(sentence: string): string {
  if (!ANY_METAPHOR.test(sentence)) return sentence;
  let out = sentence;
  for (const re of METAPHORS) {
    re.lastIndex = 0;
    if (!re.test(out)) continue;
    re.lastIndex = 0;
    out = out.replace(re, (m) => ' '.repeat(m.length));
  }
  return out;
}

// Sources start with \b: one shared \b lets the engine skip positions quickly.
const ANY_METAPHOR = new RegExp(
  `\\b(?:${METAPHORS.map((r) => r.source.replace(/^\\b/, '')).join('|')})`,
  'i',
);

/**
 * A sentence about how a monitor counts ("counts a death only when two sources name the
 * victim", "deaths reported by one source are not included in the figures"): its method, not
 * an event, however many harm words it holds.
 */
const METHOD =
  /\b(?:(?:are|is|were|was) (?:not|never) (?:included|counted) in|(?:are|is) (?:excluded|kept under review)|counts? (?:a death|deaths|a victim|victims|a killing|killings) only (?:when|if))\b/i;

export function isMethodNote(sentence: string): boolean {
  return METHOD.test(sentence);
}
