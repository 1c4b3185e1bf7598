import { detectLanguage } from '../ingest/language.ts';

const ENGLISH = new Set(
  'the and of to in a an was were said says that with by on for at from near after have has had is are according killed people his her their who which this last week been since into during'.split(
    ' ',
  ),
);
const FOREIGN = new Set(
  'le la les des est une du dans pour avec sur qui et au aux ont été el los las del que por con una para y der die das und ist nicht mit von den ein eine zu il della che di sono o os da do em não het een van op ook'.split(
    ' ',
  ),
);

/**
 * The language extraction should treat a text as. English when a detector says so, or when
 * English function words clearly outnumber other languages' (short headlines defeat n-gram
 * detectors); otherwise what the detector said, so the caller can report it.
 */
export function extractionLanguage(text: string, declared: string | null): string | null {
  const detected = declared ?? detectLanguage(text);
  if (detected === 'en') return 'en';
  const words =
    text
      .slice(0, 3000)
      .toLowerCase()
      .match(/[a-z\u00C0-\u024F']+/g) ?? [];
  let english = 0;
  let foreign = 0;
  for (const w of words) {
    if (ENGLISH.has(w)) english++;
    else if (FOREIGN.has(w)) foreign++;
  }
  if (english >= 2 && english > foreign * 1.5) return 'en';
  return detected;
}
