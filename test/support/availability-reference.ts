// The reference the availability tests check the service against (spec §11.3), written without
// the production solver: the spans trips occupy, by the occupancy rule as the spec words it, and
// whether a set of trips can be given to drivers' shifts, by trying every assignment of trips to
// drivers. Small on purpose: a handful of trips and two or three drivers.

const MINUTE = 60_000;

export interface Span {
  from: number;
  until: number;
}

export interface ShiftSpan extends Span {
  driver: number;
}

export interface OccupancyConfig {
  handoffBufferMinutes: number;
  pairWaitMinutes: number;
}

/**
 * What a scenario occupies (spec §11.2): from its ready-by through every leg's drive, a handoff
 * buffer at each stop (the first pickup and each delivery) and, for a pair, the wait between legs.
 */
export function occupied(readyBy: number, legMinutes: number[], c: OccupancyConfig): Span {
  const minutes = legMinutes.reduce((a, b) => a + b, 0) + (legMinutes.length + 1) * c.handoffBufferMinutes + (legMinutes.length - 1) * c.pairWaitMinutes;
  return { from: readyBy, until: readyBy + Math.round(minutes * MINUTE) };
}

/** The ready-by of a trip whose driver must be at the consumer at `start` after a `driveMinutes` leg: floored to the minute. */
export function readyByFor(start: number, driveMinutes: number): number {
  return Math.floor((start - driveMinutes * MINUTE) / MINUTE) * MINUTE;
}

const overlap = (a: Span, b: Span) => a.from < b.until && b.from < a.until;

/** Whether one driver can drive all of `trips`: each inside one of the driver's shifts, none overlapping another. */
function oneDriverCan(trips: Span[], shifts: Span[]): boolean {
  if (!trips.every((t) => shifts.some((s) => s.from <= t.from && t.until <= s.until))) return false;
  return trips.every((a, i) => trips.every((b, j) => i >= j || !overlap(a, b)));
}

/** Whether some assignment of every trip to a driver works: all drivers^trips assignments tried. */
export function allPlaceable(trips: Span[], shifts: ShiftSpan[]): boolean {
  const drivers = [...new Set(shifts.map((s) => s.driver))];
  if (!trips.length) return true;
  if (!drivers.length) return false;
  const choice = new Array<number>(trips.length).fill(0);
  for (;;) {
    const works = drivers.every((d, k) =>
      oneDriverCan(
        trips.filter((_, i) => choice[i] === k),
        shifts.filter((s) => s.driver === d),
      ),
    );
    if (works) return true;
    // The next assignment, counting in base drivers.length.
    let i = 0;
    while (i < trips.length && ++choice[i]! === drivers.length) choice[i++] = 0;
    if (i === trips.length) return false;
  }
}
