// A driver's free time (spec §11.2, ours): each shift minus the busy spans of the scenarios already
// assigned to that driver. What is left are the windows an unassigned trip can go into; a trip
// must lie wholly inside one of them, since it is one driver's time from ready-by to last handoff.

export interface ShiftSpan {
  driverId: number;
  /** Epoch ms, half-open [start, end). */
  start: number;
  end: number;
  /** The rooftop the shift's region serves; null: every rooftop. */
  rooftopId: number | null;
  /** The driver may drive manual transmissions. */
  manual: boolean;
}

export interface BusySpan {
  driverId: number;
  start: number;
  end: number;
}

/** One stretch of one driver's free time, inside one shift: it inherits the shift's eligibility. */
export interface FreeWindow {
  driverId: number;
  start: number;
  end: number;
  rooftopId: number | null;
  manual: boolean;
}

/**
 * The free windows of every shift. Two adjacent shifts of one driver stay two windows: a trip must
 * fit one shift (the spec's words), and the shifts may serve different rooftops.
 */
export function freeWindows(shifts: readonly ShiftSpan[], busy: readonly BusySpan[]): FreeWindow[] {
  const busyOf = new Map<number, BusySpan[]>();
  for (const b of busy) {
    if (b.end <= b.start) continue;
    const list = busyOf.get(b.driverId) ?? [];
    list.push(b);
    busyOf.set(b.driverId, list);
  }
  for (const list of busyOf.values()) list.sort((a, b) => a.start - b.start);

  const windows: FreeWindow[] = [];
  for (const shift of shifts) {
    const free = (start: number, end: number) => {
      if (end > start) windows.push({ driverId: shift.driverId, start, end, rooftopId: shift.rooftopId, manual: shift.manual });
    };
    let cursor = shift.start;
    for (const b of busyOf.get(shift.driverId) ?? []) {
      if (b.end <= cursor || b.start >= shift.end) continue;
      free(cursor, Math.min(b.start, shift.end));
      cursor = Math.max(cursor, b.end);
      if (cursor >= shift.end) break;
    }
    free(cursor, shift.end);
  }
  return windows;
}
