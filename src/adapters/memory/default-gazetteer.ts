import type { Gazetteer, GazetteerEntry } from '../../ports/gazetteer.ts';
import { memoryGazetteer } from './memory-gazetteer.ts';

// Coordinates are public facts (GeoNames); names include common transliterations.
const STARTER: [string, string, number, number, string, string[], number][] = [
  [
    'starter:latakia',
    'Latakia',
    35.5317,
    35.7901,
    'Latakia',
    ['Lattakia', 'Al-Ladhiqiyah', 'Ladhiqiyah'],
    383786,
  ],
  ['starter:jableh', 'Jableh', 35.3614, 35.9256, 'Latakia', ['Jablah', 'Jabla', 'Jeble'], 65915],
  ['starter:baniyas', 'Baniyas', 35.1822, 35.9486, 'Tartus', ['Banias', 'Bāniyās', 'Banyas'], 43151],
  ['starter:tartus', 'Tartus', 34.889, 35.8866, 'Tartus', ['Tartous', 'Tartous'], 89457],
  ['starter:damascus', 'Damascus', 33.5102, 36.2913, 'Damascus', ['Dimashq'], 1569394],
  ['starter:sweida', 'As-Suwayda', 32.709, 36.5695, 'As-Suwayda', ['Sweida', 'Suwayda', 'Suwaydah'], 73641],
  ['starter:homs', 'Homs', 34.7268, 36.7234, 'Homs', ['Hims'], 775404],
  ['starter:qardaha', 'Al-Qardaha', 35.4573, 36.0617, 'Latakia', ['Qardaha'], 8671],
];

/** The embedded default: a starter list until a gazetteer is imported. */
export function defaultGazetteer(): Gazetteer {
  const entries: GazetteerEntry[] = STARTER.map(
    ([id, name, lat, lon, admin1, alternateNames, population]) => ({
      id,
      name,
      lat,
      lon,
      country: 'SY',
      admin1,
      featureCode: 'PPL',
      population,
      alternateNames,
    }),
  );
  return memoryGazetteer(entries);
}
