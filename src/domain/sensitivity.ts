import { z } from 'zod';

/**
 * How a record says which of its parts are sensitive (a witness's name or contact, a
 * submitter's identity). Any record — report, claim, incident, evidence item — may carry one.
 *
 * - `paths`: dotted paths of fields whose values are sensitive; `*` matches every array
 *   element (`attribution.source`, `actors.*.name`, `metadata.collectedBy`).
 * - `terms`: words that must not appear anywhere in the record for a role without permission
 *   (a witness's name quoted in the testimony). They are masked in place with the same number
 *   of characters, so text spans stay valid. The terms are themselves sensitive: they never
 *   leave the server for such a role.
 * - `places`: names of places where people hide; any place in the record with that name (or
 *   those words) counts as flagged `hiding`.
 *
 * The exact location of people in hiding may also be marked on the place itself (`Place.hiding`).
 */
export const Sensitivity = z.object({
  paths: z.array(z.string()).default([]),
  terms: z.array(z.string()).default([]),
  places: z.array(z.string()).optional(),
});
export type Sensitivity = z.infer<typeof Sensitivity>;
