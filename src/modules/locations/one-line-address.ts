// A US address written on one line ("210 S Mulberry St, Richmond, VA 23220"), as availability
// queries send it, read into the parts a booking's location has and checked the same way (the ZIP
// exists and lies in the state). Pure: the ZIP directory is passed in.
import { collapseWhitespace, normalizeZip, standardizeStreet, standardizeUnit } from './address-normalization.ts';
import type { StandardAddress } from './geocoder.ts';
import { stateCode } from './us-states.ts';
import type { ZipDirectory } from './zip-directory.ts';

export type OneLineReading = { address: StandardAddress } | { problem: string };

const COUNTRY = /,?\s*(?:USA|U\.S\.A\.|US|United States(?: of America)?)$/i;
const ZIP_AT_END = /^(.*?)[,\s]+(\d{5}(?:-?\d{4})?)$/;
/** The longest state name has three words ("District of Columbia"). */
const STATE_WORDS = 3;

const EXPECTED = 'such as "210 S Mulberry St, Richmond, VA 23220" (street, city, state and ZIP code)';

/** The parts of `line`, or what keeps it from being read as a US address. */
export function parseOneLineAddress(line: string, zips: ZipDirectory): OneLineReading {
  const text = collapseWhitespace(line).replace(COUNTRY, '');
  const zipMatch = ZIP_AT_END.exec(text);
  if (!zipMatch) return { problem: `must be a US address ${EXPECTED}: no ZIP code at the end` };
  const zip = normalizeZip(zipMatch[2]!)!;
  const known = zips.lookup(zip);
  if (!known) return { problem: `ZIP code ${zip} does not exist` };

  const split = splitState(zipMatch[1]!.replace(/,\s*$/, ''));
  if (!split) return { problem: `must be a US address ${EXPECTED}: no state before the ZIP code` };
  if (known.state !== split.state) return { problem: `ZIP code ${zip} is in ${known.state}, not ${split.state}` };

  const parts = splitCity(split.rest, known.city);
  if (!parts) return { problem: `must be a US address ${EXPECTED}: the street and the city could not be told apart` };
  return {
    address: {
      address_one: standardizeStreet(parts.street),
      address_two: standardizeUnit(parts.unit),
      city: collapseWhitespace(parts.city),
      state: split.state,
      zip,
    },
  };
}

/** The state at the end of `text` (a code or a full name), and what comes before it. */
function splitState(text: string): { state: string; rest: string } | null {
  const words = text.split(/\s+/);
  // Longest first: "West Virginia" must not be read as "Virginia".
  for (let n = Math.min(STATE_WORDS, words.length - 1); n >= 1; n--) {
    const candidate = words.slice(-n).join(' ').replace(/^,/, '');
    const state = stateCode(candidate);
    if (state) return { state, rest: words.slice(0, -n).join(' ').replace(/,\s*$/, '') };
  }
  return null;
}

/**
 * Street (and unit) and city. With commas: the last part is the city, the first the street, one
 * in between the unit. Without: the ZIP's own city name must end the text, so it can be cut off.
 */
function splitCity(text: string, zipCity: string): { street: string; unit: string | null; city: string } | null {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p);
  if (parts.length === 2 || parts.length === 3) {
    return { street: parts[0]!, unit: parts.length === 3 ? parts[1]! : null, city: parts.at(-1)! };
  }
  if (parts.length !== 1) return null;
  const only = parts[0]!;
  const cityAt = only.toLowerCase().lastIndexOf(` ${zipCity.toLowerCase()}`);
  if (!zipCity || cityAt <= 0 || cityAt + zipCity.length + 1 !== only.length) return null;
  return { street: only.slice(0, cityAt), unit: null, city: only.slice(cityAt + 1) };
}
