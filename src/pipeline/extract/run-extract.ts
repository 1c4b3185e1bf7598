import { type Casualties, conservativeFigure, noCasualties } from '../../domain/casualties.ts';
import type { Claim, Stance } from '../../domain/claim.ts';
import type { DateRange } from '../../domain/date-range.ts';
import type { Place } from '../../domain/place.ts';
import type { Report } from '../../domain/report.ts';
import { isAcledType } from '../../domain/taxonomy.ts';
import type { PlaceIndex } from '../../ports/gazetteer.ts';
import { bestEntry, countryFallback, type GeocodeContext, geocodeMention } from '../geocode/geocode-place.ts';
import { type ActorEntry, actorsIn, DEFAULT_ACTORS } from './actors.ts';
import {
  type AttributionState,
  learnNames,
  nameSpans,
  newAttributionState,
  officialNamed,
  type Speaker,
  speakerOf,
} from './attribution.ts';
import { casualtiesIn } from './casualties.ts';
import { dateIn, inferredWeek } from './dates.ts';
import { draftEvents, type EventDraft, triggersIn } from './events.ts';
import { extractionLanguage } from './language-gate.ts';
import { isNonViolentHarm } from './negatives.ts';
import { bareNames, type PlaceMention, placeMentions } from './places.ts';
import { linkRepeats, scoreSalience } from './repeats.ts';
import { type Sentence, splitSentences } from './segment.ts';
import { type Cues, cuesIn } from './stance-cues.ts';

/** What extraction reads besides the report: the loaded gazetteer and the actor dictionary. */
export interface ExtractDeps {
  /** The loaded gazetteer; lookups are synchronous (extraction is CPU work). */
  places: PlaceIndex;
  /** Actor entries read before the built-in dictionary (an editable dictionary). */
  actors?: ActorEntry[];
}

/** Languages the rules are written for. Other languages yield no claims, and say so. */
export const COVERED_LANGUAGES = ['en'];

interface Analysed {
  s: Sentence;
  speaker: Speaker | null;
  drafts: EventDraft[];
  mentions: PlaceMention[];
  excluded: [number, number][];
  cues: Cues;
  date: DateRange | null;
  actors: ReturnType<typeof actorsIn>;
  casualties: Casualties;
  evidence: string | null;
  officialName: string | null;
}

const EVIDENCE =
  /\b(?:documented with [^.,;]*|(?:video|footage|photos?|photographs|images|audio|recordings?)(?: evidence)?\s+(?:surfaced|shows?|showing|circulat\w+|posted|shared|emerged|emerging)|(?:unverified|authenticated|verified) (?:video|footage|photos?|images|audio)|(?:audio|video) (?:and (?:audio|video) )?evidence|horrific images[^.,;]*)/i;
const ANAPHORA =
  /\b(?:the (?:same )?(?:town|village|city|area|camp|neighbou?rhood|district|region|site|base|hamlet|locality)|there)\b/i;
const DATELINE = /^[A-Z][A-Z .'’-]{2,30}(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?(?:\s*\([^)]{1,40}\))?\s*[–—-]\s+/;
// Bodies that speak for the forces they command: their word on their own conduct is official.
const SECURITY =
  /\b(?:army|military|armed forces|forces|defen[cs]e|interior|police|security|command|ministry of defen[cs]e|general staff)\b/i;

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
  for (const s of sentences) {
    if (latinShare(s.text) < 0.5) continue;
    if (/[A-Z][a-z]+ (?:[A-Z][a-z]+ )*(?:for|of) |Amnesty|Watch|UN|Ministry|President/.test(s.text))
      learnNames(s.text, state);
    const { hits, sports, retrospective } = triggersIn(s.text);
    if (!hits.length) {
      scene(s, report.published, state, analysed);
      continue;
    }
    // Only event sentences need their speaker; pronouns ("it added") resolve through the
    // names learnt above from every sentence.
    const speaker = speakerOf(s.text, state);
    // "police said" names who speaks, not who acted.
    const said = speaker ? s.text.indexOf(speaker.text) : -1;
    const actors = actorsIn(s.text, actorsDictionary).filter(
      (x) => said < 0 || x.at < said || x.at >= said + speaker!.text.length,
    );
    const officialName = speaker?.official ? speaker.name : officialNamed(s.text, state);
    const targets = actors.filter((a) => a.role === 'target');
    const date = dateIn(s.text, report.published);
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
        armedTargetsOnly:
          targets.length > 0 &&
          targets.every((a) => a.state || /forces|fighters|Rebels|Militants|Armed/.test(a.name)),
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
  return buildClaims(report, analysed, sentences.length, ctx, deps.places);
}

/**
 * A sentence that names no event but sets the scene ("On Friday, 7 March, armed men entered
 * the village of Snobar."): kept, without drafts, so the sentences after it in its paragraph
 * inherit its date and place. Background years before publication set no scene.
 */
function scene(s: Sentence, published: string | null, state: AttributionState, analysed: Analysed[]): void {
  const date = dateIn(s.text, published);
  if (!date || (published && date.end < `${Number(published.slice(0, 4)) - 2}${published.slice(4)}`)) return;
  const excluded = nameSpans(s.text, state);
  analysed.push({
    s,
    speaker: null,
    drafts: [],
    mentions: placeMentions(s.text, excluded),
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

function placeOf(
  a: Analysed,
  index: PlaceIndex,
  ctx: GeocodeContext,
): { place: Place | null; destination: Place | null; named: PlaceMention | null } {
  const contexts = new Set(a.mentions.map((m) => m.context).filter(Boolean));
  const events = a.mentions.filter((m) => m.role === 'event' && !contexts.has(m));
  // Named places first; among countries, the report's own before others it mentions.
  const countries = events
    .filter((m) => m.country)
    .sort((x, y) => Number(y.country === ctx.countries[0]) - Number(x.country === ctx.countries[0]));
  const ordered = [...events.filter((m) => !m.country), ...countries];
  let place: Place | null = null;
  let named: PlaceMention | null = null;
  for (const m of ordered) {
    named ??= m.country ? null : m;
    place = geocodeMention(m, index, ctx);
    if (place) break;
  }
  if (!place && !named) {
    for (const m of bareNames(a.s.text, a.mentions, a.excluded)) {
      if (bestEntry(m, index, ctx)) {
        place = geocodeMention(m, index, ctx);
        if (place) break;
      }
    }
  }
  const dest = a.mentions.find((m) => m.role === 'destination');
  return { place, destination: dest ? geocodeMention(dest, index, ctx) : null, named };
}

function stanceOf(d: EventDraft, speaker: Speaker | null, cues: Cues, a: Analysed): Stance {
  if (d.type === 'Call for investigation') return 'call';
  if (cues.unverified) return 'unverified';
  if (cues.denied) return 'denied';
  if (cues.alleged) return 'alleged';
  if (d.type === 'Official statement' && d.subType === 'Denial') return 'denied';
  if (
    speaker?.official &&
    (d.type === 'Official statement' ||
      (SECURITY.test(speaker.name) && !/civil defen/i.test(speaker.name) && a.actors.some((x) => x.state)))
  )
    return 'official';
  return speaker ? 'reported' : 'asserted';
}

function buildClaims(
  report: Report,
  analysed: Analysed[],
  sentenceCount: number,
  ctx: GeocodeContext,
  index: PlaceIndex,
): Claim[] {
  const claims: Claim[] = [];
  const kinds: string[] = [];
  let lastPlace: Place | null = null;
  let lastParagraph = -1;
  let lastDate: DateRange | null = null;
  for (const a of analysed) {
    const flags: string[] = [];
    let { place, destination, named } = placeOf(a, index, ctx);
    const sameParagraph = a.s.paragraph === lastParagraph;
    if (!a.drafts.length) {
      // A scene-setting sentence: its date and place carry to the next sentences of its paragraph.
      if (!place && !sameParagraph) lastPlace = null;
      if (place) lastPlace = place;
      lastDate = a.date;
      lastParagraph = a.s.paragraph;
      continue;
    }
    if (!place && named) {
      place = countryFallback(named.name, named.phrase, index, ctx);
      if (place) flags.push('place-fallback');
    }
    if (!place && lastPlace && (ANAPHORA.test(a.s.text) || sameParagraph)) {
      place = lastPlace;
      flags.push('place-inherited');
    }
    if (!place) {
      const code = ctx.countries[0];
      const area = code ? index.countryArea(code) : null;
      if (area) {
        place = countryFallback(area.name, area.name, index, ctx);
        flags.push('place-fallback');
      }
    }
    let date = a.date;
    if (!date && sameParagraph && lastDate) {
      date = lastDate;
      flags.push('date-inherited');
    }
    if (!date) {
      date = inferredWeek(report.published);
      if (date) flags.push('date-inferred');
    }
    if (
      date &&
      report.published &&
      date.end < `${Number(report.published.slice(0, 4)) - 1}${report.published.slice(4)}`
    )
      flags.push('historical');
    if (a.cues.modality) flags.push('modality');
    if (place && !flags.includes('place-fallback')) lastPlace = place;
    if (a.date) lastDate = a.date;
    lastParagraph = a.s.paragraph;
    const firstDisplacement = a.drafts.find((d) => d.type === 'Displacement');
    const hasAbduction = a.drafts.some((d) => d.kind === 'abduction');
    for (const d of a.drafts) {
      const speaker: Speaker | null =
        d.type === 'Official statement' && !a.speaker?.official && a.officialName
          ? { name: a.officialName, kind: 'named', official: true, text: a.officialName }
          : a.speaker;
      const casualties = noCasualties();
      if (d.carriesCasualties) {
        casualties.killed = a.casualties.killed;
        casualties.injured = a.casualties.injured;
        if (!hasAbduction) casualties.abducted = a.casualties.abducted;
      }
      if (d.kind === 'abduction') casualties.abducted = a.casualties.abducted;
      if (d === firstDisplacement) casualties.displaced = a.casualties.displaced;
      const ordinal = claims.length;
      const stance = stanceOf(d, speaker, a.cues, a);
      claims.push({
        id: `${report.id}.${ordinal}`,
        reportId: report.id,
        ordinal,
        span: [a.s.start, a.s.end],
        quote: a.s.text,
        type: d.type,
        subType: d.subType,
        attribution: {
          source: speaker ? (speaker.kind === 'unnamed' ? null : speaker.name) : report.sourceName,
          stance,
          modality: a.cues.modality,
          ...(speaker ? { text: speaker.text } : {}),
        },
        place,
        date,
        actors: a.actors.map(({ name, role, text }) => ({ name, role, text })),
        casualties,
        fatalitiesAcled: isAcledType(d.type) ? conservativeFigure(casualties.killed) : null,
        repeatOf: null,
        salience: 0,
        trigger: d.trigger.text,
        sentence: a.s.index,
        flags: [...flags],
        evidenceMentioned: a.evidence,
        ...(d.type === 'Displacement' ? { destination } : {}),
      });
      kinds.push(d.kind);
    }
  }
  linkRepeats(claims, kinds);
  scoreSalience(claims, sentenceCount);
  return claims;
}
