// POST /v1/booking-previews (ours): the times a booking would get, before booking — what the
// portal's review step shows beside the quote's price. The preview says exactly what booking the
// same body then answers (ready-by, earliest available and why), writes nothing, and refuses a bad
// body exactly as the booking endpoint does, every problem at its field.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Value } from 'typebox/value';
import { BookingPreviewSchema } from '../../src/modules/booking-preview/booking-preview-document.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { assertError } from '../support/lifecycle.ts';
import { conciergeLoanerRequest, oneWayRequestReadyBy, roundTripRequest } from '../support/requests.ts';

type Doc = Record<string, any>;

for (const engine of engines()) {
  describe(`booking previews on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    const written = async () => [await t.count('scenarios'), await t.count('moves'), await t.count('locations'), await t.count('lanes'), await t.count('events')];

    const preview = async (body: Doc): Promise<Doc> => {
      const res = await t.request('POST', '/v1/booking-previews', { body });
      assert.equal(res.statusCode, 200, res.body);
      const doc = res.json();
      assert.ok(Value.Check(BookingPreviewSchema, doc), JSON.stringify([...Value.Errors(BookingPreviewSchema, doc)].slice(0, 3)));
      return doc;
    };

    test('a Concierge + Loaner preview gives the times its booking then gets, and writes nothing', async () => {
      const before = await written();
      const doc = await preview(conciergeLoanerRequest());
      assert.deepEqual(await written(), before, 'a preview books nothing and stores no place or lane');
      assert.equal(doc.move_type, 'concierge-loaner');
      assert.equal(doc.appointment_time_utc, '2026-03-25T14:00:00Z');
      // The reference example: a 23-minute drive, so the loaner is ready by 13:37 (spec §5.1).
      assert.equal(doc.ready_by_time_utc, '2026-03-25T13:37:00Z');
      assert.equal(doc.earliest_available_time, '2026-03-25T13:37:00Z');
      assert.equal(doc.message, null);
      assert.equal(doc.timezone, 'America/New_York');
      assert.deepEqual(doc.moves.map((m: Doc) => m.move), ['loaner_move', 'customer_move']);
      assert.equal(doc.moves[0].pickup_location.full_address, '11161 Research Plaza Way, Richmond, VA 23236, USA');
      assert.equal(doc.moves[0].delivery_location.full_address, doc.moves[1].pickup_location.full_address);

      const booked = await t.request('POST', '/v1/concierge-loaner-moves', { body: conciergeLoanerRequest() });
      assert.equal(booked.statusCode, 200, booked.body);
      assert.equal(booked.json().ready_by_time_utc, doc.ready_by_time_utc);
      assert.equal(booked.json().earliest_available_time, doc.earliest_available_time);
    });

    test('a ready-by before the service lot opens: the earliest available time and why', async () => {
      // 10:00 UTC is 6:00 AM in Richmond (EDT); the lot opens at 7:00.
      const doc = await preview(oneWayRequestReadyBy('2026-03-25T10:00:00Z'));
      assert.equal(doc.move_type, 'one-way');
      assert.equal(doc.appointment_time_utc, null);
      assert.equal(doc.ready_by_time_utc, '2026-03-25T10:00:00Z');
      assert.equal(doc.earliest_available_time, '2026-03-25T11:00:00Z');
      assert.match(doc.message, /opens at 7:00 AM/);
      const round = await preview({ ...roundTripRequest(), move_type: 'round-trip' });
      assert.deepEqual(round.moves.map((m: Doc) => m.move), ['move_one', 'move_two']);
    });

    test('a bad body is refused as booking refuses it, every problem at its field, nothing written', async () => {
      const body = conciergeLoanerRequest();
      body.customer_move.vehicle.vin = 'NOT-A-VIN';
      body.loaner_move.pickup_location.zip = '2323';
      const before = await written();
      const res = await t.request('POST', '/v1/booking-previews', { body });
      assertError(res, 400, 'field_invalid', [
        ['field_invalid', 'customer_move.vehicle.vin'],
        ['field_invalid', 'loaner_move.pickup_location.zip'],
      ]);
      const booking = await t.request('POST', '/v1/concierge-loaner-moves', { body });
      assert.deepEqual(booking.json().errors, res.json().errors, 'the same problems as the booking endpoint');
      assert.deepEqual(await written(), before);
    });

    test('only a dealer of the rooftop may preview', async () => {
      const res = await t.request('POST', '/v1/booking-previews', { body: conciergeLoanerRequest(), token: null });
      assertError(res, 401, 'access_denied');
      const ops = (await t.addClient('ops', 'all')).token;
      assertError(await t.request('POST', '/v1/booking-previews', { body: conciergeLoanerRequest(), token: ops }), 403, 'missing_scope');
    });
  });
}
