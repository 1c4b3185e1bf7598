import { foldName } from './fold-name.ts';

// Names Intl.DisplayNames does not give, and the adjectives reports use for countries.
// Facts, not rules: extend freely.
const EXTRA: Record<string, string[]> = {
  SY: ['Syrian', 'Syrians', 'Syrian Arab Republic'],
  CD: ['DR Congo', 'DRC', 'Democratic Republic of the Congo', 'Democratic Republic of Congo', 'Congolese'],
  CG: ['Republic of the Congo', 'Congo-Brazzaville'],
  CF: [
    'CAR',
    'Central African',
    'Centrafrique',
    'C. African Republic',
    'C.African Republic',
    'C. Africa',
    'C.Africa',
  ],
  MM: ['Myanmar', 'Burma', 'Burmese'],
  PS: [
    'Palestine',
    'Palestinian',
    'Palestinians',
    'Gaza Strip',
    'West Bank',
    'occupied Palestinian territory',
  ],
  CI: ["Cote d'Ivoire", 'Ivory Coast', 'Ivorian'],
  TR: ['Turkey', 'Turkish'],
  US: ['USA', 'United States of America', 'American'],
  GB: ['UK', 'Britain', 'Great Britain', 'British'],
  RU: ['Russian Federation', 'Russian'],
  UA: ['Ukrainian'],
  SD: ['Sudanese'],
  SS: ['South Sudanese'],
  IQ: ['Iraqi'],
  YE: ['Yemeni'],
  AF: ['Afghan'],
  ML: ['Malian'],
  NG: ['Nigerian'],
  NE: ['Nigerien'],
  SO: ['Somali'],
  ET: ['Ethiopian'],
  BF: ['Burkinabe', 'Burkinabè'],
  LB: ['Lebanese'],
  LY: ['Libyan'],
  IL: ['Israeli'],
  IR: ['Iranian'],
  CO: ['Colombian'],
  MX: ['Mexican'],
  HT: ['Haitian'],
  PK: ['Pakistani'],
  IN: ['Indian'],
  CM: ['Cameroonian'],
  MZ: ['Mozambican'],
  TD: ['Chadian'],
  EG: ['Egyptian'],
  KE: ['Kenyan'],
  JO: ['Jordanian'],
  SA: ['Saudi', 'Saudi Arabian'],
  DZ: ['Algerian'],
  BI: ['Burundian'],
  RW: ['Rwandan'],
  UG: ['Ugandan'],
  PH: ['Filipino', 'Philippine'],
};

// Withdrawn codes that Intl still names (SU is "Russia", YU "Serbia").
const DEPRECATED = new Set([
  'AN',
  'HV',
  'DY',
  'BU',
  'ZR',
  'CS',
  'YU',
  'DD',
  'FX',
  'UK',
  'NH',
  'RH',
  'SU',
  'TP',
  'VD',
  'YD',
  'EU',
  'EZ',
  'UN',
  'QO',
  'ZZ',
]);

// Adjectives that are also common words or name ethnicities rather than states stay out.
let table: { byCode: Map<string, string>; byName: Map<string, string> } | null = null;

function build() {
  const display = new Intl.DisplayNames('en', { type: 'region' });
  const byCode = new Map<string, string>();
  const byName = new Map<string, string>();
  const A = 'A'.charCodeAt(0);
  for (let i = 0; i < 26; i++) {
    for (let j = 0; j < 26; j++) {
      const code = String.fromCharCode(A + i, A + j);
      let name: string | undefined;
      try {
        name = display.of(code);
      } catch {
        name = undefined;
      }
      if (!name || name === code || /Unknown/i.test(name) || DEPRECATED.has(code)) continue;
      const plain = name.replace(/ \(.*\)$/, '').replace(/ - .*$/, '');
      byCode.set(code, plain === 'Congo' ? name : plain);
      byName.set(foldName(name), code);
      byName.set(foldName(plain), code);
    }
  }
  byCode.set('CD', 'Democratic Republic of the Congo');
  byCode.set('CG', 'Republic of the Congo');
  byCode.set('PS', 'Palestine');
  byCode.set('TR', 'Turkey');
  byName.delete(foldName('Congo'));
  for (const [code, names] of Object.entries(EXTRA)) for (const n of names) byName.set(foldName(n), code);
  return { byCode, byName };
}

/** The English name of a country by ISO 3166-1 alpha-2 code. */
export function countryName(code: string): string | null {
  table ??= build();
  return table.byCode.get(code.toUpperCase()) ?? null;
}

/** The ISO code for a country name or adjective ("Syria", "Syrian", "DRC"), or null. */
export function countryCode(name: string): string | null {
  table ??= build();
  // Only capitalised words can name a country; skip the fold for everything else.
  const c = name.charCodeAt(0);
  if (c >= 97 && c <= 122) return null;
  return table.byName.get(foldName(name)) ?? null;
}
