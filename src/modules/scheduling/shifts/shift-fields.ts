// What the shifts' request reader (shift-request.ts) hands the service: shifts laid out, checked
// one by one, not yet against the driver's other shifts.

/** A region as the reader needs it; null when there is no such region for this caller. */
export type RegionLookup = (id: number) => Promise<{ timezone: string } | null>;

export interface NewShifts {
  regionId: number | null;
  /** `date`: the local date a pattern's shift starts on; null for a single shift. */
  shifts: { date: string | null; startsAt: number; endsAt: number }[];
  /** Where a problem with the shifts as a whole (an overlap) is reported. */
  field: 'starts_at' | 'pattern';
}
