/**
 * VIN checks. Format errors are hard validation failures; check-digit and
 * model-year mismatches are only warnings, because non-North-American VINs
 * do not have to carry a valid check digit and dealer data is often a little off.
 */

// 17 characters; I, O and Q are never used in VINs (they look like 1 and 0).
const VIN_RE = /^[A-HJ-NPR-Z0-9]{17}$/;

/**
 * True when `vin` is exactly 17 characters of A–Z/0–9 without I, O, Q.
 * Case-sensitive on purpose: callers must uppercase (and trim) first so that
 * the stored VIN is canonical.
 */
export function isVinFormatValid(vin: string): boolean {
  return VIN_RE.test(vin);
}

// Standard North American transliteration (49 CFR 565).
const LETTER_VALUES: Readonly<Record<string, number>> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** The expected position-9 character ('0'–'9' or 'X' for 10) of a format-valid VIN. */
export function computeCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = vin.charAt(i);
    const value = c >= '0' && c <= '9' ? Number(c) : (LETTER_VALUES[c] ?? 0);
    sum += value * (WEIGHTS[i] ?? 0);
  }
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

// Position-10 codes in order for 1980..2009; the cycle repeats every 30 years.
// I, O, Q, U, Z and 0 are never used.
const YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789';

/** The two model years (1980–2039) a position-10 code can mean, or null for an unused code. */
export function modelYearCandidates(code: string): [number, number] | null {
  const index = YEAR_CODES.indexOf(code);
  if (code.length !== 1 || index < 0) return null;
  return [1980 + index, 2010 + index];
}

/**
 * Human-readable warnings for a format-valid VIN (returns [] for a VIN that
 * fails isVinFormatValid — that is an error the caller reports separately).
 * `year` is the model year the caller was given, e.g. "2014"; the model-year
 * comparison is skipped when it is null or not a 4-digit year.
 */
export function vinWarnings(vin: string, year: string | null): string[] {
  if (!isVinFormatValid(vin)) return [];
  const warnings: string[] = [];

  const expected = computeCheckDigit(vin);
  const actual = vin.charAt(8);
  if (expected !== actual) {
    warnings.push(`check digit is ${expected} but the VIN has ${actual}`);
  }

  const givenYear = year?.trim() ?? '';
  if (/^\d{4}$/.test(givenYear)) {
    const code = vin.charAt(9);
    const candidates = modelYearCandidates(code);
    if (candidates === null) {
      warnings.push(`VIN model year code ${code} is not a valid model year code`);
    } else if (!candidates.includes(Number(givenYear))) {
      warnings.push(
        `VIN model year code ${code} means ${candidates[0]} or ${candidates[1]}, not ${givenYear}`,
      );
    }
  }
  return warnings;
}
