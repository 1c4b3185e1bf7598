/**
 * Words that weaken or reverse a statement: unverified, alleged, denied, hedged. Extraction
 * reads them per sentence to set each claim's stance and modality.
 */
const UNVERIFIED =
  /\b(?:unverified|unconfirmed|could not (?:be )?(?:independently )?(?:verif|confirm)\w*|not (?:been |be )?(?:independently )?verified|cannot be (?:independently )?verified|impossible to verify|not been authenticated|unable to (?:independently )?(?:verify|confirm))\b/i;
// "were accused of looting" and "rights groups accuse" allege; "a cell accused of attacks"
// only describes someone.
const ALLEGED =
  /\b(?:allegedly|reportedly|purportedly|alleged|accus(?:e|es|ing)\b|(?:were|was|been|being|is|are|has|have|had|and|who|they)\s+(?:\w+\s+)?accused\b|(?:is|are|was|were) said to|rumou?red)\b/i;
const DENIED =
  /\b(?:denied|denies|deny|denying|rejected (?:the )?(?:claims?|reports?|accusations?|allegations?)|dismissed (?:the )?(?:claims?|reports?|allegations?|accusations?)|dismissed (?:[\w-]+ ){0,3}?as (?:fabricated|fake|false|baseless|untrue|lies|propaganda)|refuted|categorically rejected)\b/i;
const MODAL =
  /\b(?:could|may|might|possibly|perhaps|likely|probably|feared|believed to|thought to|estimated|as many as|potentially|suspected|up to|expected to)\b/;

/** What a sentence's wording says about how sure its speaker is. */
export interface Cues {
  unverified: boolean;
  alleged: boolean;
  denied: boolean;
  modality: boolean;
}

export function cuesIn(sentence: string): Cues {
  return {
    unverified: UNVERIFIED.test(sentence),
    alleged: ALLEGED.test(sentence),
    denied: DENIED.test(sentence),
    modality: MODAL.test(sentence),
  };
}
