import type { Claim } from '../../domain/claim.ts';

/** A fact-check's verdict that the claim it checks is false. */
const FALSE_VERDICT =
  /\b(?:(?:Verdict|Rating|Our rating|Conclusion)\s*:\s*(?:False|Fake|Fabricated|Pants on Fire)\b|rates? (?:the|this) (?:claim|post|video) (?:as )?(?:False|Fake|Fabricated)\b|(?:the|this) claim is (?:false|fabricated|fake)\b)/i;
/** The line of a fact-check that states the claim under review. */
const CLAIM_LINE = /^\s*(?:Claim|The claim|What was claimed)\s*:\s*/i;
/** Who spread the claim, when the claim line names them: posts, a video, messages. */
const SPREADERS =
  /\b((?:viral |social media |online )?(?:posts|videos?|messages|tweets|clips?|images|photos|rumou?rs|claims))\b/i;

/**
 * A fact-check that rates a claim false (docs/extraction.md, "Fact-checks"): the claim line
 * becomes what others spread (stance `unverified`, spoken by the posts it names, not by the
 * desk), and the verdict becomes a denial of the same event by the fact-checker, marked as a
 * fact-check (`basis`), so resolution can show both sides and discount the incident. The
 * report's other claims about that event (a priest saying nothing happened) are its findings:
 * denials too. A report without a false verdict and a claim line is returned unchanged.
 */
export function readFactCheck(text: string, source: string | null, claims: Claim[]): Claim[] {
  const verdict = FALSE_VERDICT.exec(text);
  if (!verdict) return claims;
  const checked = claims.find((c) => CLAIM_LINE.test(c.quote));
  if (!checked) return claims;
  const sameEvent = (c: Claim) =>
    c.type === checked.type &&
    c.subType === checked.subType &&
    (c.place?.name ?? null) === (checked.place?.name ?? null);
  const spread = SPREADERS.exec(checked.quote.replace(CLAIM_LINE, ''))?.[1]?.toLowerCase() ?? null;
  const out = claims.map((c): Claim => {
    if (c === checked) {
      return { ...c, attribution: { ...c.attribution, source: spread, stance: 'unverified' } };
    }
    if (!sameEvent(c) || c.attribution.stance === 'denied') return c;
    return { ...c, attribution: { ...c.attribution, stance: 'denied' } };
  });
  // The verdict sentence itself, as the fact-checker's denial of the checked event.
  const start = text.lastIndexOf('\n', verdict.index) + 1;
  const endAt = text.slice(verdict.index).search(/[.!?](?:\s|$)/);
  const end = endAt < 0 ? text.length : verdict.index + endAt + 1;
  const ordinal = out.length;
  const { sentence: _sentence, evidenceMentioned: _evidence, ...event } = checked;
  out.push({
    ...event,
    id: `${checked.reportId}.${ordinal}`,
    ordinal,
    span: [start, end],
    quote: text.slice(start, end).trim(),
    attribution: { source, stance: 'denied', modality: false, basis: 'fact-check' },
    casualties: { killed: null, injured: null, abducted: null, displaced: null },
    fatalitiesAcled: null,
    repeatOf: null,
    salience: checked.salience - 1,
    trigger: verdict[0],
  });
  return out;
}
