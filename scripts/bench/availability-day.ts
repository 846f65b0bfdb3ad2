// The availability scenario (issue 14: "a day with 50 drivers and 500 booked scenarios answers in
// under 50 ms"): a day far beyond the booking scenario's appointments gets 50 drivers' shifts and
// 500 Concierge + Loaner pickups near the lot, half of them dispatched (each to a driver free for
// its whole trip, as a desk would), then GET /v1/appointments/availability for that day is measured
// from one connection: each answer tests every slot of the day against all of it.
import type { Request } from 'autocannon';
import { DateTime } from 'luxon';
import { mulberry32 } from '../../test/support/corruption.ts';
import { customerZips, SERVICE_LOT } from './data.ts';
import { jsonRequest } from './load.ts';
import { log } from './log.ts';
import { dispatch } from './scenarios.ts';
import { cli, query } from './setup.ts';

export const DAY_DRIVERS = 50;
export const DAY_SCENARIOS = 500;
const ZONE = 'America/New_York';
const STREETS = ['Main St', 'Broad St', 'Cary St', 'Grove Ave', 'Park Ave', 'Oak Ave', 'Elm St', 'River Rd'];

export interface BusyDay {
  date: string;
  /** The local day, epoch ms. */
  from: number;
  until: number;
  rooftopId: number;
  /** Customers' addresses on that day, as one-line query strings. */
  addresses: string[];
}

/** The busy day, booked through the API; `dealer` books, `ops` dispatches. */
export async function bookBusyDay(url: string, baseUrl: string, tokens: { dealer: string; ops: string }, rooftopId: number): Promise<BusyDay> {
  const day = DateTime.now().setZone(ZONE).plus({ days: 90 }).startOf('day');
  const drivers: number[] = [];
  for (let i = 1; i <= DAY_DRIVERS; i++) {
    const d = await cli(url, ['driver', 'add', '--name', `Day Driver ${i}`, '--phone', `804-555-${String(2000 + i)}`, '--manual']);
    drivers.push(Number(d.driver_id));
  }
  const shiftStart = day.set({ hour: 7 }).toMillis();
  const shiftEnd = day.set({ hour: 21 }).toMillis();
  await query(url, (db) =>
    db.insertInto('driver_shifts')
      .values(drivers.map((driver_id) => ({ driver_id, region_id: null, starts_at: shiftStart, ends_at: shiftEnd, created_at: Date.now() })))
      .execute(),
  );

  const random = mulberry32(14);
  const zips = customerZips(8);
  const addresses = Array.from({ length: 40 }, (_, i) => {
    const z = zips[Math.floor(random() * zips.length)]!;
    return { name: `Customer ${i}`, address_one: `${100 + i} ${STREETS[i % STREETS.length]}`, city: z.city, state: z.state, zip: z.zip };
  });
  for (let n = 0; n < DAY_SCENARIOS; n++) {
    const home = addresses[n % addresses.length]!;
    // Appointments over the lot's open hours: about two thirds of the drivers' time is then booked.
    const at = day.set({ hour: 7, minute: 30 }).plus({ minutes: Math.floor(random() * 11.5 * 60) });
    await book(baseUrl, tokens.dealer, {
      appointment_time_utc: at.toUTC().toISO({ suppressMilliseconds: true }),
      customer_name: home.name,
      customer_phone: '804-555-0134',
      customer_action: 'pickup',
      loaner_move: { vehicle: { stock: `L${n}` }, pickup_location: SERVICE_LOT },
      customer_move: { vehicle: { make: 'Honda', model: 'Accord', manual: false }, pickup_location: home },
    });
  }
  await dispatchHalf(url, baseUrl, tokens.ops, drivers, { from: day.toMillis(), until: day.plus({ days: 1 }).toMillis() });
  log(`availability: ${DAY_SCENARIOS} scenarios booked on ${day.toISODate()} for ${DAY_DRIVERS} drivers' shifts`);
  const oneLine = (a: (typeof addresses)[number]) => `${a.address_one}, ${a.city}, ${a.state} ${a.zip}`;
  return { date: day.toISODate()!, from: day.toMillis(), until: day.plus({ days: 1 }).toMillis(), rooftopId, addresses: addresses.map(oneLine) };
}

async function book(baseUrl: string, token: string, body: object): Promise<void> {
  const res = await fetch(`${baseUrl}/v1/concierge-loaner-moves`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`busy-day booking: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

/** Every other scenario of the day, by start, to the first driver free for its whole trip (the rest stay unassigned). */
async function dispatchHalf(url: string, baseUrl: string, opsToken: string, drivers: number[], day: { from: number; until: number }): Promise<void> {
  const scenarios = await query(url, (db) =>
    db.selectFrom('scenarios').innerJoin('moves', 'moves.scenario_id', 'scenarios.id')
      .where('moves.cardinality', '=', 0).where('scenarios.busy_from', '>=', day.from).where('scenarios.busy_from', '<', day.until)
      .select(['moves.id as move_id', 'scenarios.busy_from', 'scenarios.busy_until'])
      .orderBy('scenarios.busy_from').execute(),
  );
  const freeAt = new Map(drivers.map((d) => [d, 0]));
  const chosen: [number, number][] = [];
  const to: number[] = [];
  scenarios.forEach((s, i) => {
    if (i % 2 === 1) return;
    const driver = drivers.find((d) => freeAt.get(d)! <= Number(s.busy_from));
    if (driver === undefined) return;
    freeAt.set(driver, Number(s.busy_until));
    chosen.push([Number(s.move_id), 0]);
    to.push(driver);
  });
  await dispatch(baseUrl, opsToken, chosen, to, (i) => to[i]!);
}

/** The measured requests: the day's availability for one of its customers' addresses, in turn. */
export function availabilityRequests(token: string, day: BusyDay): Request[] {
  let i = 0;
  const path = (address: string) =>
    `/v1/appointments/availability?customer_id=${day.rooftopId}&date=${day.date}&consumer_action=concierge-loaner-pu&pickup_address=${encodeURIComponent(address)}`;
  return [{ ...jsonRequest('GET', path(day.addresses[0]!), token), setupRequest: (req) => ({ ...req, path: path(day.addresses[i++ % day.addresses.length]!) }) }];
}

/**
 * Answers that cannot reuse a built capacity model: before each, an unassigned scenario's ready-by
 * moves by a minute (PATCH /v1/moves/:id), which changes the day, so the model is built afresh.
 * Returns each answer's time in ms, measured here (one request at a time, nothing else running).
 */
export async function coldAnswers(baseUrl: string, dealer: string, day: BusyDay, url: string, n = 20): Promise<number[]> {
  const unassigned = await query(url, (db) =>
    db.selectFrom('moves').innerJoin('scenarios', 'scenarios.id', 'moves.scenario_id')
      .where('moves.cardinality', '=', 0).where('moves.driver_id', 'is', null)
      .where('scenarios.busy_from', '>=', day.from).where('scenarios.busy_from', '<', day.until)
      .select(['moves.id', 'scenarios.ready_by_time']).orderBy('moves.id').limit(n).execute(),
  );
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${dealer}` };
  const [request] = availabilityRequests(dealer, day);
  const times: number[] = [];
  for (const move of unassigned) {
    const readyBy = new Date(Number(move.ready_by_time) + 60_000).toISOString();
    const edit = await fetch(`${baseUrl}/v1/moves/${move.id}`, { method: 'PATCH', headers, body: JSON.stringify({ ready_by: readyBy }) });
    if (!edit.ok) throw new Error(`cold answers: PATCH ${move.id}: ${edit.status} ${await edit.text()}`);
    await edit.arrayBuffer();
    const t = performance.now();
    const res = await fetch(`${baseUrl}${request!.path}`, { headers: { authorization: `Bearer ${dealer}` } });
    if (!res.ok) throw new Error(`cold answers: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    times.push(performance.now() - t);
  }
  return times;
}
