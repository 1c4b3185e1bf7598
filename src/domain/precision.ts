import { z } from 'zod';

/** UCDP `where_prec`: 1 exact place … 7 international waters or airspace. */
export const WherePrec = z.number().int().min(1).max(7);
/** ACLED `geo_precision`: 1 town, 2 near a town or part of a region, 3 larger region. */
export const GeoPrecision = z.number().int().min(1).max(3);
/** UCDP `date_prec`: 1 day, 2 two to six days, 3 week, 4 month, 5 year. */
export const DatePrec = z.number().int().min(1).max(5);
/** ACLED `time_precision`: 1 day, 2 week, 3 month. */
export const TimePrecision = z.number().int().min(1).max(3);

export function geoPrecisionFromWherePrec(wherePrec: number): 1 | 2 | 3 {
  if (wherePrec <= 1) return 1;
  if (wherePrec === 2) return 2;
  return 3;
}

export function timePrecisionFromDatePrec(datePrec: number): 1 | 2 | 3 {
  if (datePrec <= 1) return 1;
  if (datePrec <= 3) return 2;
  return 3;
}

/** The UCDP date precision that honestly describes a span of whole days. */
export function datePrecFromSpan(days: number): 1 | 2 | 3 | 4 | 5 {
  if (days <= 1) return 1;
  if (days <= 6) return 2;
  if (days <= 8) return 3;
  if (days <= 31) return 4;
  return 5;
}
