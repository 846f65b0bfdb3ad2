// GET /v1/appointments/availability (spec §11.3). The acceptance test: two drivers' shifts on a
// day, Concierge + Loaner pickups booked one by one at the first available slot, and after each
// booking the available slots are exactly those a brute-force reference finds (every assignment of
// the booked trips and the candidate to the two drivers, test/support/availability-reference.ts);
// then a new shift brings slots back. Then the lead time, business hours, and bad input.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { allPlaceable, occupied, readyByFor, type ShiftSpan, type Span } from '../support/availability-reference.ts';
import { engines } from '../support/databases.ts';
import { conciergeLoanerRequest } from '../support/requests.ts';

const AVAILABILITY = '/v1/appointments/availability';
const MULBERRY = '210 S Mulberry St, Richmond, VA 23220';
const MINUTE = 60_000;
const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Tuesday 2026-03-24, in EDT (UTC−4) all day: 48 slots from 04:00Z. */
const DAY = '2026-03-24';
const DAY_SLOTS = Array.from({ length: 48 }, (_, k) => ms('2026-03-24T04:00:00Z') + k * 30 * MINUTE);
/** The lot's default hours, Mon–Sat 07:00–19:00 EDT, on that Tuesday. */
const OPEN = { from: ms('2026-03-24T11:00:00Z'), until: ms('2026-03-24T23:00:00Z') };

type Problem = [code: string, field: string | null];
const problems = (res: LightMyRequestResponse): Problem[] => res.json().errors.map((e: { code: string; field: string | null }) => [e.code, e.field]);

for (const engine of engines()) {
  describe(`availability on ${engine}`, () => {
    let t: TestApp;
    let ops: string;
    const drivers: number[] = [];
    const shifts: ShiftSpan[] = [];
    /** The spans of the trips booked so far, read back from the moves. */
    const booked: Span[] = [];
    let drive: number | undefined;

    before(async () => {
      t = await startTestApp(engine);
      ops = (await t.addClient('ops', 'all')).token;
      for (const name of ['Avery Lane', 'Blake Road']) {
        const res = await t.request('POST', '/v1/ops/drivers', { token: ops, body: { name, phone: '804-555-0134' } });
        assert.equal(res.statusCode, 200, res.body);
        drivers.push(res.json().driver_id);
      }
    });
    after(() => t.close());

    const query = (q: Record<string, string | number>) => t.request('GET', `${AVAILABILITY}?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`);
    const day = (date = DAY) => query({ customer_id: t.rooftopId, date, consumer_action: 'concierge-loaner-pu', pickup_address: MULBERRY });

    async function addShift(driver: number, from: string, until: string): Promise<void> {
      const res = await t.request('POST', `/v1/ops/drivers/${driver}/shifts`, { token: ops, body: { starts_at: from, ends_at: until } });
      assert.ok(res.statusCode === 200 || res.statusCode === 201, res.body);
      shifts.push({ driver, from: ms(from), until: ms(until) });
    }

    async function book(start: string): Promise<Record<string, any>> {
      const body = conciergeLoanerRequest();
      body.appointment_time_utc = start;
      const res = await t.request('POST', '/v1/concierge-loaner-moves', { body });
      assert.equal(res.statusCode, 200, res.body);
      // Read back as any reader would: the ready-by and each leg's drive.
      const doc = (await t.request('GET', `/v1/moves/${res.json().loaner_move.move_id}`)).json();
      const legs = [doc.loaner_move.duration_minutes, doc.customer_move.duration_minutes];
      drive ??= legs[0];
      booked.push(occupied(ms(doc.ready_by_time_utc), legs, t.deps.config.scheduling));
      return res.json();
    }

    /** The reference's available slots of DAY: the ready-by open, past the notice, and every trip still placeable. */
    function expectedSlots(): string[] {
      const d = drive!;
      const notice = TEST_NOW + t.deps.config.scheduling.minNoticeMinutes * MINUTE;
      return DAY_SLOTS.filter((start) => {
        const readyBy = readyByFor(start, d);
        if (readyBy < OPEN.from || readyBy >= OPEN.until || start < notice) return false;
        return allPlaceable([...booked, occupied(readyBy, [d, d], t.deps.config.scheduling)], shifts);
      }).map(iso);
    }

    async function assertMatchesReference(): Promise<Record<string, any>> {
      const res = await day();
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual(body.slots.map((s: { start: string }) => s.start), expectedSlots(), `after ${booked.length} bookings`);
      for (const s of body.unavailable) {
        const readyBy = readyByFor(ms(s.start), drive!);
        const closed = readyBy < OPEN.from || readyBy >= OPEN.until;
        assert.equal(s.reason, closed ? 'closed' : 'no_driver_capacity', `${s.start} after ${booked.length} bookings`);
      }
      assert.equal(body.first_available, body.slots[0]?.start ?? null);
      return body;
    }

    test('the answer: every slot of the day, each available or with its reason; none without shifts', async () => {
      const res = await day();
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual(Object.keys(body), ['customer_id', 'date', 'timezone', 'slot_minutes', 'slots', 'unavailable', 'first_available']);
      assert.deepEqual({ ...body, slots: [], unavailable: [] }, {
        customer_id: t.rooftopId,
        date: DAY,
        timezone: 'America/New_York',
        slot_minutes: 30,
        slots: [],
        unavailable: [],
        first_available: null,
      });
      assert.deepEqual(body.unavailable.map((s: { start: string }) => s.start), DAY_SLOTS.map(iso));
      assert.deepEqual(body.unavailable[0], { start: '2026-03-24T04:00:00Z', end: '2026-03-24T04:30:00Z', reason: 'closed' });
      assert.deepEqual(body.unavailable[28], { start: '2026-03-24T18:00:00Z', end: '2026-03-24T18:30:00Z', reason: 'no_driver_capacity' });
    });

    test('booking the first available slot, one by one: always exactly the reference; a new shift brings slots back', async () => {
      await addShift(drivers[0]!, '2026-03-24T13:00:00Z', '2026-03-24T16:00:00Z'); // 09:00–12:00 EDT
      await addShift(drivers[1]!, '2026-03-24T14:00:00Z', '2026-03-24T17:30:00Z'); // 10:00–13:30 EDT
      const first = (await day()).json();
      assert.ok(first.first_available, 'the shifts open slots');
      let next: string | null = first.first_available;
      let bookings = 0;
      while (next) {
        const doc = await book(next);
        assert.deepEqual(doc.warnings, [], 'a trip booked where it fits is not warned about');
        bookings++;
        assert.ok(bookings <= 8, 'the shifts fill up');
        next = (await assertMatchesReference()).first_available;
      }
      assert.ok(bookings >= 3, `${bookings} bookings filled two shifts`);

      await addShift(drivers[0]!, '2026-03-24T17:00:00Z', '2026-03-24T20:00:00Z'); // 13:00–16:00 EDT
      const again = await assertMatchesReference();
      assert.ok(again.slots.length > 0, 'the new shift opens slots');

      const over = await book(iso(DAY_SLOTS[20]!)); // 10:00 EDT: taken every way
      assert.deepEqual(over.warnings.map((w: { field: string }) => w.field), ['appointment_time_utc']);
      assert.match(over.warnings[0].message, /no driver's shift can fit the whole trip.*dispatch desk must add a driver/);
    });

    test('a slot inside the lead time is lead_time; outside business hours closed', async () => {
      // Now is Wed 2026-03-18 08:00 EDT; the notice is 2 hours.
      const res = await day('2026-03-18');
      assert.equal(res.statusCode, 200, res.body);
      const reasons = new Map(res.json().unavailable.map((s: { start: string; reason: string }) => [s.start, s.reason]));
      assert.equal(reasons.get('2026-03-18T13:00:00Z'), 'lead_time', '09:00 EDT: the ready-by is open, but it is within 2 hours');
      assert.equal(reasons.get('2026-03-18T10:00:00Z'), 'closed', '06:00 EDT: the ready-by is before opening (and past)');
      assert.equal(reasons.get('2026-03-19T00:00:00Z'), 'closed', '20:00 EDT: after closing');
      assert.equal(reasons.get('2026-03-18T15:00:00Z'), 'no_driver_capacity', '11:00 EDT: open, no shift');
      const sunday = (await day('2026-03-22')).json();
      assert.ok(sunday.unavailable.every((s: { reason: string }) => s.reason === 'closed'));
    });

    test('both ends outside the service area, or a drive too long: every slot outside_region', async () => {
      const far = { customer_id: t.rooftopId, date: DAY, consumer_action: 'one-way', pickup_address: '1 Market St, Philadelphia, PA 19106', delivery_address: '350 5th Ave, New York, NY 10118' };
      const body = (await query(far)).json();
      assert.deepEqual(body.slots, []);
      assert.equal(body.unavailable.length, 48);
      assert.ok(body.unavailable.every((s: { reason: string }) => s.reason === 'outside_region'), JSON.stringify(body.unavailable[0]));
      const { pickup_address: _, ...fromTheLot } = far;
      const oneEnd = (await query(fromTheLot)).json();
      // One end inside (the lot), but a drive longer than the longest one taken (MAX_DRIVE_MILES).
      assert.ok(oneEnd.unavailable.every((s: { reason: string }) => s.reason === 'outside_region'), 'Richmond to New York is over 250 miles');
    });

    test('an address and a location id name the same place; the lot is the default other end', async () => {
      const byAddress = (await day()).json();
      const locations = (await t.request('GET', `/v1/locations?search=${encodeURIComponent('Mulberry')}`)).json();
      const mulberry = locations.locations[0];
      assert.ok(mulberry?.location_id, JSON.stringify(locations));
      const byId = (await query({ customer_id: t.rooftopId, date: DAY, consumer_action: 'concierge-loaner-pu', pickup_location_id: mulberry.location_id, pickup_address: 'ignored, the id wins' })).json();
      assert.deepEqual(byId, byAddress);
      const lot = (await t.request('GET', `/v1/locations?search=${encodeURIComponent('Research Plaza')}`)).json();
      const lotId = lot.locations[0].location_id;
      const explicit = (await query({ customer_id: t.rooftopId, date: DAY, consumer_action: 'concierge-loaner-pu', pickup_address: MULBERRY, delivery_location_id: lotId })).json();
      assert.deepEqual(explicit, byAddress);
    });

    test('a new address is created (once), with the way bookings resolve it', async () => {
      const before = await t.count('locations');
      const q = { customer_id: t.rooftopId, date: DAY, consumer_action: 'concierge-ret', delivery_address: '900 East Broad Street, Richmond, Virginia 23219' };
      assert.equal((await query(q)).statusCode, 200);
      assert.equal((await query(q)).statusCode, 200);
      assert.equal(await t.count('locations'), before + 1);
      const row = await t.deps.database.db.selectFrom('locations').selectAll().where('dedupe_key', 'like', '900 E BROAD ST%').executeTakeFirstOrThrow();
      assert.equal(row.full_address, '900 E Broad St, Richmond, VA 23219, USA');
    });

    test('bad input: every problem listed, nothing written', async () => {
      const other = await t.addRooftop({ name: 'Elsewhere Motors' });
      const before = await t.count('locations');
      const base = { customer_id: t.rooftopId, date: DAY, consumer_action: 'concierge-loaner-pu', pickup_address: MULBERRY };
      const cases: [Record<string, string | number>, number, Problem[]][] = [
        [{ ...base, date: 'tomorrow' }, 400, [['field_invalid', 'date']]],
        [{ ...base, date: '2026-02-30' }, 400, [['field_invalid', 'date']]],
        [{ ...base, date: '2026-03-17' }, 400, [['field_invalid', 'date']]],
        [{ ...base, date: '2027-03-19' }, 400, [['field_invalid', 'date']]],
        [{ customer_id: t.rooftopId, consumer_action: 'concierge-loaner-pu', pickup_address: MULBERRY }, 400, [['field_missing', 'date']]],
        [{ ...base, consumer_action: 'valet' }, 400, [['field_invalid', 'consumer_action']]],
        [{ ...base, customer_id: other }, 400, [['field_invalid', 'customer_id']]],
        [{ ...base, customer_id: 999_999 }, 400, [['field_invalid', 'customer_id']]],
        [{ ...base, customer_id: 'abc' }, 400, [['field_invalid', 'customer_id']]],
        [{ date: DAY, consumer_action: 'one-way', pickup_address: MULBERRY }, 400, [['field_missing', 'customer_id'], ['field_missing', 'delivery_address']]],
        [{ ...base, pickup_address: '1 Nowhere Rd, Richmond, VA 00000' }, 400, [['address_invalid', 'pickup_address']]],
        [{ ...base, pickup_address: '210 S Mulberry St, Richmond, MD 23220' }, 400, [['address_invalid', 'pickup_address']]],
        [{ ...base, pickup_address: 'the big house on the hill' }, 400, [['address_invalid', 'pickup_address']]],
        [{ ...base, pickup_address: '1 New Street, Richmond, VA 23220', date: '2026-03-17' }, 400, [['field_invalid', 'date']]],
        [{ ...base, pickup_location_id: 999_999 }, 400, [['field_invalid', 'pickup_location_id']]],
        [{ ...base, pickup_address: '11161 Research Plaza Way, Richmond, VA 23236' }, 400, [['address_invalid', 'pickup_address']]],
      ];
      for (const [q, status, expected] of cases) {
        const res = await query(q);
        assert.equal(res.statusCode, status, `${JSON.stringify(q)}: ${res.body}`);
        assert.deepEqual(problems(res).sort(), [...expected].sort(), JSON.stringify(q));
      }
      assert.equal(await t.count('locations'), before, 'bad input creates no location');
      const driver = await t.addClient('driver', [t.rooftopId]);
      assert.equal((await t.request('GET', `${AVAILABILITY}?${new URLSearchParams({ ...base, customer_id: String(t.rooftopId) })}`, { token: driver.token })).statusCode, 403);
    });
  });
}
