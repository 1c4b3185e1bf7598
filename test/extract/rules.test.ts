import { describe, expect, it } from 'vitest';
import { learnNames, newAttributionState, speakerOf } from '../../src/pipeline/extract/attribution.ts';
import { casualtiesIn } from '../../src/pipeline/extract/casualties.ts';
import { dateIn, inferredWeek } from '../../src/pipeline/extract/dates.ts';
import { splitSentences } from '../../src/pipeline/extract/segment.ts';

const killed = (s: string) => {
  const k = casualtiesIn(s).killed;
  return k && [k.min, k.max];
};

describe('vague quantities become the ranges docs/extraction.md documents', () => {
  const table: [string, [number, number | null]][] = [
    ['At least 745 civilians were killed.', [745, null]],
    ['More than 1,000 people were killed.', [1001, null]],
    ['About 300 people were killed.', [270, 330]],
    ['Nearly 50 people were killed.', [45, 50]],
    ['Up to 40 people were killed.', [1, 40]],
    ['Fewer than ten people were killed.', [1, 9]],
    ['Between 6 and 9 people were killed.', [6, 9]],
    ['A dozen people were killed.', [12, 12]],
    ['Dozens of civilians were killed.', [24, 99]],
    ['Scores of people were killed.', [40, 199]],
    ['Hundreds of people were killed.', [200, 999]],
    ['Thousands of people were killed.', [2000, 9999]],
    ['Casualties could number in the thousands.', [1000, 9999]],
    ['Tens of thousands of people were killed.', [20000, 99999]],
    ['Several people were killed.', [3, 9]],
    ['A few people were killed.', [2, 5]],
    ['A family of five was killed.', [5, 5]],
    ['Two brothers and a nephew were killed.', [3, 3]],
    ['A woman and her two children were killed.', [3, 3]],
    ['A civilian was killed.', [1, 1]],
    ['No one was killed.', [0, 0]],
  ];
  for (const [sentence, range] of table) {
    it(`reads "${sentence}" as ${range[0]}–${range[1] ?? 'open'}`, () => {
      expect(killed(sentence)).toEqual(range);
    });
  }

  it('uses each number once and keeps the words', () => {
    expect(casualtiesIn('Gunmen killed 5 and wounded 12 in the village.')).toMatchObject({
      killed: { min: 5, max: 5, text: 'killed 5' },
      injured: { min: 12, max: 12, text: 'wounded 12' },
    });
    expect(killed('A family of five, including three children, was killed.')).toEqual([5, 5]);
  });

  it('does not read years, ages, money, distances or things as people', () => {
    expect(killed('In 2013 the army killed protesters.')).toEqual([2, null]);
    expect(killed('A 25-year-old man was killed 5 km from the town.')).toEqual([1, 1]);
    expect(casualtiesIn('Gunmen demanded $5,000 and destroyed 3 houses.').killed).toBeNull();
    expect(casualtiesIn('About 300 families were displaced.').displaced).toEqual({
      min: 270,
      max: null,
      text: 'About 300 families were displaced',
    });
  });
});

describe('dates resolve against the publication date', () => {
  const pub = '2025-03-12'; // a Wednesday
  const cases: [string, string, string, number][] = [
    ['On Tuesday, a video surfaced.', '2025-03-11', '2025-03-11', 1],
    ['On Wednesday, shelling resumed.', '2025-03-12', '2025-03-12', 1],
    ['Between 6 and 9 March, gunmen killed hundreds.', '2025-03-06', '2025-03-09', 2],
    ['Attacks on 6–9 March killed hundreds.', '2025-03-06', '2025-03-09', 2],
    ['On 03/04/2024 the town was shelled.', '2024-04-03', '2024-04-03', 1],
    ['On 20 December the town was shelled.', '2024-12-20', '2024-12-20', 1],
    ['Last week the town was shelled.', '2025-02-27', '2025-03-05', 3],
    ['Yesterday the town was shelled.', '2025-03-11', '2025-03-11', 1],
    ['In early March the town was shelled.', '2025-03-01', '2025-03-10', 4],
  ];
  for (const [sentence, start, end, precision] of cases) {
    it(`reads "${sentence}"`, () => {
      expect(dateIn(sentence, pub)).toMatchObject({ start, end, precision });
    });
  }

  it('infers the week up to publication when the text gives no date, and says so', () => {
    expect(dateIn('Gunmen looted shops.', pub)).toBeNull();
    expect(inferredWeek(pub)).toEqual({
      start: '2025-03-06',
      end: '2025-03-12',
      precision: 3,
      inferred: true,
    });
    expect(inferredWeek(null)).toBeNull();
  });
});

describe('sentences and speakers', () => {
  it('keeps a quoted passage of two sentences as one statement, and splits at line breaks', () => {
    const text =
      'The Observatory said that “gunmen entered the town. They looted homes.”\nThe town was shelled. U.S. dollars were demanded.';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      'The Observatory said that “gunmen entered the town. They looted homes.”',
      'The town was shelled.',
      'U.S. dollars were demanded.',
    ]);
    for (const s of splitSentences(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('resolves short forms and pronouns to the names given earlier', () => {
    const state = newAttributionState();
    const read = (s: string) => {
      learnNames(s, state);
      return speakerOf(s, state)?.name ?? null;
    };
    expect(read('The Syrian Observatory for Human Rights reported clashes.')).toBe(
      'Syrian Observatory for Human Rights',
    );
    expect(read('The Observatory highlighted that homes were looted.')).toBe(
      'Syrian Observatory for Human Rights',
    );
    expect(read('Adam Coogle, the deputy director at Human Rights Watch stated that abuses continue.')).toBe(
      'Human Rights Watch',
    );
    expect(read('“Civilians must be protected,” he added.')).toBe('Human Rights Watch');
    expect(read('The Syrian Defense Ministry announced the end of its operation.')).toBe(
      'Syrian Ministry of Defense',
    );
    expect(read('The Defence Ministry said calm had returned.')).toBe('Syrian Ministry of Defense');
    expect(read('Reports indicate that residents have pleaded for protection.')).toBe('residents');
    expect(read('Reports suggest hundreds were killed.')).toBe('');
  });
});
