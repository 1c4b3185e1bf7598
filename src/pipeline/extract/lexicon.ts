import type { EventType } from '../../domain/taxonomy.ts';

/**
 * What a trigger names. Several kinds share a type (looting and arson are both ACLED
 * "Looting/property destruction") but stay separate events, because a report listing
 * "looting, arson and shelling" describes three things that happened.
 */
export type TriggerKind =
  | 'killing'
  | 'wounding'
  | 'shooting'
  | 'attack'
  | 'violation'
  | 'clash'
  | 'takeover'
  | 'airstrike'
  | 'shelling'
  | 'explosive'
  | 'suicide'
  | 'grenade'
  | 'chemical'
  | 'sexual'
  | 'abduction'
  | 'arrest'
  | 'looting'
  | 'arson'
  | 'destruction'
  | 'protest'
  | 'protest-force'
  | 'riot'
  | 'flight'
  | 'sheltering'
  | 'forced-displacement'
  | 'extortion'
  | 'food'
  | 'water'
  | 'power'
  | 'health'
  | 'shelter'
  | 'services'
  | 'operation-announcement'
  | 'acknowledgement'
  | 'call-investigation'
  | 'call-access'
  | 'call-protection';

export interface Trigger {
  kind: TriggerKind;
  re: RegExp;
  /** The alternatives without word boundaries, for building unions. */
  source: string;
  /** Still a trigger inside a sports story ("fans clashed with police" is a riot). */
  sportsSafe?: boolean;
}

// The verbs of a demand; what is demanded follows within the clause.
const CALL =
  '(?:call(?:ed|s|ing)? (?:on|for)|urg(?:ed|es|ing)|demand(?:ed|s|ing)?|appeal(?:ed|s|ing)? (?:to|for)|press(?:ed|ing)? for|push(?:ed|ing)? for|plead(?:ed|ing|s)?|begg(?:ed|ing)|ask(?:ed|ing)? for|order(?:ed|s)|need for|calls for)';

const t = (kind: TriggerKind, source: string, sportsSafe = false): Trigger => ({
  kind,
  re: new RegExp(`\\b(?:${source})\\b`, 'gi'),
  source,
  sportsSafe,
});

/** Trigger words by kind, in the order events of one sentence are listed. */
export const TRIGGERS: Trigger[] = [
  t('chemical', 'chemical (?:weapons? )?attacks?|chlorine (?:gas|attack)|sarin|gas attacks?|toxic gas', true),
  t(
    'suicide',
    'suicide (?:bomb(?:er|ers|ing|ings)?|attacks?|car bomb(?:ing)?|vest)|blew (?:himself|herself|themselves) up',
    true,
  ),
  t(
    'airstrike',
    'air ?strikes?|air ?raids?|drone (?:strikes?|attacks?)|aerial (?:bombardment|attacks?|bombing)|warplanes? (?:struck|hit|bombed|targeted|pounded)|(?:jets|helicopters?|aircraft|drones?) (?:struck|bombed|hit|targeted|attacked)|barrel bombs?|bombed from the air|kamikaze drones?|shahed drones?|guided (?:aerial )?bombs?|glide bombs?|bombed',
    true,
  ),
  t(
    'shelling',
    'shell(?:ed|ing|s)?|artillery|mortars?(?: (?:fire|rounds|shells|attack))?|rockets?(?: fire| attacks?)?|missiles?(?: strikes?| attacks?)?|bombard(?:ed|ment|ments|ing)|rocket-propelled|howitzers?|katyusha',
    true,
  ),
  t(
    'explosive',
    'roadside bombs?|car bombs?|(?:improvised )?explosive devices?|IEDs?|landmines?|land mines?|mines? (?:exploded|blast)|explosions?|blasts?|bomb (?:exploded|went off|blast|attack)|bombings?|booby[- ]trap(?:ped)?',
    true,
  ),
  t('grenade', 'grenades?|hand grenade', true),
  t(
    'takeover',
    '(?:restored|restoring|restore)(?: full)? control (?:over|of)|(?:captured|seized|took|taken|taking|capturing|seizing|regained|retook|recaptured|retaken|overran|overrun|overrunning|seize|capture)(?: full)? (?:control of )?(?:the )?(?:town|village|city|district|area|base|positions?|neighbourhood|neighborhood|territory)|(?:seized|took|taken|take|takes|taking|regained|gained|lost) control of|fell to|recaptured|retook',
    true,
  ),
  t(
    'clash',
    'clash(?:ed|es)|fighting|fought|gun ?battles?|battles?|exchange(?:d)? of fire|exchanged fire|firefights?|skirmish(?:es)?|ambush(?:ed|es)?|(?:military|ground|launched an?) offensive|hostilities',
    false,
  ),
  t(
    'killing',
    'kill(?:ed|ing|ings|s)?|massacr(?:e|es|ed)|execut(?:ed|ion|ions|ing)|shot dead|gunned down|murder(?:ed|s|ing)?|slain|slaughter(?:ed)?|lynch(?:ed|ing)?|behead(?:ed|ing|ings)?|died|deaths?|dead|death toll|fatalities|lost their lives|perished|guns? down|burn(?:ed|t|s)? (?:\\w+ ){0,3}alive|claim(?:ed|s|ing)? (?:\\w+ ){0,4}lives|casualties|bodies (?:of|were|lay|lying|found|recovered|littered|piled|in the streets)|(?:\\d+|dozens of|scores of|several|hundreds of) bodies',
    true,
  ),
  t('wounding', 'wounded|injured|injuring|wounding|injuries|(?:were|was|been|people) hurt|maimed', true),
  t(
    'shooting',
    'opened fire|shot|shootings?|gunfire|(?:heavy |indiscriminate |cross-border )?firing|gunshots?|sniper(?: fire)?|stabbed|stabbing|beaten|beat(?:ing)?s? (?:to death)?|tortured|torture',
    false,
  ),
  t(
    'attack',
    'attack(?:ed|s|ing)?|assault(?:ed|s)?|raid(?:ed|s)?|stormed|targeted|targeting|targets?',
    false,
  ),
  t(
    'violation',
    '(?:crimes?|abuses|violations|atrocities|violence|criminal activities|killing spree) against|atrocities|ethnic cleansing|systematic crimes|grave abuses|war crimes|summary executions',
    true,
  ),
  t('sexual', 'rap(?:e|ed|es|ing)|sexual (?:violence|assault|abuse)|sexually (?:assaulted|abused)', true),
  t(
    'abduction',
    'kidnap(?:ped|ping|pings|s)?|abduct(?:ed|ion|ions|ing|s)?|(?:were|was|been|being) taken (?:away )?(?:from [^.,;]{1,40} )?by (?:armed|masked|unidentified|unknown|gun)\\w*|(?:ordered|pushed|forced|bundled|dragged) (?:\\w+ ){1,4}into (?:one of )?(?:the |a |their )?(?:vehicles?|cars?|trucks?|pick-?ups?|vans?)|forcibly disappeared|enforced disappearances?|taken hostage|hostages?|went missing|are missing|were missing|remain missing',
    true,
  ),
  t('arrest', 'arrest(?:ed|s|ing)?|detain(?:ed|ing|s)?|detentions?|rounded up|taken into custody', true),
  t('looting', 'loot(?:ed|ing|ers)?|pillag(?:ed|ing|e)|plunder(?:ed|ing)?|ransack(?:ed|ing)?', true),
  t(
    'arson',
    'arson|torch(?:ed|ing)|set (?:fire to|on fire|ablaze)|burn(?:ed|t|ing|s)? (?:down )?(?:of )?(?:\\w+ )?(?:homes?|houses?|shops?|villages?|buildings?|properties|property|cars|vehicles|crops|mosques?|churches?|markets?)|(?:homes|houses|villages|shops|buildings|properties|property|dwellings)(?: [^.;]{0,40}?)? (?:were|was|had been|have been) (?:burned|burnt|torched|set on fire|set ablaze)',
    true,
  ),
  t(
    'destruction',
    'destroy(?:ed|ing|s)?|destruction|demolish(?:ed|ing)?|raz(?:ed|ing)|bulldoz(?:ed|ing)|vandali[sz](?:ed|ing)',
    true,
  ),
  t(
    'protest-force',
    '(?:fired|opened fire) (?:on|at|into) (?:the )?(?:protesters|demonstrators|crowds?|marchers)|(?:protesters|demonstrators) (?:were )?(?:killed|shot)|live (?:ammunition|fire|rounds) (?:on|at|against) (?:protesters|demonstrators)',
    true,
  ),
  t(
    'protest',
    'protest(?:ed|s|ing|ers)?|demonstrat(?:ion|ions|ors|ed)|rall(?:y|ies|ied)|marched|sit-ins?|strikers',
    true,
  ),
  t('riot', 'riot(?:s|ed|ing|ers)?|mob(?:s)?|looted shops|vigilantes?', true),
  t(
    'forced-displacement',
    'forcibly (?:displaced|evicted|expelled|removed|transferred)|forced (?:displacement|evictions?|out of)|expelled|deport(?:ed|ation|ations)|driven (?:out|from)|evicted|(?:told|ordered|warned) (?:\\w+ ){0,3}to (?:leave|get out|go)\\b',
    true,
  ),
  t(
    'sheltering',
    'sheltering|shelter(?:ed)? (?:at|in)|took refuge|taking refuge|sought refuge|seeking refuge|refugees? (?:at|in)|in hiding|remain hiding|hiding in',
    true,
  ),
  t(
    'flight',
    'fled|flee(?:ing|s)?|forced (?:\\w+ )?to (?:flee|leave)|displaced|displacement(?! (?:camps?|sites?|centres?|centers?|shelters?))|exodus|uprooted|evacuat(?:ed|ion)|left their homes|abandoned their homes|(?:walked|went|headed|climbed|ran|escaped) (?:up |off )?(?:into|to|towards) the (?:\\w+ )?(?:mountains|hills|forests?|woods)',
    true,
  ),
  t(
    'extortion',
    'extort(?:ed|ion|ing)?|ransoms?|demand(?:ed|ing|s)? (?:large |huge |exorbitant )?(?:sums|money|payments?|fees|cash|dollars|protection money)|protection money|levies on',
    true,
  ),
  t(
    'food',
    'food (?:shortages?|insecurity|scarcity|prices)|shortages? of (?:food|bread|flour)|hunger|famine|starv(?:ation|ing)|bread (?:shortages?|queues|lines)|queues? for bread|baker(?:y|ies) (?:have been |had been |had |has been |were |was |are |is |stayed |remain(?:ed)? )?(?:closed|shut|halted|stopped)',
    true,
  ),
  t(
    'water',
    'water (?:shortages?|cuts?|supply|supplies|scarcity)|shortages? of (?:drinking )?water|no (?:clean |running )?water|(?:water )?pumping (?:\\w+ ){0,4}(?:stopped|halted|suspended|cut)|(?:water )?pumping stations? (?:have|has|had) no (?:fuel|power|electricity)',
    true,
  ),
  t(
    'power',
    'power (?:outages?|cuts?|shortages?)|electricity (?:cuts?|outages?|shortages?)|blackouts?|without (?:power|electricity)|(?:mains |grid )?(?:power|electricity) (?:has been |had been |is |was )?(?:available|supplied|on) (?:for )?(?:only |no more than |not more than |just |less than |at most )',
    true,
  ),
  t(
    'health',
    '(?:hospitals?|clinics?|health (?:centres?|centers?|facilities))[^.;]{0,40}?(?:closed|out of service|overwhelmed|shut|stopped|not functioning|ran out|suspended)|medical supplies|medicine shortages?|shortages? of (?:medicine|medical)|(?:cholera|measles) outbreak',
    true,
  ),
  t(
    'shelter',
    'lack of shelter|without shelter|sleeping (?:in the open|rough)|makeshift (?:tents|shelters)|overcrowded (?:shelters|camps)',
    true,
  ),
  t(
    'services',
    '(?:schools?|services|institutions|banks|shops|markets) (?:closed|shut|halted|suspended)|halted (?:\\w+ )?(?:operations|services)|fuel shortages?|shortages? of fuel|communications? (?:cut|outage|blackout)',
    true,
  ),
  t(
    'operation-announcement',
    '(?:announced|declared|declaring|announcing|announcement|claim(?:ed)?)(?: that)? (?:the )?(?:end|conclusion|completion|over)|(?:operation|campaign|offensive)(?: was| is| had| has)? (?:over|ended|concluded|completed|had ended)|(?:operation|campaign|offensive) (?:in|against|on|across|along) [^.;]{0,60}?(?:was|is|has been|had been|had) (?:over|ended|concluded|completed)|conclusion of the (?:\\w+ )?(?:operation|campaign)|ending the (?:security |military )?operation|end of (?:its|the) (?:security |military )?(?:operation|campaign)',
    true,
  ),
  t(
    'acknowledgement',
    'claimed responsibility|admitted (?:responsibility|carrying out)|acknowledged (?:responsibility|carrying out|the (?:strike|attack))',
    true,
  ),
  t(
    'call-investigation',
    `${CALL}[^.]{0,100}?\\b(?:investigat\\w*|inquir(?:y|ies)|probes?|accountability|fact-finding|prosecut\\w*|justice)|prosecute perpetrators`,
    true,
  ),
  t(
    'call-access',
    `${CALL}[^.]{0,100}?\\b(?:access|(?:let|allow)(?:ing)? [^.]{0,90}?\\b(?:travel|reach|enter|visit|go)\\b|open (?:up )?(?:the |its )?(?:[\\w-]+ ){0,2}to (?:independent |international |UN )?(?:investigators|monitors|observers|journalists))|unhindered access|humanitarian access`,
    true,
  ),
  t(
    'call-protection',
    `${CALL}[^.]{0,100}?\\b(?:protect\\w*|intervene|intervention|safe passage|evacuation|guard|send (?:\\w+ )?(?:forces|troops|police))|international protection|to protect civilians`,
    true,
  ),
];

export const TYPE_OF_KIND: Record<TriggerKind, [EventType, string]> = {
  killing: ['Violence against civilians', 'Attack'],
  wounding: ['Violence against civilians', 'Attack'],
  shooting: ['Violence against civilians', 'Attack'],
  attack: ['Violence against civilians', 'Attack'],
  violation: ['Violence against civilians', 'Attack'],
  clash: ['Battles', 'Armed clash'],
  takeover: ['Battles', 'Non-state actor overtakes territory'],
  airstrike: ['Explosions/Remote violence', 'Air/drone strike'],
  shelling: ['Explosions/Remote violence', 'Shelling/artillery/missile attack'],
  explosive: ['Explosions/Remote violence', 'Remote explosive/landmine/IED'],
  suicide: ['Explosions/Remote violence', 'Suicide bomb'],
  grenade: ['Explosions/Remote violence', 'Grenade'],
  chemical: ['Explosions/Remote violence', 'Chemical weapon'],
  sexual: ['Violence against civilians', 'Sexual violence'],
  abduction: ['Violence against civilians', 'Abduction/forced disappearance'],
  arrest: ['Strategic developments', 'Arrests'],
  looting: ['Strategic developments', 'Looting/property destruction'],
  arson: ['Strategic developments', 'Looting/property destruction'],
  destruction: ['Strategic developments', 'Looting/property destruction'],
  protest: ['Protests', 'Peaceful protest'],
  'protest-force': ['Protests', 'Excessive force against protesters'],
  riot: ['Riots', 'Mob violence'],
  flight: ['Displacement', 'Flight'],
  sheltering: ['Displacement', 'Sheltering'],
  'forced-displacement': ['Displacement', 'Forced displacement'],
  extortion: ['Extortion', 'Ransom or payment demand'],
  food: ['Humanitarian condition', 'food'],
  water: ['Humanitarian condition', 'water'],
  power: ['Humanitarian condition', 'power'],
  health: ['Humanitarian condition', 'health care'],
  shelter: ['Humanitarian condition', 'shelter'],
  services: ['Humanitarian condition', 'services'],
  'operation-announcement': ['Official statement', 'Operation announcement'],
  acknowledgement: ['Official statement', 'Acknowledgement'],
  'call-investigation': ['Call for investigation', 'Investigation'],
  'call-access': ['Call for investigation', 'Access'],
  'call-protection': ['Call for investigation', 'Protection'],
};

/** Kinds that name harm to people; their casualty figures belong to the sentence's main event. */
export const HARM_KINDS = new Set<TriggerKind>(['killing', 'wounding', 'shooting', 'attack', 'violation']);

/** Kinds naming a means of violence; when present, killings in the same sentence are its toll. */
export const MEANS_KINDS = new Set<TriggerKind>([
  'chemical',
  'suicide',
  'airstrike',
  'shelling',
  'explosive',
  'grenade',
  'clash',
  'takeover',
  'protest-force',
  'riot',
]);
