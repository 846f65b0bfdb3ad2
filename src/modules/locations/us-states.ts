// USPS state, territory and military "state" codes with their full names.
// Pure data + one lookup helper; no dependencies so it can be used anywhere.

export const US_STATES: Readonly<Record<string, string>> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  // Territories
  PR: 'Puerto Rico',
  VI: 'U.S. Virgin Islands',
  GU: 'Guam',
  AS: 'American Samoa',
  MP: 'Northern Mariana Islands',
  // Military (APO/FPO/DPO) "states"
  AA: 'Armed Forces Americas',
  AE: 'Armed Forces Europe',
  AP: 'Armed Forces Pacific',
};

/** Uppercase, drop periods ("D.C.", "U.S."), collapse whitespace. */
function lookupKey(s: string): string {
  return s.replace(/\./g, '').trim().replace(/\s+/g, ' ').toUpperCase();
}

// Full-name → code index, built once. A few common alternate spellings are
// added because dealers type them ("Virgin Islands", "Washington DC").
const CODE_BY_NAME: ReadonlyMap<string, string> = new Map([
  ...Object.entries(US_STATES).map(([code, name]) => [lookupKey(name), code] as const),
  ['VIRGIN ISLANDS', 'VI'],
  ['WASHINGTON DC', 'DC'],
]);

/**
 * USPS code for a state given as a code ("va", "VA") or full name in any
 * case/spacing ("virginia", "new  york"); null when unrecognized.
 */
export function stateCode(input: string): string | null {
  const key = lookupKey(input);
  if (Object.hasOwn(US_STATES, key)) return key;
  return CODE_BY_NAME.get(key) ?? null;
}
