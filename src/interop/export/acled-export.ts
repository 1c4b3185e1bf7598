import {
  ACLED_EVENT_TYPES,
  type AcledEventType,
  conservativeFigure,
  isAcledType,
  timePrecisionFromDatePrec,
} from '../../domain/index.ts';
import { ACLED_COLUMNS, disorderTypeOf } from '../acled.ts';
import {
  actorOf,
  countryLabel,
  csvLine,
  type Exporter,
  type ExportItem,
  notesOf,
  num,
  sourcesOf,
} from './exporter.ts';

type AcledColumn = (typeof ACLED_COLUMNS)[number];

/**
 * The ACLED sub-event type that stands for a type when Vigil has none: ACLED's own catch-all
 * where its codebook has one. Other types without a sub-type are left out.
 */
const DEFAULT_SUB_TYPE: Partial<Record<AcledEventType, string>> = {
  Battles: 'Armed clash',
  'Violence against civilians': 'Attack',
  'Strategic developments': 'Other',
};

/**
 * ACLED-compatible CSV: ACLED's 31 columns in ACLED's order, only event types, sub-event types,
 * disorder types and precision codes from its codebook, and ONE fatality figure: the
 * conservative (lowest) end of Vigil's range. Incidents ACLED cannot hold are left out and
 * counted: types ACLED does not code (displacement, conditions, statements…), and incidents
 * without a date or coordinates (ACLED always has both).
 */
export function acledExporter(): Exporter {
  return {
    format: 'acled',
    mediaType: 'text/csv; charset=utf-8',
    claims: 'unimported',
    head: () => csvLine(ACLED_COLUMNS),
    item(item) {
      const row = acledRow(item);
      if ('skip' in row) return row;
      return { text: csvLine(ACLED_COLUMNS.map((c) => row[c] ?? '')) };
    },
    tail: () => '',
  };
}

export function acledRow({
  incident,
  origin,
  claims,
}: ExportItem): Partial<Record<AcledColumn, string>> | { skip: string } {
  const { type, date, place } = incident;
  if (!isAcledType(type)) return { skip: `type ${type} is not in ACLED's codebook` };
  const subType = incident.subType ?? DEFAULT_SUB_TYPE[type] ?? null;
  if (subType === null || !(ACLED_EVENT_TYPES[type] as readonly string[]).includes(subType)) {
    return { skip: `no ACLED sub-event type for ${type}` };
  }
  if (!date) return { skip: 'no date' };
  if (!place || place.lat === null || place.lon === null) return { skip: 'no coordinates' };

  const row: Partial<Record<AcledColumn, string>> = {};
  const fromAcled = origin?.format === 'acled' ? origin.fields : null;
  const sameType =
    fromAcled !== null && fromAcled.event_type === type && fromAcled.sub_event_type === subType;
  if (fromAcled) {
    for (const c of ACLED_COLUMNS) if (fromAcled[c] !== undefined) row[c] = fromAcled[c];
  } else {
    const perpetrator = actorOf(claims, 'perpetrator');
    const target = actorOf(claims, 'target');
    const country = countryLabel(place.country);
    Object.assign(row, {
      event_id_cnty: incident.id,
      actor1: perpetrator ?? '',
      // ACLED names unnamed civilian victims "Civilians (Country)".
      actor2: target ?? (type === 'Violence against civilians' && country ? `Civilians (${country})` : ''),
      country,
      admin1: place.admin1 ?? '',
      location: place.name,
      source: sourcesOf(claims).join('; '),
      notes: notesOf(claims),
      timestamp: String(Math.floor(Date.parse(incident.updatedAt) / 1000) || ''),
    });
  }
  if (!sameType) {
    row.disorder_type = disorderTypeOf(type, subType);
    row.civilian_targeting = type === 'Violence against civilians' ? 'Civilian targeting' : '';
  }
  row.event_type = type;
  row.sub_event_type = subType;
  row.event_date = date.start;
  row.year = date.start.slice(0, 4);
  row.time_precision = String(timePrecisionFromDatePrec(date.precision));
  row.latitude = num(place.lat);
  row.longitude = num(place.lon);
  row.geo_precision = String(place.geoPrecision);
  row.fatalities = String(conservativeFigure(incident.casualties.killed) ?? 0);
  return row;
}
