import type { CasualtyRange } from '../../domain/index.ts';
import { countryLabel, type Exporter, type ExportItem } from './exporter.ts';

/**
 * GeoJSON (RFC 7946): one FeatureCollection, one Feature per incident, positions as
 * [longitude, latitude] in WGS 84 (the only CRS RFC 7946 allows, so no `crs` member). An
 * incident without coordinates is still a Feature, with a null geometry, as RFC 7946 permits.
 * Properties are flat (strings, numbers, null) so that every GIS tool can show them.
 */
export function geojsonExporter(): Exporter {
  let first = true;
  return {
    format: 'geojson',
    mediaType: 'application/geo+json',
    claims: 'none',
    head: () => '{"type":"FeatureCollection","features":[\n',
    item(item) {
      const text = JSON.stringify(feature(item));
      const out = first ? text : `,\n${text}`;
      first = false;
      return { text: out };
    },
    tail: () => '\n]}\n',
  };
}

export function feature({ incident, origin }: ExportItem) {
  const { place, date, casualties } = incident;
  const point = place && place.lat !== null && place.lon !== null;
  return {
    type: 'Feature' as const,
    id: incident.id,
    geometry: point ? { type: 'Point' as const, coordinates: [place.lon!, place.lat!] } : null,
    properties: {
      id: incident.id,
      type: incident.type,
      sub_type: incident.subType,
      date_start: date?.start ?? null,
      date_end: date?.end ?? null,
      date_prec: date?.precision ?? null,
      place: place?.name ?? null,
      admin1: place?.admin1 ?? null,
      country: place?.country ? countryLabel(place.country) : null,
      where_prec: place?.wherePrec ?? null,
      geo_precision: place?.geoPrecision ?? null,
      ...range('killed', casualties.killed),
      ...range('injured', casualties.injured),
      ...range('abducted', casualties.abducted),
      ...range('displaced', casualties.displaced),
      grade: incident.grade,
      grade_reason: incident.gradeReason,
      independence: incident.independence,
      // An incident imported as one row stands on that row's one claim (derived, not stored).
      claims: incident.claimIds.length || (origin ? 1 : 0),
      dataset: origin?.dataset ?? null,
      dataset_line: origin?.line ?? null,
    },
  };
}

function range(kind: string, r: CasualtyRange | null): Record<string, number | string | null> {
  return {
    [`${kind}_min`]: r?.min ?? null,
    [`${kind}_max`]: r?.max ?? null,
    ...(kind === 'killed' ? { killed_best: r?.best ?? null, killed_text: r?.text ?? null } : {}),
  };
}
