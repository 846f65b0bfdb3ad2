// The board's data, all from the /v1 API through `api`: the day's columns (GET /v1/ops/board), the
// drivers to drop cards on (GET /v1/ops/drivers), suggestions, dispatch and reschedule. Nothing
// here decides a rule (lateness, who fits, what may be dispatched): the API answers, the page shows.
import type { operations } from '@handoff/client';
import { api, apiCall } from '../api.ts';

export type Board = operations['getDispatchBoard']['responses'][200]['content']['application/json'];
export type Card = Board['columns']['unassigned'][number];
export type ColumnName = keyof Board['columns'];
export type Driver = operations['listDrivers']['responses'][200]['content']['application/json']['drivers'][number];
export type Suggestions = operations['suggestDrivers']['responses'][200]['content']['application/json'];
export type RescheduleBody = operations['rescheduleMove']['requestBody']['content']['application/json'];

export const COLUMNS: readonly { name: ColumnName; label: string }[] = [
  { name: 'attention', label: 'Attention' },
  { name: 'unassigned', label: 'Unassigned' },
  { name: 'dispatched', label: 'Dispatched' },
  { name: 'in_progress', label: 'In progress' },
  { name: 'done', label: 'Done' },
];

export const fetchBoard = (date: string) => apiCall(() => api.GET('/v1/ops/board', { params: { query: { date } } }));
export const fetchDrivers = () => apiCall(() => api.GET('/v1/ops/drivers', { params: { query: { active: true, limit: 500 } } }));
export const fetchSuggestions = (moveId: number) => apiCall(() => api.POST('/v1/ops/dispatch/suggest', { body: { move_id: moveId } }));
export const dispatchMove = (moveId: number, driverId: number) =>
  apiCall(() => api.POST('/v1/ops/moves/{id}/dispatch', { params: { path: { id: String(moveId) } }, body: { driver_id: driverId } }));
export const rescheduleMove = (moveId: number, body: RescheduleBody) =>
  apiCall(() => api.POST('/v1/ops/moves/{id}/reschedule', { params: { path: { id: String(moveId) } }, body }));

/** The user's calendar day, YYYY-MM-DD (the board's default: today where the desk is). */
export function localDate(d = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return localDate(new Date(y, m - 1, d + days));
}

export const isDate = (s: string | undefined): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s);

const day = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });
export const formatDay = (date: string) => day.format(new Date(`${date}T12:00:00`));

export const KIND_LABELS: Record<string, string> = {
  'concierge-loaner': 'Concierge + Loaner',
  concierge: 'Concierge',
  'one-way': 'One-way',
  'round-trip': 'Round-trip',
};

/** Which new time a reschedule takes: the booking's own (appointment for the concierge kinds). */
export const rescheduleField = (card: Card): 'appointment_time_utc' | 'ready_by_time_utc' =>
  card.appointment_time_utc !== null ? 'appointment_time_utc' : 'ready_by_time_utc';
