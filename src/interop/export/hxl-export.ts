import { conservativeFigure } from '../../domain/index.ts';
import { countryLabel, csvLine, type Exporter, num, sourcesOf } from './exporter.ts';

/**
 * HXL-tagged CSV for humanitarian tools: a row of plain headers, then the row of HXL hashtags
 * (https://hxlstandard.org), then one row per incident. `#affected+killed` carries the
 * conservative (lowest) figure so that summing a column never overstates harm; `+max` carries
 * the upper bound, empty when open-ended.
 */
export const HXL_COLUMNS: readonly [string, string][] = [
  ['Incident ID', '#event+id'],
  ['Event type', '#event+type'],
  ['Event sub-type', '#event+type+sub'],
  ['Start date', '#date+start'],
  ['End date', '#date+end'],
  ['Date precision (UCDP)', '#date+precision'],
  ['Country', '#country+name'],
  ['Admin 1', '#adm1+name'],
  ['Location', '#loc+name'],
  ['Latitude', '#geo+lat'],
  ['Longitude', '#geo+lon'],
  ['Location precision (UCDP)', '#geo+precision'],
  ['Killed (at least)', '#affected+killed'],
  ['Killed (at most)', '#affected+killed+max'],
  ['Injured (at least)', '#affected+injured'],
  ['Injured (at most)', '#affected+injured+max'],
  ['Abducted (at least)', '#affected+abducted'],
  ['Displaced (at least)', '#affected+displaced'],
  ['Grade', '#status+grade'],
  ['Why this grade', '#description+grade'],
  ['Sources', '#meta+source'],
];

export function hxlExporter(): Exporter {
  return {
    format: 'hxl',
    mediaType: 'text/csv; charset=utf-8',
    claims: 'unimported',
    head: () => csvLine(HXL_COLUMNS.map(([h]) => h)) + csvLine(HXL_COLUMNS.map(([, tag]) => tag)),
    item({ incident, origin, claims }) {
      const { place, date, casualties: c } = incident;
      const sources = origin ? [origin.dataset] : sourcesOf(claims);
      return {
        text: csvLine([
          incident.id,
          incident.type,
          incident.subType,
          date?.start,
          date?.end,
          date?.precision,
          countryLabel(place?.country),
          place?.admin1,
          place?.name,
          place?.lat === null || place?.lat === undefined ? null : num(place.lat),
          place?.lon === null || place?.lon === undefined ? null : num(place.lon),
          place?.wherePrec,
          conservativeFigure(c.killed),
          c.killed?.max,
          conservativeFigure(c.injured),
          c.injured?.max,
          conservativeFigure(c.abducted),
          conservativeFigure(c.displaced),
          incident.grade,
          incident.gradeReason,
          sources.join('; '),
        ]),
      };
    },
    tail: () => '',
  };
}
