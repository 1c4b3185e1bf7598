import type { CasualtyRange } from '../../domain/casualties.ts';

/** One figure a claim gives, with the origin it counts under. */
export interface Figure {
  claimId: string;
  group: string;
  label: string;
  range: CasualtyRange;
}

export interface Combined {
  range: CasualtyRange | null;
  /** Origins whose figures cannot both hold: [claims of one side, claims of the other]. */
  conflict: { sideA: string[]; sideB: string[]; text: string } | null;
}

type Span = { min: number; max: number | null };

function intersect(a: Span, b: Span): Span | null {
  const min = Math.max(a.min, b.min);
  const max = a.max === null ? b.max : b.max === null ? a.max : Math.min(a.max, b.max);
  return max !== null && max < min ? null : { min, max };
}

function fmt(s: Span): string {
  if (s.max === null) return `at least ${s.min}`;
  return s.min === s.max ? String(s.min) : `${s.min}–${s.max}`;
}

/**
 * Combines one kind of casualty figure across an incident's claims (docs/resolution.md,
 * "Casualties"), following the Every Casualty standards: figures are ranges, each keeps its
 * source, and no death is counted twice.
 *
 * 1. Within one origin (a copy, a repeated paragraph, an update), figures narrow each other:
 *    their intersection, or, when they cannot both hold, the later count (the higher minimum).
 * 2. Across origins, the incident's range is the intersection of the origins' ranges — the
 *    narrowest range every origin allows. When there is none, the range spans them all (lowest
 *    minimum to highest maximum) and the disagreement is recorded as a contradiction.
 *
 * The figures are never added together: several origins counting the same dead are one count.
 */
export function combineFigures(figures: Figure[]): Combined {
  if (figures.length === 0) return { range: null, conflict: null };
  // One figure (most incidents with any): the rule below gives it back as it is.
  if (figures.length === 1) {
    const { range, label } = figures[0]!;
    return { range: { min: range.min, max: range.max, text: `${range.text} (${label})` }, conflict: null };
  }
  const byGroup = new Map<string, Figure[]>();
  for (const f of figures) {
    const list = byGroup.get(f.group) ?? [];
    list.push(f);
    byGroup.set(f.group, list);
  }
  const perOrigin: { span: Span; claims: string[]; label: string; text: string }[] = [];
  for (const list of byGroup.values()) {
    let span: Span | null = { min: list[0]!.range.min, max: list[0]!.range.max };
    for (const f of list.slice(1)) span = span ? intersect(span, f.range) : null;
    if (!span) {
      const latest = [...list].sort((a, b) => b.range.min - a.range.min)[0]!;
      span = { min: latest.range.min, max: latest.range.max };
    }
    perOrigin.push({
      span,
      claims: list.map((f) => f.claimId),
      label: list[0]!.label,
      text: list[0]!.range.text,
    });
  }
  const text = perOrigin.map((o) => `${o.text} (${o.label})`).join('; ');
  let all: Span | null = perOrigin[0]!.span;
  for (const o of perOrigin.slice(1)) all = all ? intersect(all, o.span) : null;
  if (all) return { range: { min: all.min, max: all.max, text }, conflict: null };

  const min = Math.min(...perOrigin.map((o) => o.span.min));
  const max = perOrigin.some((o) => o.span.max === null)
    ? null
    : Math.max(...perOrigin.map((o) => o.span.max!));
  // The two origins farthest apart make the sides of the record.
  const low = [...perOrigin].sort((a, b) => (a.span.max ?? Infinity) - (b.span.max ?? Infinity))[0]!;
  const high = [...perOrigin].sort((a, b) => b.span.min - a.span.min)[0]!;
  return {
    range: { min, max, text },
    conflict: {
      sideA: high.claims,
      sideB: low.claims,
      text: `${high.label} gives ${fmt(high.span)}; ${low.label} gives ${fmt(low.span)}`,
    },
  };
}
