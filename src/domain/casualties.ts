import { z } from 'zod';

/**
 * A casualty figure as a range. `max: null` means open-ended ("at least 745"). `text` keeps
 * the words the figure came from, so no number ever loses its wording or becomes a made-up
 * point value.
 */
export const CasualtyRange = z
  .object({
    min: z.number().int().nonnegative(),
    max: z.number().int().nonnegative().nullable(),
    text: z.string(),
    /**
     * The figure the source itself calls most likely, when it gives one (UCDP's `best`). Kept
     * beside the range, never used in place of it.
     */
    best: z.number().int().nonnegative().optional(),
  })
  .refine((r) => r.max === null || r.max >= r.min, { message: 'max must be at least min' });
export type CasualtyRange = z.infer<typeof CasualtyRange>;

export const CASUALTY_KINDS = ['killed', 'injured', 'abducted', 'displaced'] as const;
export type CasualtyKind = (typeof CASUALTY_KINDS)[number];

export const Casualties = z.object({
  killed: CasualtyRange.nullable(),
  injured: CasualtyRange.nullable(),
  abducted: CasualtyRange.nullable(),
  displaced: CasualtyRange.nullable(),
});
export type Casualties = z.infer<typeof Casualties>;

export function noCasualties(): Casualties {
  return { killed: null, injured: null, abducted: null, displaced: null };
}

/**
 * The single conservative figure ACLED would record for a range: the lower bound, because
 * ACLED codes the lowest credible number when reports disagree or are vague.
 */
export function conservativeFigure(range: CasualtyRange | null): number | null {
  return range ? range.min : null;
}
