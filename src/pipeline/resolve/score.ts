import type { IncidentProfile } from '../../ports/resolution.ts';
import { actorsOverlap, type ClaimView, harmKind, haversineKm } from './claim-view.ts';

/**
 * The score that decides whether a claim joins an incident (docs/resolution.md):
 *
 *   score = 0.30·type + 0.25·place + 0.20·date + 0.15·casualties + 0.10·actors
 *
 * each part in [0, 1], unknown parts 0.5. A claim joins the best incident scoring at least
 * JOIN_THRESHOLD, unless a veto holds: another family or kind of harm, dates that do not
 * overlap, places farther apart than their two radii (or two different named places, first-level
 * areas or countries), different targets, or different perpetrators (allowed only when all else
 * agrees exactly, and then recorded as a contradiction).
 */
export const WEIGHTS = { type: 0.3, place: 0.25, date: 0.2, casualties: 0.15, actors: 0.1 } as const;
export const JOIN_THRESHOLD = 0.7;
/** A vague claim (coarse place or inferred date) joins only when no other incident comes this close. */
export const AMBIGUITY_MARGIN = 0.05;

export interface ScoreResult {
  score: number;
  /** Whether a veto holds (`veto` says which). */
  vetoed: boolean;
  veto: string | null;
  parts: Record<keyof typeof WEIGHTS, number>;
  /** Plain words for the record: why it joined (or not). */
  text: string;
}

const KINDS = ['killed', 'injured', 'abducted', 'displaced'] as const;

/** A score a veto holds: nothing joins by it, and its words say why. */
export function keptApart(veto: string, parts: ScoreResult['parts']): ScoreResult {
  return { score: 0, vetoed: true, veto, parts, text: `kept apart: ${veto}` };
}

/**
 * A claim's score against an incident's profile. Most candidates scored are not chosen, so the
 * words saying why are put together only when read (`text`, `veto`), by scoring again with words.
 */
export function scoreClaim(view: ClaimView, p: IncidentProfile): ScoreResult {
  const quiet = judge(view, p, false);
  return new Verdict(view, p, quiet.score, quiet.parts, quiet.vetoed);
}

class Verdict implements ScoreResult {
  constructor(
    private readonly view: ClaimView,
    private readonly profile: IncidentProfile,
    readonly score: number,
    readonly parts: ScoreResult['parts'],
    readonly vetoed: boolean,
  ) {}
  get veto(): string | null {
    return this.vetoed ? judge(this.view, this.profile, true).veto : null;
  }
  get text(): string {
    return judge(this.view, this.profile, true).text;
  }
}

/** The score, with its words only when `say` (a veto's words are not built otherwise). */
function judge(view: ClaimView, p: IncidentProfile, say: boolean): ScoreResult {
  const claim = view.claim;
  const parts = { type: 0, place: 0, date: 0, casualties: 0.5, actors: 0.5 };
  const words: string[] = [];
  // (Unsaid, a veto is only marked: `Verdict` asks again with words when they are read.)
  const no = (veto: string | false): ScoreResult =>
    veto ? keptApart(veto, parts) : { score: 0, vetoed: true, veto: 'vetoed', parts, text: '' };

  if (p.family !== view.family) return no(say && 'different event families');
  const pKind = harmKind(p.type, p.subType);
  if (pKind !== view.kind) return no(say && `different kinds of event (${view.kind} vs ${pKind})`);

  // Type.
  if (p.type === claim.type && p.subType === claim.subType) {
    parts.type = 1;
    if (say) words.push(`same type (${claim.subType ?? claim.type})`);
  } else if (p.type === claim.type && (p.subType === null || claim.subType === null)) {
    parts.type = 0.7;
    if (say) words.push(`same type (${claim.type})`);
  } else if (p.type === claim.type) {
    parts.type = 0.5;
    if (say) words.push(`same type, sub-types ${claim.subType} and ${p.subType}`);
  } else {
    parts.type = 0.3;
    if (say) words.push(`related types (${claim.type} and ${p.type})`);
  }

  // Date.
  if (view.firstDay === null || view.lastDay === null || p.firstDay === null || p.lastDay === null) {
    return no(say && 'no date to compare');
  }
  const inter = Math.min(view.lastDay, p.lastDay) - Math.max(view.firstDay, p.firstDay) + 1;
  if (inter <= 0) return no(say && 'dates do not overlap');
  const union = Math.max(view.lastDay, p.lastDay) - Math.min(view.firstDay, p.firstDay) + 1;
  if (view.inferredDate || p.inferredDate) {
    parts.date = 0.5;
    if (say) words.push('date only inferred');
  } else {
    parts.date = 0.5 + 0.5 * (inter / union);
    if (say)
      words.push(inter === union && union === 1 ? 'same day' : `dates overlap ${inter} of ${union} day(s)`);
  }

  // Place.
  if (view.lat === null || view.lon === null || view.radiusKm === null)
    return no(say && 'no place to compare');
  if (p.lat === null || p.lon === null || p.radiusKm === null) return no(say && 'no place to compare');
  const place = claim.place!;
  if (place.country && p.country && place.country !== p.country) return no(say && 'different countries');
  const d = haversineKm(view.lat, view.lon, p.lat, p.lon);
  const sameNamed = place.gazetteerId !== null && place.gazetteerId === p.gazetteerId;
  if (
    !sameNamed &&
    place.wherePrec === 1 &&
    p.wherePrec === 1 &&
    place.gazetteerId &&
    p.gazetteerId &&
    d > 1
  ) {
    return no(say && `different places (${place.name} and ${p.placeName})`);
  }
  if (
    place.admin1 &&
    p.admin1 &&
    place.admin1 !== p.admin1 &&
    place.wherePrec <= 3 &&
    (p.wherePrec ?? 9) <= 3 &&
    d > 1
  ) {
    return no(say && `different first-level areas (${place.admin1} and ${p.admin1})`);
  }
  const reach = view.radiusKm + p.radiusKm;
  if (d > reach) return no(say && `${round(d)} km apart, farther than ${reach} km`);
  if (sameNamed || d <= 1) {
    parts.place = 1;
    if (say) words.push(`same place (${place.name})`);
  } else {
    parts.place = 0.4 + 0.6 * (1 - d / reach);
    if (say) words.push(`${round(d)} km apart (within ${reach} km)`);
  }
  if (Math.max(place.wherePrec, p.wherePrec ?? 1) >= 3) parts.place *= 0.85;

  // Casualties: kinds both sides give must overlap.
  let compared = 0;
  let agree = 0;
  for (const kind of KINDS) {
    const a = claim.casualties[kind];
    const b = p.casualties[kind];
    if (!a || !b) continue;
    compared++;
    if (rangesOverlap([a.min, a.max], b)) agree++;
  }
  if (compared > 0) {
    parts.casualties = agree / compared;
    if (say) words.push(agree === compared ? 'casualty figures agree' : 'casualty figures differ');
  }

  // Actors.
  if (view.targets.length && p.targets.length && !actorsOverlap(view.targets, p.targets)) {
    return no(say && `different targets (${view.targets.join(', ')} vs ${p.targets.join(', ')})`);
  }
  if (view.perpetrators.length && p.perpetrators.length) {
    if (actorsOverlap(view.perpetrators, p.perpetrators)) {
      parts.actors = 1;
      if (say) words.push('same perpetrator');
    } else {
      const exact =
        parts.type === 1 &&
        parts.place === 1 &&
        view.firstDay === view.lastDay &&
        p.firstDay === p.lastDay &&
        compared > 0 &&
        agree === compared;
      if (!exact) {
        return no(
          say && `different perpetrators (${view.perpetrators.join(', ')} vs ${p.perpetrators.join(', ')})`,
        );
      }
      // Everything else agrees exactly: one event whose perpetrator sources dispute (a contradiction).
      parts.actors = 0;
      if (say) words.push('perpetrators disputed');
    }
  }

  const score =
    WEIGHTS.type * parts.type +
    WEIGHTS.place * parts.place +
    WEIGHTS.date * parts.date +
    WEIGHTS.casualties * parts.casualties +
    WEIGHTS.actors * parts.actors;
  const rounded = Math.round(score * 1000) / 1000;
  return {
    score: rounded,
    vetoed: false,
    veto: null,
    parts,
    text: say ? `${words.join('; ')} (score ${rounded.toFixed(2)})` : '',
  };
}

export function rangesOverlap(a: [number, number | null], b: [number, number | null]): boolean {
  const aMax = a[1] ?? Number.POSITIVE_INFINITY;
  const bMax = b[1] ?? Number.POSITIVE_INFINITY;
  return a[0] <= bMax && b[0] <= aMax;
}

function round(km: number): string {
  return km < 10 ? km.toFixed(1) : String(Math.round(km));
}
