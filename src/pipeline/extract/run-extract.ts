import { noCasualties } from '../../domain/casualties.ts';
import type { Claim } from '../../domain/claim.ts';
import type { Report } from '../../domain/report.ts';
import type { PlaceIndex } from '../../ports/gazetteer.ts';
import { bestEntry, type GeocodeContext } from '../geocode/geocode-place.ts';
import { type ActorEntry, actorsIn, DEFAULT_ACTORS } from './actors.ts';
import {
  type AttributionState,
  learnNames,
  nameSpans,
  newAttributionState,
  officialNamed,
  speakerOf,
} from './attribution.ts';
import { type Analysed, buildClaims } from './build-claims.ts';
import { casualtiesIn } from './casualties.ts';
import { dateIn } from './dates.ts';
import { draftEvents, triggersIn } from './events.ts';
import { readFactCheck } from './fact-check.ts';
import { extractionLanguage } from './language-gate.ts';
import { HARM_KINDS, MEANS_KINDS } from './lexicon.ts';
import { isMethodNote, isNonViolentHarm, isSportsContext } from './negatives.ts';
import { placeMentions } from './places.ts';
import { type Sentence, splitSentences } from './segment.ts';
import { cuesIn } from './stance-cues.ts';

/** What extraction reads besides the report: the loaded gazetteer and the actor dictionary. */
export interface ExtractDeps {
  /** The loaded gazetteer; lookups are synchronous (extraction is CPU work). */
  places: PlaceIndex;
  /** Actor entries read before the built-in dictionary (an editable dictionary). */
  actors?: ActorEntry[];
}

/** Languages the rules are written for. Other languages yield no claims, and say so. */
export const COVERED_LANGUAGES = ['en'];

const EVIDENCE =
  /\b(?:documented with [^.,;]*|(?:video|footage|photos?|photographs|images|audio|recordings?)(?: evidence)?\s+(?:surfaced|shows?|showing|circulat\w+|posted|shared|emerged|emerging)|(?:unverified|authenticated|verified) (?:video|footage|photos?|images|audio)|(?:audio|video) (?:and (?:audio|video) )?evidence|horrific images[^.,;]*)/i;
const DATELINE =
  /^[A-Z][A-Z .'’-]{2,30}(?:,\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?)?(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?(?:\s*\([^)]{1,40}\))?\s*[–—-]\s+/;

const RELAYED_CLAUSE =
  /\b(?:an?|one|two|three|four|five|six|seven|\d{1,2}) days? (?:after|before) [^,.;]*?\b(?:said|announced|declared|stated)\b[^,.;]*/i;
const THE_DEAD =
  /\b(?:bury|buried|burying|mourn|mourned|mourning|grieve|grieving|honou?r)\s+(?:their|the|our|its|his|her)\s+$/i;
const SETTLEMENT_NOUN = /\b(?:village|town|hamlet|neighbou?rhood|camp)\b/i;
const HEADING = /^(?:#{1,6}\s*)?[*_]{0,2}[\p{L}'’-]+(?:\s+[\p{L}'’-]+)?[*_]{0,2}[.:]?[*_]{0,2}$/u;

/** Share of letters in Latin script; punctuation and Latin accents count as Latin. */
function latinShare(s: string): number {
  let latin = 0;
  let other = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin++;
    } else if (c < 0x250 || (c >= 0x1e00 && c <= 0x1eff)) latin++;
    else if (c < 0x2000 || c > 0x2bff) other++;
  }
  return latin + other === 0 ? 0 : latin / (latin + other);
}

/** Report → claims. The stage signature the pipeline calls; the work is synchronous. */
export async function runExtract(report: Report, deps: ExtractDeps): Promise<Claim[]> {
  return extractClaims(report, deps);
}

/**
 * Reads a report sentence by sentence: who speaks and how sure they are, which events each
 * sentence names, where and when, by and against whom, and how many people were harmed.
 * A text in a language the rules do not cover yields no claims.
 */
export function extractClaims(report: Report, deps: ExtractDeps): Claim[] {
  if (report.status !== 'parsed' || !report.text.trim()) return [];
  const language = extractionLanguage(report.text, report.language);
  if (language && !COVERED_LANGUAGES.includes(language)) return [];
  const actorsDictionary = deps.actors?.length ? [...deps.actors, ...DEFAULT_ACTORS] : DEFAULT_ACTORS;
  const sentences = splitSentences(report.text);
  const state = newAttributionState();
  const analysed: Analysed[] = [];
  // A report most of whose sentences talk sport is a sports report, every sentence of it.
  const sportsSentences = sentences.filter((s) => isSportsContext(s.text)).length;
  const sportsReport = sportsSentences >= 3 && sportsSentences * 3 >= sentences.length;
  let previousParagraph = -1;
  for (const s of sentences) {
    const opens = s.paragraph !== previousParagraph;
    previousParagraph = s.paragraph;
    if (latinShare(s.text) < 0.5) continue;
    // A heading ("Shelling.", "## Displacement") names a topic, not an event: the sentences
    // under it tell what happened, where and when.
    if (
      HEADING.test(s.text) &&
      (opens || s.text.startsWith('#')) &&
      !/\w(?:ed|s)\b/.test(s.text.replace(/^#+\s*/, ''))
    )
      continue;
    if (/[A-Z][a-z]+ (?:[A-Z][a-z]+ )*(?:for|of) |Amnesty|Watch|UN|Ministry|President/.test(s.text))
      learnNames(s.text, state);
    const found = triggersIn(s.text);
    const { sports, retrospective } = found;
    let hits = found.hits;
    // In a sports report, "bombarded the goal" and "massacred in midfield" are play: violence
    // words count only with people harmed in numbers ("two fans were killed").
    if (sportsReport && hits.some((h) => HARM_KINDS.has(h.kind) || MEANS_KINDS.has(h.kind))) {
      const harmed = casualtiesIn(s.text);
      if (!harmed.killed && !harmed.injured)
        hits = hits.filter((h) => !HARM_KINDS.has(h.kind) && !MEANS_KINDS.has(h.kind));
    }
    // "bury their dead", "mourn the dead": the dead as people, not a killing being reported.
    hits = hits.filter(
      (h) =>
        h.kind !== 'killing' ||
        !/^(?:dead|bodies)$/i.test(h.text) ||
        !THE_DEAD.test(s.text.slice(0, h.start)),
    );
    // "let independent investigators travel to …" asks for access; the investigators are who.
    if (hits.some((h) => h.kind === 'call-access'))
      hits = hits.filter((h) => h.kind !== 'call-investigation' || !/investigators$/i.test(h.text));
    // How a monitor counts is not an event ("… are not included in the figures above").
    if (hits.length && isMethodNote(s.text)) hits = [];
    if (!hits.length) {
      scene(s, report.published, state, analysed);
      continue;
    }
    // Only event sentences need their speaker; pronouns ("it added") resolve through the
    // names learnt above from every sentence.
    // "…, one day after the ministry said its operation was over": who said that relayed
    // statement is not who tells this sentence (the statement's claim names them itself).
    let speaker = speakerOf(
      s.text.replace(RELAYED_CLAUSE, (m) => ' '.repeat(m.length)),
      state,
    );
    // "HMEIMIM, Syria (North Wire) -": a dateline names where the story was filed, not who speaks.
    const filed = DATELINE.exec(s.text);
    if (speaker && filed && s.text.indexOf(speaker.text) < filed[0].length) speaker = null;
    // "police said" names who speaks, not who acted.
    const said = speaker ? s.text.indexOf(speaker.text) : -1;
    const actors = actorsIn(s.text, actorsDictionary).filter(
      (x) => said < 0 || x.at < said || x.at >= said + speaker!.text.length,
    );
    const officialName = speaker?.official ? speaker.name : officialNamed(s.text, state);
    const targets = actors.filter((a) => a.role === 'target');
    // The object of "attacked" is who was attacked: "after gunmen attacked security forces".
    const attack = hits.find((h) => h.kind === 'attack');
    const objects = attack ? targets.filter((a) => a.at >= attack.end && a.at - attack.end <= 12) : [];
    const struck = objects.length ? objects : targets;
    // The date nearest the first event word: "arrived on Friday, after gunmen attacked … on Thursday".
    const date = dateIn(s.text, report.published, hits[0]?.start);
    // A dated event years before publication is background ("In 1982, …"), not news.
    const old =
      date &&
      report.published &&
      date.end < `${Number(report.published.slice(0, 4)) - 2}${report.published.slice(4)}`;
    const drafts = draftEvents(
      hits,
      {
        statePerpetrator: actors.some((a) => a.role === 'perpetrator' && a.state),
        actors,
        nonViolent: isNonViolentHarm(s.text),
        // Who was attacked is named right after the harm word ("attacked security forces near
        // Jableh"), not earlier ("the families began arriving after …").
        armedTargetsOnly:
          struck.length > 0 &&
          struck.every((a) => a.state || /forces|fighters|Rebels|Militants|Armed/.test(a.name)),
        officialVoice: Boolean(officialName),
        sentence: s.text,
      },
      { sports, retrospective: retrospective || Boolean(old) },
    );
    // An official denial is itself an event: what the authority says did not happen.
    const cues = cuesIn(s.text);
    if (
      cues.denied &&
      (speaker?.official || officialName) &&
      !drafts.some((d) => d.type === 'Official statement')
    ) {
      const at = /\b(?:denied|denies|deny|denying|rejected|dismissed|refuted)\b/i.exec(s.text)!;
      drafts.push({
        kind: 'acknowledgement',
        type: 'Official statement',
        subType: 'Denial',
        trigger: { kind: 'acknowledgement', start: at.index, end: at.index + at[0].length, text: at[0] },
        carriesCasualties: false,
      });
    }
    if (!drafts.length) {
      scene(s, report.published, state, analysed);
      continue;
    }
    // A toll told right after the event that caused it ("Mortar rounds landed in the market.
    // Three civilians were killed.") is that event's toll, not an attack of its own.
    const previous = analysed.at(-1);
    const means = previous?.drafts.find((d) => MEANS_KINDS.has(d.kind));
    if (
      means &&
      previous?.s.paragraph === s.paragraph &&
      drafts.every((d) => HARM_KINDS.has(d.kind)) &&
      !actors.some((x) => x.role === 'perpetrator')
    )
      for (const d of drafts) Object.assign(d, { type: means.type, subType: means.subType });
    const excluded = nameSpans(s.text, state);
    const dateline = DATELINE.exec(s.text);
    if (dateline) excluded.push([0, dateline[0].length]);
    analysed.push({
      s,
      speaker,
      drafts,
      mentions: placeMentions(s.text, excluded),
      excluded,
      cues,
      date,
      actors,
      casualties: drafts.some(
        (d) => d.carriesCasualties || d.type === 'Displacement' || d.kind === 'abduction',
      )
        ? casualtiesIn(s.text)
        : noCasualties(),
      evidence: EVIDENCE.exec(s.text)?.[0] ?? null,
      officialName,
    });
  }
  const ctx: GeocodeContext = { countries: reportCountries(analysed, deps.places) };
  return readFactCheck(
    report.text,
    report.sourceName,
    buildClaims(report, analysed, sentences.length, ctx, deps.places),
  );
}

/**
 * A sentence that names no event but sets the scene ("On Friday, 7 March, armed men entered
 * the village of Snobar."): kept, without drafts, so the sentences after it in its paragraph
 * inherit its date and place. Background years before publication set no scene.
 */
function scene(s: Sentence, published: string | null, state: AttributionState, analysed: Analysed[]): void {
  const date = dateIn(s.text, published);
  if (date && published && date.end < `${Number(published.slice(0, 4)) - 2}${published.slice(4)}`) return;
  // Without a date, only a sentence introducing a village or town sets the scene
  // ("Researchers interviewed witnesses from Snobar, a village in the Jableh countryside.").
  if (!date && !SETTLEMENT_NOUN.test(s.text)) return;
  const excluded = nameSpans(s.text, state);
  const mentions = placeMentions(s.text, excluded);
  if (!date && !mentions.some((m) => m.cue && !m.country && m.role === 'event')) return;
  analysed.push({
    s,
    speaker: null,
    drafts: [],
    mentions,
    excluded,
    cues: { unverified: false, alleged: false, denied: false, modality: false },
    date,
    actors: [],
    casualties: noCasualties(),
    evidence: null,
    officialName: null,
  });
}

/** The countries a report is about: named countries count double, well-known places once. */
function reportCountries(analysed: Analysed[], index: PlaceIndex): string[] {
  const tally = new Map<string, number>();
  const add = (code: string | null, n: number) => {
    if (code) tally.set(code, (tally.get(code) ?? 0) + n);
  };
  for (const a of analysed) {
    for (const m of a.mentions) {
      if (m.country) add(m.country, 2);
      else if (m.role !== 'seat') {
        const e = bestEntry(m, index, { countries: [] });
        if (e) add(e.country, 1);
      }
    }
  }
  const ranked = [...tally.entries()].sort((x, y) => y[1] - x[1]);
  const top = ranked[0]?.[1] ?? 0;
  return ranked.filter(([, n]) => n * 3 >= top).map(([c]) => c);
}
