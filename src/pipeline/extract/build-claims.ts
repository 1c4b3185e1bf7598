import type { Casualties } from '../../domain/casualties.ts';
import { conservativeFigure, noCasualties } from '../../domain/casualties.ts';
import type { Claim, Stance } from '../../domain/claim.ts';
import type { DateRange } from '../../domain/date-range.ts';
import type { Place } from '../../domain/place.ts';
import type { Report } from '../../domain/report.ts';
import { isAcledType } from '../../domain/taxonomy.ts';
import type { PlaceIndex } from '../../ports/gazetteer.ts';
import { bestEntry, countryFallback, type GeocodeContext, geocodeMention } from '../geocode/geocode-place.ts';
import type { actorsIn } from './actors.ts';
import type { Speaker } from './attribution.ts';
import { footageDate, inferredWeek, statementDate } from './dates.ts';
import type { EventDraft } from './events.ts';
import { bareNames, type PlaceMention } from './places.ts';
import { linkRepeats, scoreSalience } from './repeats.ts';
import type { Sentence } from './segment.ts';
import type { Cues } from './stance-cues.ts';

/** One sentence as read: its events before place, date and attribution become claims. */
export interface Analysed {
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

const ANAPHORA =
  /\b(?:the (?:same )?(?:town|village|city|area|camp|neighbou?rhood|district|region|site|base|hamlet|locality)|there)\b/i;
// Bodies that speak for the forces they command: their word on their own conduct is official.
const SECURITY =
  /\b(?:army|military|armed forces|forces|defen[cs]e|interior|police|security|command|ministry of defen[cs]e|general staff)\b/i;
const SETTLEMENT_ANAPHORA = /\bthe (?:same )?(?:town|village|hamlet|city)\b/i;
const PART_OF =
  /^\s*(?:neighbou?rhood|quarter|district|suburbs?|outskirts|old city|market|centre|center)\s+of\s+(?:the\s+)?(?:city\s+of\s+)?$/i;

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
    // "the Al-Qusour neighbourhood of Baniyas": a part of a town is the town, precision 1.
    if (m.context && PART_OF.test(a.s.text.slice(m.end, m.context.start))) {
      const town = geocodeMention(m.context, index, ctx);
      if (town?.wherePrec === 1) {
        place = { ...town, name: `${m.name}, ${town.name}` };
        break;
      }
    }
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

/** A sentence telling what a video, a clip or photos are said to show. */
const FOOTAGE =
  /\b(?:video|footage|clip|recording|images|photos|photographs)\b[^.;]{0,80}?\b(?:shows?|showing|(?:appears?|purports?|seems?|claims?) to show)\b/i;
/** Events footage can show (not a call about it, a statement, a condition). */
const FOOTAGE_TYPES = new Set<string>([
  'Violence against civilians',
  'Battles',
  'Explosions/Remote violence',
  'Riots',
]);

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

/** Analysed sentences → claims: places, dates and speakers resolved, carried and inherited. */
export function buildClaims(
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
  const toldDays = new Set<string>();
  let storyDate: DateRange | null = null;
  const toldPlaces = new Set<string>();
  let storyPlace: Place | null = null;
  let lastSettlement: Place | null = null;
  const tell = (p: Place) => {
    if (p.wherePrec === 1) lastSettlement = p;
    if (p.wherePrec > 2) return;
    toldPlaces.add(p.gazetteerId ?? p.name);
    storyPlace = p;
  };
  for (const a of analysed) {
    if (a.date && !a.date.inferred) {
      toldDays.add(`${a.date.start}/${a.date.end}`);
      storyDate = a.date;
    }
    const flags: string[] = [];
    let { place, destination, named } = placeOf(a, index, ctx);
    const sameParagraph = a.s.paragraph === lastParagraph;
    if (!a.drafts.length) {
      // A scene-setting sentence: its date and place carry to the next sentences of its paragraph.
      if (!place && !sameParagraph) lastPlace = null;
      if (place) {
        lastPlace = place;
        tell(place);
      }
      if (a.date || !sameParagraph) lastDate = a.date;
      lastParagraph = a.s.paragraph;
      continue;
    }
    if (!place && named) {
      place = countryFallback(named.name, named.phrase, index, ctx);
      if (place) flags.push('place-fallback');
    }
    // What a video shows happened where the video was filmed, which the sentence does not say:
    // it inherits no village from the story around it (docs/extraction.md, "Footage").
    const footage = FOOTAGE.test(a.s.text);
    if (!place && !footage && lastPlace && (ANAPHORA.test(a.s.text) || sameParagraph)) {
      // "guard the village": the last village or town named, not the region around it.
      place = SETTLEMENT_ANAPHORA.test(a.s.text) && lastSettlement ? lastSettlement : lastPlace;
      flags.push('place-inherited');
    }
    // A report that has named one place only so far tells that place's story.
    if (!place && !footage && toldPlaces.size === 1 && storyPlace) {
      place = storyPlace;
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
    // A report that has named one day only so far tells that day's story: a later paragraph
    // without a date of its own continues it, rather than falling back to the whole week.
    if (!date && toldDays.size === 1 && storyDate) {
      date = storyDate;
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
    if (place && !flags.includes('place-fallback')) {
      lastPlace = place;
      tell(place);
    }
    if (a.date) lastDate = a.date;
    lastParagraph = a.s.paragraph;
    const firstDisplacement = a.drafts.find((d) => d.type === 'Displacement');
    // Arrivals are seen where people arrive: the destination is where the flow is recorded.
    const arrival = /\b(?:arrived|arriving|arrivals?) (?:in|at)\b/i.test(a.s.text);
    const hasAbduction = a.drafts.some((d) => d.kind === 'abduction');
    for (const d of a.drafts) {
      // "The ministry on Wednesday dismissed as fabricated …": the official who denies speaks.
      const speaker: Speaker | null =
        a.officialName &&
        ((d.type === 'Official statement' && !a.speaker?.official) || (a.cues.denied && !a.speaker))
          ? { name: a.officialName, kind: 'named', official: true, text: a.officialName }
          : a.speaker;
      const shown = footage && FOOTAGE_TYPES.has(d.type);
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
          ...(shown ? { basis: 'footage' as const } : {}),
        },
        place,
        date:
          d.type === 'Official statement'
            ? statementDate(a.s.text, d.trigger.start, date, report.published)
            : shown
              ? footageDate(a.s.text, date)
              : date,
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
        ...(d.type === 'Displacement' && destination && arrival ? { place: destination } : {}),
      });
      kinds.push(d.kind);
    }
  }
  linkRepeats(claims, kinds);
  scoreSalience(claims, sentenceCount);
  return claims;
}
