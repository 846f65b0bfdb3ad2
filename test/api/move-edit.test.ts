// PATCH /v1/moves/:id (spec §6): the editable fields, the state rule, scheduling re-checks and the
// move.updated event.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { conciergeLoanerRequest } from '../support/requests.ts';

const problems = (body: any) => body.errors.map((e: any) => [e.code, e.field]);

for (const engine of engines()) {
  describe(`PATCH /v1/moves/:id on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    const book = async () => {
      const res = await t.request('POST', '/v1/concierge-loaner-moves', { body: conciergeLoanerRequest() });
      assert.equal(res.statusCode, 200);
      return res.json();
    };
    const patch = (id: number, body: unknown, token?: string) => t.request('PATCH', `/v1/moves/${id}`, { body, token });
    const eventsOf = (moveId: number) =>
      t.deps.database.db.selectFrom('events').selectAll().where('move_id', '=', moveId).orderBy('sequence').execute();
    const setMove = (id: number, values: Record<string, unknown>) =>
      t.deps.database.db.updateTable('moves').set(values).where('id', '=', id).execute();

    test('vehicle fields and the reference change, the document and a move.updated event follow', async () => {
      const doc = await book();
      const id = doc.customer_move.move_id;
      const res = await patch(id, {
        vehicle_make: ' Chevrolet ',
        vehicle_model: 'Traverse',
        vehicle_color: null,
        vehicle_stock: 4411,
        vehicle_year: 2012,
        reference_num: 'RO# 999',
      });
      assert.equal(res.statusCode, 200, res.body);
      const updated = res.json();
      assert.deepEqual(updated.customer_move.vehicle, {
        stock: '4411',
        vin: '5GAKRBED5BJ262438',
        year: '2012',
        make: 'Chevrolet',
        model: 'Traverse',
        color: null,
        manual: false,
      });
      assert.equal(updated.customer_move.reference_id, 'RO# 999');
      assert.equal(updated.customer_move.reference_num, 'RO# 999');
      assert.deepEqual(updated.loaner_move, doc.loaner_move, 'the other leg is untouched');
      assert.equal(updated.ready_by_time_utc, doc.ready_by_time_utc);
      // The VIN's model year (2011) now disagrees with the year: a warning, not an error.
      assert.deepEqual(problems({ errors: updated.warnings.map((w: any) => ({ code: 'warning', field: w.field })) }), [
        ['warning', 'customer_move.vehicle.vin'],
      ]);
      assert.equal((await t.request('GET', `/v1/moves/${id}`)).body, res.body);

      const events = await eventsOf(id);
      assert.deepEqual(events.map((e) => [e.type, e.sequence]), [['move.created', 1], ['move.updated', 2]]);
      assert.equal(events[1]!.data, res.body);
      assert.deepEqual((await eventsOf(doc.loaner_move.move_id)).map((e) => e.type), ['move.created']);
    });

    test('a new ready_by re-runs the scheduling rules and updates both legs of the pair', async () => {
      const doc = await book();
      // Sunday 2026-03-22 15:00 UTC: the service lot is closed on Sundays.
      const res = await patch(doc.loaner_move.move_id, { ready_by: '2026-03-22T15:00:00Z' });
      assert.equal(res.statusCode, 200, res.body);
      const updated = res.json();
      assert.equal(updated.ready_by_time_utc, '2026-03-22T15:00:00Z');
      assert.equal(updated.earliest_available_time, '2026-03-23T11:00:00Z');
      assert.match(updated.message, /opens Mon, Mar 23 at 7:00 AM EDT/);
      for (const role of ['loaner_move', 'customer_move']) {
        const types = (await eventsOf(updated[role].move_id)).map((e) => e.type);
        assert.deepEqual(types, ['move.created', 'move.updated'], role);
      }
    });

    test('bad values are listed together and change nothing', async () => {
      const doc = await book();
      const id = doc.customer_move.move_id;
      const res = await patch(id, {
        vehicle_year: '20',
        vehicle_vin: 'IOQ',
        vehicle_make: '',
        vehicle_model: null,
        ready_by: '2026-03-01T10:00:00Z',
        reference_num: { x: 1 },
      });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(problems(res.json()).sort(), [
        ['field_invalid', 'ready_by'],
        ['field_invalid', 'reference_num'],
        ['field_invalid', 'vehicle_vin'],
        ['field_invalid', 'vehicle_year'],
        ['field_missing', 'vehicle_make'],
        ['field_missing', 'vehicle_model'],
      ]);
      assert.deepEqual((await eventsOf(id)).map((e) => e.type), ['move.created']);
      assert.equal((await t.request('GET', `/v1/moves/${id}`)).json().customer_move.vehicle.make, 'Buick');

      const far = await patch(id, { ready_by: '2027-06-01T10:00:00Z' });
      assert.deepEqual(problems(far.json()), [['field_invalid', 'ready_by']]);
    });

    test('an empty body, or one with no editable field, is field_missing', async () => {
      const doc = await book();
      for (const body of [{}, { vehicle: { make: 'x' }, status: 'dispatched' }]) {
        const res = await patch(doc.customer_move.move_id, body);
        assert.equal(res.statusCode, 400);
        assert.equal(res.json().code, 'field_missing');
      }
      const notObject = await t.request('PATCH', `/v1/moves/${doc.customer_move.move_id}`, {
        body: '[1]',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(notObject.statusCode, 400);
      assert.equal(notObject.json().code, 'invalid_json');
    });

    test('a loaner may lose its make; a customer vehicle may not', async () => {
      const doc = await book();
      const ok = await patch(doc.loaner_move.move_id, { vehicle_make: null });
      assert.equal(ok.statusCode, 200);
      const refused = await patch(doc.customer_move.move_id, { vehicle_make: null });
      assert.deepEqual(problems(refused.json()), [['field_missing', 'vehicle_make']]);
    });

    test('after pickup successful, or once canceled or pending cancelation: move_not_modifiable', async () => {
      for (const state of [
        { status: 'pickup successful', pickup_successful: Date.now() },
        { cancel_status: 'canceled' },
        { cancel_status: 'partial' },
        { cancel_status: 'pending' },
      ]) {
        const doc = await book();
        const id = doc.customer_move.move_id;
        await setMove(id, state);
        const res = await patch(id, { vehicle_color: 'red' });
        assert.equal(res.statusCode, 409, JSON.stringify(state));
        assert.equal(res.json().code, 'move_not_modifiable');
        assert.deepEqual((await eventsOf(id)).map((e) => e.type), ['move.created']);
      }
    });

    test('before pickup successful edits still work; ready_by needs every leg editable', async () => {
      const doc = await book();
      await setMove(doc.loaner_move.move_id, { status: 'pickup arrived', pickup_started: 1, pickup_arrived: 2 });
      assert.equal((await patch(doc.loaner_move.move_id, { vehicle_color: 'red' })).statusCode, 200);
      await setMove(doc.loaner_move.move_id, { status: 'delivery started', pickup_successful: 3, delivery_started: 4 });
      assert.equal((await patch(doc.customer_move.move_id, { vehicle_color: 'blue' })).statusCode, 200);
      const res = await patch(doc.customer_move.move_id, { ready_by: '2026-03-26T14:00:00Z' });
      assert.equal(res.statusCode, 409);
      assert.match(res.json().message, new RegExp(`move ${doc.loaner_move.move_id} has already been picked up`));
    });

    test("another rooftop's move and non-numeric ids are move_invalid", async () => {
      const doc = await book();
      const otherRooftop = await t.addRooftop({ name: 'Other' });
      const other = await t.addClient('dealer', [otherRooftop]);
      for (const [url, token] of [
        [`/v1/moves/${doc.customer_move.move_id}`, other.token],
        ['/v1/moves/abc', undefined],
        ['/v1/moves/999999', undefined],
      ] as const) {
        const res = await t.request('PATCH', url, { body: { vehicle_color: 'red' }, token });
        assert.equal(res.statusCode, 404, url);
        assert.equal(res.json().code, 'move_invalid');
      }
    });
  });
}
