import { z } from 'zod';

/**
 * How well an incident is supported (after Airwars' civilian-harm scale): `confirmed` a
 * responsible party accepts it or held evidence verifies it; `fair` two or more independent
 * origins; `weak` a single origin; `contested` credible sources disagree; `discounted` shown
 * false or not civilian harm.
 */
export const GRADES = ['confirmed', 'fair', 'weak', 'contested', 'discounted'] as const;
export const Grade = z.enum(GRADES);
export type Grade = z.infer<typeof Grade>;

/** Order for `--min-grade`: contested sits beside weak, discounted is below everything. */
export const GRADE_RANK: Record<Grade, number> = {
  confirmed: 4,
  fair: 3,
  contested: 2,
  weak: 2,
  discounted: 0,
};
