import type { EventType } from '../../domain/taxonomy.ts';
import {
  HARM_KINDS,
  MEANS_KINDS,
  TRIGGERS,
  type Trigger,
  type TriggerKind,
  TYPE_OF_KIND,
} from './lexicon.ts';

const CALLS_SET = new Set<TriggerKind>(['call-investigation', 'call-access', 'call-protection']);

import { isRetrospective, isSportsContext, isUnreal, maskMetaphors } from './negatives.ts';

/** A trigger found in a sentence. */
export interface TriggerHit {
  kind: TriggerKind;
  start: number;
  end: number;
  text: string;
}

/** One event a sentence describes, before place, date and attribution are attached. */
export interface EventDraft {
  kind: TriggerKind;
  type: EventType;
  subType: string;
  trigger: TriggerHit;
  /** The sentence's casualty figures belong to this event. */
  carriesCasualties: boolean;
}

// One pass finds every non-demand trigger: alternative i of the union is trigger i, so the
// capture group that matched names the kind. Demands share verbs and overlap, so they are
// read apart, and only when a demand verb is present.
const PLAIN = TRIGGERS.filter((t) => !CALLS_SET.has(t.kind));
const DEMANDS = TRIGGERS.filter((t) => CALLS_SET.has(t.kind));
// One \\b around the whole union lets the engine skip positions quickly, and matching a
// lower-cased copy case-sensitively is faster again (the sources use no upper-case escapes).
const UNION = new RegExp(`\\b(?:${PLAIN.map((t) => `(${t.source.toLowerCase()})`).join('|')})\\b`, 'g');
const DEMAND_CUE =
  /\b(?:call|urg|demand|appeal|press|push|plead|begg|ask|order|need|protect|prosecut|international protection)/;

function scan(lower: string): { trigger: Trigger; index: number; length: number }[] {
  const out: { trigger: Trigger; index: number; length: number }[] = [];
  UNION.lastIndex = 0;
  for (let m = UNION.exec(lower); m; m = UNION.exec(lower)) {
    let g = 1;
    while (m[g] === undefined) g++;
    out.push({ trigger: PLAIN[g - 1]!, index: m.index, length: m[0].length });
  }
  return out;
}

/** Every trigger of a sentence, metaphors and unreal mentions left out. */
export function triggersIn(sentence: string): {
  hits: TriggerHit[];
  sports: boolean;
  retrospective: boolean;
} {
  let lower = sentence.toLowerCase();
  let found = scan(lower);
  const demand = DEMAND_CUE.test(lower);
  // Most sentences name no event: one scan says so.
  if (!found.length && !demand) return { hits: [], sports: false, retrospective: false };
  const masked = maskMetaphors(sentence);
  if (masked !== sentence) {
    lower = masked.toLowerCase();
    found = scan(lower);
  }
  const sports = isSportsContext(sentence);
  const retrospective = isRetrospective(sentence);
  const hits: TriggerHit[] = [];
  for (const f of found) {
    if (sports && !f.trigger.sportsSafe) continue;
    if (isUnreal(masked.slice(Math.max(0, f.index - 60), f.index))) continue;
    hits.push({
      kind: f.trigger.kind,
      start: f.index,
      end: f.index + f.length,
      text: sentence.slice(f.index, f.index + f.length),
    });
  }
  if (demand) {
    for (const trigger of DEMANDS) {
      trigger.re.lastIndex = 0;
      const m = trigger.re.exec(masked);
      if (m)
        hits.push({
          kind: trigger.kind,
          start: m.index,
          end: m.index + m[0].length,
          text: sentence.slice(m.index, m.index + m[0].length),
        });
    }
  }
  hits.sort((a, b) => a.start - b.start);
  return { hits, sports, retrospective };
}

const VIOLENT = new Set<TriggerKind>([...HARM_KINDS, ...MEANS_KINDS]);
const CALLS = CALLS_SET;
const STATEMENTS = new Set<TriggerKind>(['operation-announcement', 'acknowledgement']);

export interface DraftContext {
  /** A state actor commits the violence (for territory and arrests). */
  statePerpetrator: boolean;
  /** Actors with their positions: the one before a takeover verb is who took the place. */
  actors: { state: boolean; role: string; at: number }[];
  /** Accidents, disasters or disease, not violence. */
  nonViolent: boolean;
  /** Only armed people are named as victims: an attack on them is a battle. */
  armedTargetsOnly: boolean;
  /** An official body speaks or is named in the sentence. */
  officialVoice: boolean;
  sentence: string;
}

/**
 * The events of one sentence. Harm words (killed, wounded, attack) join the means that
 * caused them (shelling, an air strike, a clash) rather than becoming a second event; a
 * sentence with harm but no means is an attack on civilians. Other kinds (looting, arson,
 * flight, a call) each stay an event of their own, in the order the sentence names them.
 */
export function draftEvents(
  hits: TriggerHit[],
  ctx: DraftContext,
  flags: { sports: boolean; retrospective: boolean },
): EventDraft[] {
  let usable = hits;
  if (flags.retrospective) usable = usable.filter((h) => CALLS.has(h.kind));
  if (!ctx.officialVoice)
    usable = usable.filter((h) => !STATEMENTS.has(h.kind) || h.kind === 'acknowledgement');
  // "Three people died in floods": harm words with no means and no one acting are not violence.
  if (
    ctx.nonViolent &&
    !usable.some((h) => MEANS_KINDS.has(h.kind) || h.kind === 'attack' || h.kind === 'shooting') &&
    !ctx.actors.some((a) => a.role === 'perpetrator')
  )
    usable = usable.filter((h) => !HARM_KINDS.has(h.kind));
  const kinds = new Set(usable.map((h) => h.kind));
  const means = usable.filter((h) => MEANS_KINDS.has(h.kind));
  const harm = usable.filter((h) => HARM_KINDS.has(h.kind));
  const out: EventDraft[] = [];
  const seen = new Set<TriggerKind>();
  let casualtiesGiven = false;
  const add = (hit: TriggerHit, type: EventType, subType: string, violent: boolean) => {
    if (seen.has(hit.kind)) return;
    seen.add(hit.kind);
    const carries = violent && !casualtiesGiven;
    if (carries) casualtiesGiven = true;
    out.push({ kind: hit.kind, type, subType, trigger: hit, carriesCasualties: carries });
  };
  for (const hit of usable) {
    const [type, subType] = TYPE_OF_KIND[hit.kind];
    if (HARM_KINDS.has(hit.kind)) {
      if (means.length) continue;
      const first = harm[0]!;
      if (hit !== first) continue;
      if (ctx.armedTargetsOnly) add(hit, 'Battles', 'Armed clash', true);
      else add(hit, type, subType, true);
      continue;
    }
    if (hit.kind === 'destruction' && means.some((m) => m.kind !== 'clash')) continue;
    if (hit.kind === 'protest' && (kinds.has('protest-force') || kinds.has('riot'))) continue;
    if (hit.kind === 'riot' && kinds.has('protest')) {
      add(hit, 'Riots', 'Violent demonstration', true);
      continue;
    }
    if (hit.kind === 'protest' && INTERVENTION.test(ctx.sentence)) {
      add(hit, 'Protests', 'Protest with intervention', false);
      continue;
    }
    if (hit.kind === 'arrest' && kinds.has('protest')) continue;
    if (hit.kind === 'takeover') {
      const taker = ctx.actors.filter((a) => a.at < hit.start && a.role === 'perpetrator').at(-1);
      // The subject right before the verb is who took it ("… before government units took
      // control"), even when another actor was named earlier in the sentence.
      const subject = STATE_SUBJECT.exec(ctx.sentence.slice(Math.max(0, hit.start - 40), hit.start));
      const state = subject ? true : taker ? taker.state : ctx.statePerpetrator;
      add(
        hit,
        'Battles',
        state ? 'Government regains territory' : 'Non-state actor overtakes territory',
        true,
      );
      continue;
    }
    if (hit.kind === 'arrest' && !ctx.statePerpetrator && kinds.has('abduction')) continue;
    if (hit.kind === 'flight' && (kinds.has('forced-displacement') || kinds.has('sheltering'))) {
      if (kinds.has('forced-displacement')) continue;
    }
    add(hit, type, subType, VIOLENT.has(hit.kind));
  }
  return out;
}

const STATE_SUBJECT =
  /\b(?:government|army|military|state|security|our) (?:forces|units|troops|soldiers|reinforcements)\s+(?:have |had |has )?$|\bour forces\s+(?:have |had )?$/i;

const INTERVENTION =
  /\b(?:tear ?gas|dispersed|arrested|detained|water cannons?|rubber bullets|batons?|beat(?:en)?|broke up)\b/i;
