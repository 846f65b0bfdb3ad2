// The drivers page's data, all from the /v1 API through `api`: drivers (GET/POST /v1/ops/drivers, and
// PATCH …/{id} to deactivate or reactivate one), a driver's shifts (GET/POST/DELETE …/shifts), who is
// on shift now (GET /v1/ops/drivers/on-shift), and the regions and rooftops a shift may be laid out
// in. The API lays a shift out in local time (a one-day pattern in the region's zone, DST-safe): the
// page never converts a wall time itself.
import type { operations } from '@handoff/client';
import { browserZone } from '../zoned-time.ts';
import { api, apiCall } from '../api.ts';

export type Driver = operations['listDrivers']['responses'][200]['content']['application/json']['drivers'][number];
export type NewDriver = operations['createDriver']['responses'][200]['content']['application/json'];
export type Shift = operations['listDriverShifts']['responses'][200]['content']['application/json']['shifts'][number];
export type OnShift = operations['listDriversOnShift']['responses'][200]['content']['application/json'];
export type ShiftBody = operations['addDriverShifts']['requestBody']['content']['application/json'];
export interface Zone {
  /** A region's id; null: a shift for every rooftop, laid out in `timezone`. */
  regionId: number | null;
  label: string;
  timezone: string;
}

const driverPath = (id: number) => ({ path: { id: String(id) } });

export const fetchDrivers = () => apiCall(() => api.GET('/v1/ops/drivers', { params: { query: { limit: 500 } } }));
export const fetchOnShift = () => apiCall(() => api.GET('/v1/ops/drivers/on-shift'));
export const addDriver = (body: { name: string; phone: string; can_drive_manual: boolean }) => apiCall(() => api.POST('/v1/ops/drivers', { body }));
/** Deactivates (false) or reactivates (true) a driver; answers the driver as changed. */
export const setDriverActive = (driverId: number, active: boolean) =>
  apiCall(() => api.PATCH('/v1/ops/drivers/{id}', { params: driverPath(driverId), body: { active } }));
export const fetchShifts = (driverId: number) => apiCall(() => api.GET('/v1/ops/drivers/{id}/shifts', { params: driverPath(driverId) }));
export const addShift = (driverId: number, body: ShiftBody) => apiCall(() => api.POST('/v1/ops/drivers/{id}/shifts', { params: driverPath(driverId), body }));
export const removeShift = (driverId: number, shiftId: number) =>
  apiCall(() => api.DELETE('/v1/ops/drivers/{id}/shifts/{shiftId}', { params: { path: { id: String(driverId), shiftId: String(shiftId) } } }));

/**
 * Where a shift may be laid out: each region (in its own zone), then "every rooftop" in the zone of
 * each rooftop (a shift for every rooftop has no region, so the API needs the zone said).
 */
export async function fetchZones(): Promise<Zone[]> {
  const [regions, rooftops] = await Promise.all([apiCall(() => api.GET('/v1/ops/regions')), apiCall(() => api.GET('/v1/rooftops'))]);
  const zones: Zone[] = 'data' in regions ? regions.data.regions.map((r) => ({ regionId: r.id, label: `${r.name} (${r.timezone})`, timezone: r.timezone })) : [];
  const rooftopZones = 'data' in rooftops ? [...new Set(rooftops.data.rooftops.map((r) => r.timezone))] : [];
  for (const tz of rooftopZones.length ? rooftopZones : [browserZone()]) {
    zones.push({ regionId: null, label: `Every rooftop (${tz})`, timezone: tz });
  }
  return zones;
}

/** The zone a shift is told in: its region's; a shift for every rooftop, a rooftop's (else the browser's). */
export const zoneOf = (shift: { region_id: number | null }, zones: Zone[]) =>
  (zones.find((z) => z.regionId === shift.region_id) ?? zones.find((z) => z.regionId === null))?.timezone ?? browserZone();

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** One shift on a local date from start to end (an end at or before the start is the next day's). */
export function oneDayShift(zone: Zone, date: string, start: string, end: string): ShiftBody {
  // The weekday of a calendar date is the same in every zone; noon UTC keeps it off any boundary.
  const weekday = /^\d{4}-\d{2}-\d{2}$/.test(date) ? WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()] : undefined;
  const pattern = { days: weekday ? [weekday] : [], start, end, from: date, to: date };
  return zone.regionId === null ? { timezone: zone.timezone, pattern } : { region_id: zone.regionId, pattern };
}

/** "12 s ago", "3 min ago", "2 h ago", "4 days ago": how old a position was when `now` was answered. */
export function ago(at: string, now: string): string {
  const s = Math.max(0, Math.round((Date.parse(now) - Date.parse(at)) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  const days = Math.floor(s / 86_400);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}


/** A phone in E.164 (+18045550134) as people write it: (804) 555-0134. */
export const formatPhone = (e164: string) => {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
};
