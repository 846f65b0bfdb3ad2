// US address normalization: display forms (USPS Publication 28 style) and a
// dedupe key so different spellings of the same dealer address collide.
// Pure and dependency-free on purpose: it runs on every location write and in
// tests without a database or network.

import { stateCode } from './us-states.ts';

/** Trim and collapse runs of whitespace to a single space. */
export function collapseWhitespace(s: string): string {
  return s.trim().replace(/\s+/g, ' ');
}

/** 5-digit ZIP from "23220", "23220-1234", "232201234" (surrounding spaces ok); else null. */
export function normalizeZip(input: string): string | null {
  const m = /^(\d{5})(?:-?\d{4})?$/.exec(input.trim());
  return m?.[1] ?? null;
}

// ---------------------------------------------------------------------------
// Lookup tables. Each row is [standard form, ...other spellings]; lookups are
// by uppercased token so dealer capitalization never matters for matching.

function table(rows: readonly (readonly string[])[]): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const [standard, ...variants] of rows) {
    if (standard === undefined) continue;
    for (const v of [standard, ...variants]) map.set(v.toUpperCase(), standard);
  }
  return map;
}

const DIRECTIONALS = table([
  ['N', 'North'],
  ['S', 'South'],
  ['E', 'East'],
  ['W', 'West'],
  ['NE', 'Northeast'],
  ['NW', 'Northwest'],
  ['SE', 'Southeast'],
  ['SW', 'Southwest'],
]);

const STREET_SUFFIXES = table([
  ['St', 'Street', 'Str'],
  ['Ave', 'Avenue', 'Av'],
  ['Rd', 'Road'],
  ['Dr', 'Drive', 'Drv'],
  ['Blvd', 'Boulevard', 'Boul'],
  ['Ln', 'Lane'],
  ['Ct', 'Court'],
  ['Pl', 'Place'],
  ['Pkwy', 'Parkway', 'Pkway'],
  ['Hwy', 'Highway'],
  ['Cir', 'Circle'],
  ['Ter', 'Terrace'],
  ['Sq', 'Square'],
  ['Trl', 'Trail'],
  ['Tpke', 'Turnpike'],
  ['Expy', 'Expressway'],
  ['Fwy', 'Freeway'],
  ['Plz', 'Plaza'],
  ['Pt', 'Point'],
  ['Xing', 'Crossing'],
  ['Ctr', 'Center'],
  ['Hts', 'Heights'],
  ['Aly', 'Alley'],
  // Listed so they are recognized as the suffix (and title-cased), not abbreviated.
  ['Way'],
  ['Loop'],
  ['Run'],
]);

const UNIT_DESIGNATORS = table([
  ['Apt', 'Apartment'],
  ['Ste', 'Suite'],
  ['Unit'],
  ['Fl', 'Floor'],
  ['Bldg', 'Building'],
  ['Rm', 'Room'],
  ['Dept', 'Department'],
  ['Lot'],
  ['Spc', 'Space'],
  ['Trlr', 'Trailer'],
  ['Ofc', 'Office'],
]);

// ---------------------------------------------------------------------------
// Tokenizing helpers

/**
 * Collapse whitespace, drop periods ("St." → "St", "P.O." → "PO") and treat
 * commas as separators (Pub 28 uses no punctuation). A period between two
 * digits is kept so a decimal like "2.5" is not turned into "25".
 */
function cleanTokens(line: string): string[] {
  const cleaned = collapseWhitespace(line.replace(/(?<!\d)\.|\.(?!\d)/g, '').replace(/,/g, ' '));
  return cleaned === '' ? [] : cleaned.split(' ');
}

const lookup = (map: ReadonlyMap<string, string>, token: string | undefined) =>
  token === undefined ? undefined : map.get(token.toUpperCase());

/** House number: "123", "123A", "123-125" (but not "1st", which is a street name). */
const HOUSE_NUMBER = /^\d[\d-]*\p{L}?$/u;
const FRACTION = /^\d+\/\d+$/;

/** What can follow a unit designator: "4", "200A", "B", "#4". Avoids eating "Building Rd". */
const isUnitId = (t: string | undefined) =>
  t !== undefined && (/\d/.test(t) || /^\p{L}$/u.test(t) || t.startsWith('#'));

const startsUnit = (tokens: string[], i: number) =>
  (tokens[i] ?? '').startsWith('#') ||
  (lookup(UNIT_DESIGNATORS, tokens[i]) !== undefined && isUnitId(tokens[i + 1]));

/**
 * Abbreviate suffix and directionals in the street-name words (house number
 * and unit already removed), in place. A word is only abbreviated if at least
 * one other word is left as the street name, so "North St" and "East Ave" keep
 * their names while "South Mulberry Street" becomes "S Mulberry St".
 */
function abbreviateStreetName(words: string[]): void {
  let end = words.length;
  const trailingDir = lookup(DIRECTIONALS, words[end - 1]);
  if (end >= 2 && trailingDir) words[--end] = trailingDir;

  // The suffix must be the last word, or be followed only by the directional.
  const suffix = lookup(STREET_SUFFIXES, words[end - 1]);
  if (end >= 2 && suffix) words[--end] = suffix;

  const leadingDir = lookup(DIRECTIONALS, words[0]);
  if (end >= 2 && leadingDir) words[0] = leadingDir;
}

/** Split a street line into its standardized street part and any trailing unit. */
function splitStreet(line: string): { street: string; unit: string | null } {
  const tokens = cleanTokens(line);

  let nameStart = 0;
  if (HOUSE_NUMBER.test(tokens[0] ?? '')) nameStart = FRACTION.test(tokens[1] ?? '') ? 2 : 1;

  // A unit needs at least one street-name word before it ("100 Suite Rd" has none).
  let unitStart = tokens.length;
  for (let i = nameStart + 1; i < tokens.length; i++) {
    if (startsUnit(tokens, i)) {
      unitStart = i;
      break;
    }
  }

  const words = tokens.slice(nameStart, unitStart);
  abbreviateStreetName(words);
  return {
    street: [...tokens.slice(0, nameStart), ...words].join(' '),
    unit: standardizeUnit(tokens.slice(unitStart).join(' ')),
  };
}

// ---------------------------------------------------------------------------
// Public API

/**
 * Display form of a street line: "210 South Mulberry Street" → "210 S Mulberry St".
 * Only recognized suffixes/directionals/unit designators change; other words
 * keep the dealer's capitalization.
 */
export function standardizeStreet(line: string): string {
  const { street, unit } = splitStreet(line);
  return unit ? `${street} ${unit}` : street;
}

/** Display form of address_two: "Apartment 4" → "Apt 4", "Suite 200" → "Ste 200"; null when empty. */
export function standardizeUnit(line: string | undefined | null): string | null {
  const tokens = cleanTokens(line ?? '');
  if (tokens.length === 0) return null;
  // The whole field is a unit line, so designators are abbreviated wherever they appear.
  return tokens.map((t) => lookup(UNIT_DESIGNATORS, t) ?? t).join(' ');
}

/** Uppercase, strip punctuation except '#', '-' and '/' (keeps "1/2" distinct from "12"). */
function keyPart(s: string): string {
  return collapseWhitespace(
    s
      .toUpperCase()
      .replace(/[^\p{L}\p{N}\s#\/-]/gu, '')
      .replace(/#\s+/g, '#'), // "# 5" and "#5" are the same unit
  );
}

/**
 * Canonical key "STREET|UNIT|ZIP5", e.g. "210 S MULBERRY ST||23220". A unit typed
 * on the street line ("123 Main St Apt 4") keys the same as one in address_two.
 */
export function addressDedupeKey(a: {
  address_one: string;
  address_two?: string | null;
  zip: string;
}): string {
  const { street, unit } = splitStreet(a.address_one);
  const units = [unit, standardizeUnit(a.address_two)].filter((u) => u !== null).join(' ');
  // An unparseable ZIP still participates (as typed) so such rows never collide with valid ones.
  const zip = normalizeZip(a.zip) ?? keyPart(a.zip);
  return `${keyPart(street)}|${keyPart(units)}|${zip}`;
}

/** "11161 Research Plaza Way, Richmond, VA 23236, USA" (unit, if any, after the street). */
export function formatFullAddress(l: {
  address_one: string;
  address_two?: string | null;
  city: string;
  state: string;
  zip: string;
}): string {
  const state = stateCode(l.state) ?? collapseWhitespace(l.state);
  const zip = normalizeZip(l.zip) ?? collapseWhitespace(l.zip);
  return [
    standardizeStreet(l.address_one),
    standardizeUnit(l.address_two),
    collapseWhitespace(l.city),
    collapseWhitespace(`${state} ${zip}`),
    'USA',
  ]
    .filter((part) => part) // drop null/empty parts so there are no ", ," gaps
    .join(', ');
}
