// The rules of a contract's mileage bands (spec §12.1), pure: which band prices a distance, and
// what is wrong with a band set. A set must cover 0 to the maximum drive without gaps or overlaps
// for each class it has; `stranded` is required, `base` optional (a pair is priced by the
// stranded table when the contract has no base table), so a rooftop with one price list sends one.
import type { GvwrClass, MileageBand } from './contract.ts';

export type BandClass = MileageBand['class'];
export const BAND_CLASSES = ['stranded', 'base'] as const satisfies readonly BandClass[];
export const BAND_TYPES = ['flat', 'per'] as const satisfies readonly MileageBand['type'][];

/** A problem of a band set: `index` and `key` name the band field it is about (null: the whole set). */
export interface BandProblem {
  index: number | null;
  key: 'distance_start' | 'distance_end' | null;
  message: string;
}

/** The bands that price `cls`: its own, or, for `base` without any, the stranded ones. */
export function bandsOfClass(bands: readonly MileageBand[], cls: BandClass): MileageBand[] {
  const own = bands.filter((b) => b.class === cls);
  return own.length || cls === 'stranded' ? own : bands.filter((b) => b.class === 'stranded');
}

/**
 * The band that prices a drive of `miles` for `cls`: distance_start <= miles < distance_end, and
 * the top band also holds its own end, so a drive of exactly the maximum is priced. A contract
 * without base bands prices `base` by its stranded ones. Undefined: no band holds the distance.
 */
export function bandFor(bands: MileageBand[], cls: 'stranded' | 'base', miles: number): MileageBand | undefined {
  const table = bandsOfClass(bands, cls);
  const hit = table.find((b) => miles >= b.distance_start && miles < b.distance_end);
  if (hit) return hit;
  const top = table.reduce<MileageBand | undefined>((t, b) => (!t || b.distance_end > t.distance_end ? b : t), undefined);
  return top && miles === top.distance_end ? top : undefined;
}

/** The band's rate for a vehicle of GVWR class `gvwr` (default class 1), cents. */
export function bandRate(band: MileageBand, gvwr: GvwrClass = '1'): number {
  return band.class_rates[gvwr] ?? band.rate;
}

/**
 * Every problem of a band set whose bands each read well: an empty band (end not after start),
 * no stranded bands, and for each class a gap or an overlap (naming the bands and the miles) or a
 * table that stops short of `maxMiles`. A class with an empty band is not checked for coverage:
 * the empty band is the problem, and the gaps around it would only repeat it.
 */
export function bandSetProblems(bands: readonly MileageBand[], maxMiles: number): BandProblem[] {
  const problems: BandProblem[] = [];
  const broken = new Set<BandClass>();
  bands.forEach((b, index) => {
    if (b.distance_end > b.distance_start) return;
    broken.add(b.class);
    problems.push({ index, key: 'distance_end', message: `distance_end (${b.distance_end}) must be greater than distance_start (${b.distance_start})` });
  });
  if (!bands.some((b) => b.class === 'stranded')) {
    problems.push({ index: null, key: null, message: `stranded bands are required: they must cover 0 to ${maxMiles} miles (base bands are optional)` });
  }
  for (const cls of BAND_CLASSES) {
    if (broken.has(cls)) continue;
    const entries = bands.map((band, index) => ({ band, index })).filter((e) => e.band.class === cls);
    if (entries.length) problems.push(...coverageProblems(entries, cls, maxMiles));
  }
  return problems;
}

type Entry = { band: MileageBand; index: number };
const span = (e: Entry) => `mileage_bands.${e.index} (${e.band.distance_start} to ${e.band.distance_end} miles)`;

/** Gaps and overlaps of one class's bands, walked in order of their start. */
function coverageProblems(entries: Entry[], cls: BandClass, maxMiles: number): BandProblem[] {
  const problems: BandProblem[] = [];
  const sorted = [...entries].sort((a, b) => a.band.distance_start - b.band.distance_start || a.band.distance_end - b.band.distance_end);
  let reached = 0;
  let furthest: Entry | undefined;
  for (const e of sorted) {
    const { distance_start: start, distance_end: end } = e.band;
    if (start > reached) {
      problems.push({ index: e.index, key: 'distance_start', message: `a gap: no ${cls} band holds ${reached} to ${start} miles` });
    } else if (furthest && start < reached) {
      const message = `${span(e)} overlaps ${span(furthest)} from ${start} to ${Math.min(reached, end)} miles`;
      problems.push({ index: e.index, key: 'distance_start', message });
    }
    if (end > reached) {
      reached = end;
      furthest = e;
    }
  }
  if (reached < maxMiles && furthest) {
    const message = `the ${cls} bands must reach ${maxMiles} miles (the maximum drive): no band holds ${reached} to ${maxMiles} miles`;
    problems.push({ index: furthest.index, key: 'distance_end', message });
  }
  return problems;
}
