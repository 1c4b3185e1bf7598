/** A piece of a report's text: plain, or the sentence of one or more claims. */
export interface Segment {
  text: string;
  claimIds: string[];
}

/**
 * Cuts a text into plain and highlighted segments at the claims' spans ([start, end) offsets
 * into the text). Overlapping spans split into pieces that name every claim they belong to.
 */
export function segments(text: string, spans: { claimId: string; span: [number, number] }[]): Segment[] {
  const cuts = new Set<number>([0, text.length]);
  const valid = spans.filter(({ span: [a, b] }) => a >= 0 && b <= text.length && a < b);
  for (const { span } of valid) {
    cuts.add(span[0]);
    cuts.add(span[1]);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i]!, points[i + 1]!];
    const claimIds = valid.filter(({ span }) => span[0] <= a && span[1] >= b).map((s) => s.claimId);
    const last = out[out.length - 1];
    if (last && last.claimIds.join() === claimIds.join()) last.text += text.slice(a, b);
    else out.push({ text: text.slice(a, b), claimIds });
  }
  return out;
}
