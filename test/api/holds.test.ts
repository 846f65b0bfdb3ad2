// POST /v1/appointments/holds and hold_id on bookings (spec §11.3): of 20 callers racing for the
// last capacity exactly one holds it; a held slot is `held` to availability; an expired hold frees
// it; a booking naming the hold uses it (once); a booking no shift can fit is booked with a warning.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { conciergeLoanerRequest } from '../support/requests.ts';

const HOLDS = '/v1/appointments/holds';
const MULBERRY = '210 S Mulberry St, Richmond, VA 23220';
/** Thursday 2026-03-26 10:00 EDT: the one slot the driver's shift (09:30–11:00 EDT) can take. */
const SLOT = '2026-03-26T14:00:00Z';
const DAY = '2026-03-26';

type Problem = [code: string, field: string | null];
const problems = (res: LightMyRequestResponse): Problem[] => res.json().errors.map((e: { code: string; field: string | null }) => [e.code, e.field]);

for (const engine of engines()) {
  describe(`holds on ${engine}`, () => {
    let t: TestApp;

    before(async () => {
      t = await startTestApp(engine);
      const ops = (await t.addClient('ops', 'all')).token;
      const driver = await t.request('POST', '/v1/ops/drivers', { token: ops, body: { name: 'Casey Holt', phone: '804-555-0134' } });
      assert.equal(driver.statusCode, 200, driver.body);
      const shift = await t.request('POST', `/v1/ops/drivers/${driver.json().driver_id}/shifts`, {
        token: ops,
        body: { starts_at: '2026-03-26T13:30:00Z', ends_at: '2026-03-26T15:00:00Z' },
      });
      assert.ok(shift.statusCode === 200 || shift.statusCode === 201, shift.body);
    });
    after(() => t.close());

    const holdBody = (o: Record<string, unknown> = {}) => ({ customer_id: t.rooftopId, start: SLOT, consumer_action: 'concierge-loaner-pu', pickup_address: MULBERRY, ...o });
    const hold = (o: Record<string, unknown> = {}, token?: string) => t.request('POST', HOLDS, { body: holdBody(o), token });
    const reasonOf = async (start: string) => {
      const q = new URLSearchParams({ customer_id: String(t.rooftopId), date: DAY, consumer_action: 'concierge-loaner-pu', pickup_address: MULBERRY });
      const body = (await t.request('GET', `/v1/appointments/availability?${q}`)).json();
      if (body.slots.some((s: { start: string }) => s.start === start)) return 'available';
      return body.unavailable.find((s: { start: string }) => s.start === start)?.reason;
    };
    const book = (o: Record<string, unknown> = {}) => {
      const body = { ...conciergeLoanerRequest(), appointment_time_utc: SLOT, ...o };
      return t.request('POST', '/v1/concierge-loaner-moves', { body });
    };
    const holdRow = (id: string) => t.deps.database.db.selectFrom('availability_holds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    test('20 callers race for the last slot: exactly one 201, nineteen 409 slot_unavailable; the slot is then held', async () => {
      assert.equal(await reasonOf(SLOT), 'available');
      const answers = await Promise.all(Array.from({ length: 20 }, () => hold()));
      const won = answers.filter((r) => r.statusCode === 201);
      assert.equal(won.length, 1, answers.map((r) => r.statusCode).join(','));
      assert.deepEqual(Object.keys(won[0]!.json()), ['hold_id', 'expires_at']);
      assert.equal(won[0]!.json().expires_at, '2026-03-18T12:05:00Z', 'five minutes from now');
      for (const lost of answers.filter((r) => r.statusCode !== 201)) {
        assert.equal(lost.statusCode, 409, lost.body);
        assert.deepEqual(problems(lost), [['slot_unavailable', 'start']]);
        assert.match(lost.json().message, /\(held\): another caller holds it/);
      }
      assert.equal(await reasonOf(SLOT), 'held');
      const row = await holdRow(won[0]!.json().hold_id);
      assert.equal(row.rooftop_id, t.rooftopId);
      assert.equal(Number(row.slot_start), Date.parse(SLOT));
      assert.equal(row.consumed_by, null);
    });

    test('an expired hold frees the slot; a booking naming it is refused; a new hold is used by its booking, once', async () => {
      const [stale] = await t.deps.database.db.selectFrom('availability_holds').select('id').execute();
      t.clock.advance(t.deps.config.scheduling.holdSeconds * 1000);
      try {
        assert.equal(await reasonOf(SLOT), 'available');
        const before = await t.count('scenarios');
        const expired = await book({ hold_id: stale!.id });
        assert.equal(expired.statusCode, 409, expired.body);
        assert.deepEqual(problems(expired), [['slot_unavailable', 'hold_id']]);
        assert.match(expired.json().message, /expired/);
        assert.equal(await t.count('scenarios'), before, 'nothing booked');

        const fresh = await hold();
        assert.equal(fresh.statusCode, 201, fresh.body);
        const holdId = fresh.json().hold_id;
        const booked = await book({ hold_id: holdId });
        assert.equal(booked.statusCode, 200, booked.body);
        assert.deepEqual(booked.json().warnings, [], 'its own hold is not another caller’s');
        const scenario = await t.deps.database.db.selectFrom('moves').select('scenario_id').where('id', '=', booked.json().loaner_move.move_id).executeTakeFirstOrThrow();
        assert.equal((await holdRow(holdId)).consumed_by, `scenario:${scenario.scenario_id}`);
        assert.equal(await reasonOf(SLOT), 'no_driver_capacity', 'booked, no longer held');

        const again = await book({ hold_id: holdId });
        assert.equal(again.statusCode, 409, again.body);
        assert.deepEqual(problems(again), [['slot_unavailable', 'hold_id']]);
        assert.match(again.json().message, /already used/);
        assert.equal(await t.count('scenarios'), before + 1);
      } finally {
        t.clock.set(t.clock.now() - t.deps.config.scheduling.holdSeconds * 1000);
      }
    });

    test('a booking no shift can fit is booked, with a warning on its time field for the dispatch desk', async () => {
      const res = await book();
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().warnings.map((w: { field: string }) => w.field), ['appointment_time_utc']);
      assert.match(res.json().warnings[0].message, /^no driver's shift can fit the whole trip: it is booked all the same, and the dispatch desk must add a driver$/);
      const moved = (await t.request('GET', `/v1/moves/${res.json().customer_move.move_id}`)).json();
      assert.deepEqual(moved.warnings, res.json().warnings, 'kept with the moves');
    });

    test('holds of slots that cannot be had: 409 slot_unavailable with the reason', async () => {
      const cases: [Record<string, unknown>, RegExp][] = [
        [{}, /\(no_driver_capacity\)/],
        [{ start: '2026-03-26T09:00:00Z' }, /\(closed\)/], // 05:00 EDT
        [{ start: '2026-03-22T15:00:00Z' }, /\(closed\)/], // a Sunday
        [{ start: '2026-03-18T13:00:00Z' }, /\(lead_time\)/], // 09:00 EDT today, within 2 hours
      ];
      for (const [o, why] of cases) {
        const res = await hold(o);
        assert.equal(res.statusCode, 409, res.body);
        assert.deepEqual(problems(res), [['slot_unavailable', 'start']]);
        assert.match(res.json().message, why);
      }
    });

    test('bad input: every problem listed, nothing written', async () => {
      const other = await t.addRooftop({ name: 'Elsewhere Motors' });
      const before = await t.count('locations');
      const holds = async () => (await t.deps.database.db.selectFrom('availability_holds').select('id').execute()).length;
      const heldBefore = await holds();
      const cases: [Record<string, unknown>, Problem[]][] = [
        [{ start: '2026-03-26T14:15:00Z' }, [['field_invalid', 'start']]],
        [{ start: '2026-03-26T14:00:00' }, [['field_invalid', 'start']]],
        [{ start: '2026-03-17T14:00:00Z' }, [['field_invalid', 'start']]],
        [{ start: '2027-03-26T14:00:00Z' }, [['field_invalid', 'start']]],
        [{ start: undefined, consumer_action: undefined }, [['field_missing', 'start'], ['field_missing', 'consumer_action']]],
        [{ consumer_action: 'valet' }, [['field_invalid', 'consumer_action']]],
        [{ customer_id: other }, [['field_invalid', 'customer_id']]],
        [{ customer_id: String(t.rooftopId) }, [['field_invalid', 'customer_id']]],
        [{ pickup_address: '1 Nowhere Rd, Springfield, VA 00000' }, [['address_invalid', 'pickup_address']]],
        [{ pickup_address: 42 }, [['field_invalid', 'pickup_address']]],
        [{ pickup_location_id: 999_999 }, [['field_invalid', 'pickup_location_id']]],
        [{ pickup_address: undefined, start: '2026-03-26T14:15:00Z' }, [['field_missing', 'pickup_address'], ['field_invalid', 'start']]],
      ];
      for (const [o, expected] of cases) {
        const res = await hold(o);
        assert.equal(res.statusCode, 400, `${JSON.stringify(o)}: ${res.body}`);
        assert.deepEqual(problems(res).sort(), [...expected].sort(), JSON.stringify(o));
      }
      assert.equal(await holds(), heldBefore);
      assert.equal(await t.count('locations'), before);
    });

    test('hold_id on a booking: unknown, or another rooftop’s, is field_invalid and books nothing', async () => {
      const other = await t.addRooftop({ name: 'Hold Elsewhere' });
      await t.deps.database.db
        .insertInto('availability_holds')
        .values({ id: 'theirs', rooftop_id: other, client_id: 'x', consumer_action: 'one-way', slot_start: 0, busy_from: 0, busy_until: 1, expires_at: Date.parse('2030-01-01T00:00:00Z'), created_at: 0 })
        .execute();
      const before = await t.count('scenarios');
      for (const id of ['no-such-hold', 'theirs']) {
        const res = await book({ hold_id: id });
        assert.equal(res.statusCode, 400, res.body);
        assert.deepEqual(problems(res), [['field_invalid', 'hold_id']]);
      }
      const typed = await book({ hold_id: 7 });
      assert.deepEqual(problems(typed), [['field_invalid', 'hold_id']]);
      assert.equal(await t.count('scenarios'), before);
    });
  });
}
