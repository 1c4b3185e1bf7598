/**
 * The event taxonomy: ACLED's six event types with their sub-event types, plus the types
 * Vigil adds for harm ACLED does not code. Names match ACLED's codebook exactly so that
 * exports use only its codes.
 */
export const ACLED_EVENT_TYPES = {
  Battles: ['Armed clash', 'Government regains territory', 'Non-state actor overtakes territory'],
  'Explosions/Remote violence': [
    'Chemical weapon',
    'Air/drone strike',
    'Suicide bomb',
    'Shelling/artillery/missile attack',
    'Remote explosive/landmine/IED',
    'Grenade',
  ],
  'Violence against civilians': ['Sexual violence', 'Attack', 'Abduction/forced disappearance'],
  Protests: ['Peaceful protest', 'Protest with intervention', 'Excessive force against protesters'],
  Riots: ['Violent demonstration', 'Mob violence'],
  'Strategic developments': [
    'Agreement',
    'Arrests',
    'Change to group/activity',
    'Disrupted weapons use',
    'Headquarters or base established',
    'Looting/property destruction',
    'Non-violent transfer of territory',
    'Other',
  ],
} as const;

/** Types ACLED lacks, which the brief asks Vigil to record. */
export const VIGIL_EVENT_TYPES = {
  Displacement: ['Flight', 'Sheltering', 'Forced displacement'],
  Extortion: ['Ransom or payment demand'],
  'Humanitarian condition': ['food', 'water', 'power', 'health care', 'shelter', 'services'],
  'Official statement': ['Operation announcement', 'Denial', 'Acknowledgement'],
  'Call for investigation': ['Investigation', 'Access', 'Protection'],
} as const;

export const EVENT_TYPES = { ...ACLED_EVENT_TYPES, ...VIGIL_EVENT_TYPES } as const;

export type AcledEventType = keyof typeof ACLED_EVENT_TYPES;
export type EventType = keyof typeof EVENT_TYPES;
export type SubEventType = (typeof EVENT_TYPES)[EventType][number];

export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];

export function isAcledType(type: string): type is AcledEventType {
  return Object.hasOwn(ACLED_EVENT_TYPES, type);
}

export function isSubTypeOf(type: EventType, subType: string): boolean {
  return (EVENT_TYPES[type] as readonly string[]).includes(subType);
}

/**
 * Event families group types that may describe the same real event from different angles
 * (a killing reported as an attack by one source and as shelling by another). Resolution
 * blocks candidates by family, never across families.
 */
export type EventFamily = 'violence' | 'property' | 'protest' | 'displacement' | 'condition' | 'statement';

export function familyOf(type: EventType, subType?: string | null): EventFamily {
  switch (type) {
    case 'Battles':
    case 'Explosions/Remote violence':
    case 'Violence against civilians':
    case 'Riots':
      return 'violence';
    case 'Protests':
      return 'protest';
    case 'Strategic developments':
      return subType === 'Looting/property destruction' ? 'property' : 'statement';
    case 'Extortion':
      return 'property';
    case 'Displacement':
      return 'displacement';
    case 'Humanitarian condition':
      return 'condition';
    case 'Official statement':
    case 'Call for investigation':
      return 'statement';
  }
}
