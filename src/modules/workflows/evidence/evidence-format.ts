// Turning input values into the words the pack prints. Pure string work, kept apart from drawing.
import { DateTime } from 'luxon';
import type { EvidenceFinding } from './evidence-input.ts';

/** Printed where a value is missing, so a blank never reads as "we forgot to print it". */
export const NONE = '—';

function inZone(iso: string, timeZone: string): DateTime {
  return DateTime.fromISO(iso, { zone: timeZone, locale: 'en-US' });
}

/** "Mar 14, 2025, 9:12:05 AM EDT": signing and generation times, to the second. */
export function formatInstant(iso: string | null, timeZone: string): string {
  if (!iso) return NONE;
  const dt = inZone(iso, timeZone);
  return dt.isValid ? dt.toFormat('MMM d, yyyy, h:mm:ss a ZZZZ') : iso;
}

/** "2025-03-14 09:12 EDT": short enough for a thumbnail caption. */
export function formatCaptionTime(iso: string | null, timeZone: string): string {
  if (!iso) return 'time unknown';
  const dt = inZone(iso, timeZone);
  return dt.isValid ? dt.toFormat('yyyy-MM-dd HH:mm ZZZZ') : iso;
}

export function formatCount(value: number | null, unit = ''): string {
  if (value === null) return NONE;
  return `${value.toLocaleString('en-US')}${unit}`;
}

/**
 * A change with its sign always shown ("+142 mi", "-10%"), so a reader never guesses the direction.
 * A hyphen, not U+2212: the minus sign is not among the built-in fonts' glyphs.
 */
export function formatDelta(value: number | null, unit: string): string {
  if (value === null) return NONE;
  const sign = value > 0 ? '+' : value < 0 ? '-' : '±';
  return `${sign}${Math.abs(value).toLocaleString('en-US')}${unit}`;
}

export function formatCoordinates(lat: number | null, lon: number | null): string {
  if (lat === null || lon === null) return 'no location';
  return `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
}

/** "left-front-door" → "Left front door". */
export function humanize(key: string): string {
  const words = key.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "Scratch, severity 2 of 4: along the sill" — one line per finding in the comparison. */
export function describeFinding(finding: EvidenceFinding): string {
  const head = `${humanize(finding.type)}, severity ${finding.severity} of 4`;
  return finding.note ? `${head}: ${finding.note}` : head;
}

export function describeFindings(findings: EvidenceFinding[]): string {
  return findings.length === 0 ? 'nothing found' : findings.map(describeFinding).join('\n');
}

/** "2021 Toyota Camry, silver": whatever parts are known. */
export function describeVehicle(vehicle: { year: string | null; make: string | null; model: string | null; color: string | null }): string {
  const name = [vehicle.year, vehicle.make, vehicle.model].filter(Boolean).join(' ');
  const parts = [name, vehicle.color].filter(Boolean);
  return parts.length ? parts.join(', ') : 'Vehicle not described';
}
