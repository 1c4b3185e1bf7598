import type { IncidentProfile } from '../../ports/resolution.ts';
import { type ClaimView, haversineKm, placeRadius } from './claim-view.ts';
import { keptApart, type ScoreResult } from './score.ts';

/**
 * Whether a claim about what a video is said to show is another telling of footage already on
 * record (docs/resolution.md, "Footage"). Footage is its own kind of claim: what a clip shows is
 * not corroboration of a reported event (nor the reverse) until someone verifies where and when
 * it was filmed, so it is matched only with other tellings of footage: the same kind of harm, on
 * days that overlap, and — when both sides place it at least to a district — within their radii;
 * a telling that places it only in a region or a country matches within that country.
 */
export function scoreFootage(view: ClaimView, p: IncidentProfile): ScoreResult {
  const claim = view.claim;
  const parts = { type: 0, place: 0.5, date: 0, casualties: 0.5, actors: 0.5 };
  const no = (veto: string) => keptApart(veto, parts);
  if (p.type !== claim.type) return no('footage of different kinds of event');
  if (view.firstDay === null || view.lastDay === null || p.firstDay === null || p.lastDay === null)
    return no('no date to compare');
  const inter = Math.min(view.lastDay, p.lastDay) - Math.max(view.firstDay, p.firstDay) + 1;
  if (inter <= 0) return no('footage from different days');
  if (view.lat === null || view.lon === null || p.lat === null || p.lon === null || p.radiusKm === null)
    return no('no place to compare');
  const place = claim.place!;
  if (place.country && p.country && place.country !== p.country) return no('different countries');
  const own = placeRadius(place.wherePrec);
  const d = haversineKm(view.lat, view.lon, p.lat, p.lon);
  if (own !== null && d > own + p.radiusKm)
    return no(`${Math.round(d)} km apart, farther than ${own + p.radiusKm} km`);
  const union = Math.max(view.lastDay, p.lastDay) - Math.min(view.firstDay, p.firstDay) + 1;
  parts.type = p.subType === claim.subType ? 1 : 0.7;
  parts.date = 0.5 + 0.5 * (inter / union);
  parts.place = own === null ? 0.5 : 1 - d / (own + p.radiusKm) / 2;
  const score = Math.round((0.7 + 0.15 * (inter / union) + 0.15 * parts.place) * 1000) / 1000;
  const where = own === null ? `placed only in ${place.name}` : `${Math.round(d)} km apart`;
  return {
    score,
    vetoed: false,
    veto: null,
    parts,
    text: `footage told again: ${claim.subType ?? claim.type}; days overlap ${inter} of ${union}; ${where} (score ${score.toFixed(2)})`,
  };
}
