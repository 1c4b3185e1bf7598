import { beforeAll, describe, expect, it } from 'vitest';
import { defaultPlaceIndex } from '../../src/adapters/memory/default-gazetteer.ts';
import type { Report } from '../../src/domain/report.ts';
import { extractText } from '../../src/pipeline/extract/extract-text.ts';
import { runExtract } from '../../src/pipeline/extract/run-extract.ts';
import type { PlaceIndex } from '../../src/ports/gazetteer.ts';

let places: PlaceIndex;

beforeAll(() => {
  places = defaultPlaceIndex();
});

function report(text: string, language: string | null = null): Report {
  return {
    id: 'r',
    originalSha256: '0'.repeat(64),
    itemKey: '',
    status: 'parsed',
    reason: null,
    text,
    title: null,
    url: null,
    sourceName: 'Test Desk',
    published: '2024-05-02',
    language,
    mediaType: 'text/plain',
    ingestedAt: '2024-05-02T00:00:00Z',
  };
}

describe('extraction on bad input', () => {
  it('returns no claims and no language for an empty or blank text', async () => {
    expect(await runExtract(report(''), { places })).toEqual([]);
    expect(extractText({ id: 'e', text: '  \n\t ' }, { places })).toEqual({
      id: 'e',
      language: null,
      events: [],
    });
  });

  it('returns no claims for an unparsed report', async () => {
    expect(
      await runExtract({ ...report('Gunmen killed five people in Aleppo.'), status: 'unparsed' }, { places }),
    ).toEqual([]);
  });

  it('reads a 5 MB single line of sentences without newlines and links its repeats', () => {
    const sentence =
      'Gunmen killed two farmers near Aleppo on Monday, residents said. The weather was mild and markets were open. ';
    const text = sentence.repeat(Math.ceil((5 * 1024 * 1024) / sentence.length));
    expect(text.length).toBeGreaterThan(5 * 1024 * 1024);
    const record = extractText({ id: 'big', text, published: '2024-05-02' }, { places });
    expect(record.language).toBe('en');
    const first = record.events.find((e) => e.repeatOf === null)!;
    expect(first).toMatchObject({
      type: 'Violence against civilians',
      casualties: { killed: { min: 2, max: 2 } },
    });
    // Every later telling is a repeat of the first, not a new event.
    expect(record.events.filter((e) => e.repeatOf === null)).toHaveLength(1);
  });

  it('reads a 5 MB single line with no punctuation or spaces without hanging', () => {
    const record = extractText({ id: 'blob', text: 'x'.repeat(5 * 1024 * 1024) }, { places });
    expect(record.events).toEqual([]);
  });

  it('reports a language the rules do not cover and returns no claims, instead of guessing', () => {
    const french = extractText(
      {
        id: 'fr',
        text: "Des hommes armés ont tué cinq civils dans le village de Kafranbel lundi, selon des habitants. L'armée a bombardé la ville pendant la nuit et les familles ont fui vers le nord.",
        published: '2024-05-02',
      },
      { places },
    );
    expect(french).toEqual({ id: 'fr', language: 'fr', events: [] });
    const spanish = extractText(
      {
        id: 'es',
        text: 'Hombres armados mataron a cinco civiles en el pueblo el lunes, según los vecinos, y las familias huyeron hacia las montañas durante la noche.',
      },
      { places },
    );
    expect(spanish.language).toBe('es');
    expect(spanish.events).toEqual([]);
  });

  it('reads the English sentences of a mixed Arabic and English text, an Arabic place name included', () => {
    const text =
      'قصف مدفعي على مدينة جبلة وسقوط قتلى في صفوف المدنيين صباح اليوم.\nShelling hit جبلة on Monday, killing three civilians, residents said.';
    const record = extractText({ id: 'mixed', text, published: '2024-05-02' }, { places });
    expect(record.language).not.toBeNull();
    const shelling = record.events.filter((e) => e.subType === 'Shelling/artillery/missile attack');
    expect(shelling).toHaveLength(1);
    expect(shelling[0]!).toMatchObject({
      place: { gazetteerId: 'geonames:169304', wherePrec: 1 },
      casualties: { killed: { min: 3, max: 3 } },
      date: { start: '2024-04-29', end: '2024-04-29' },
      attribution: { source: 'residents', stance: 'reported' },
    });
    // The Arabic sentence is not read by English rules: only the English one gives events.
    for (const e of record.events) expect(e.quote.startsWith('Shelling')).toBe(true);
  });

  it('returns no claims for a text that is mostly Arabic and says so', () => {
    const record = extractText(
      {
        id: 'ar',
        text: 'قصف مدفعي على مدينة جبلة وسقوط قتلى في صفوف المدنيين صباح اليوم، بحسب ناشطين محليين. Source: local activists.',
      },
      { places },
    );
    expect(record.language).toBe('ar');
    expect(record.events).toEqual([]);
  });
});
