// duplicate_check (spec §5): a move in progress with the same reference / stock / VIN refuses the
// booking with 409 move_duplication naming it; finished or canceled moves do not count.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { conciergeLoanerRequest } from '../support/requests.ts';

const PATH = '/v1/concierge-loaner-moves';
let seq = 0;

/** A booking whose vehicles carry their own reference and stock numbers (the VIN is the reference one). */
function booking(check?: string) {
  const body = conciergeLoanerRequest();
  const n = ++seq;
  body.customer_move.reference_id = `RO-${n}`;
  body.customer_move.vehicle.stock = `STK-${n}`;
  body.loaner_move.vehicle.stock = `LOAN-${n}`;
  if (check) body.duplicate_check = check;
  return body;
}

const cases = [
  { check: 'reference_num', field: 'customer_move.reference_id', same: (b: any, a: any) => (b.customer_move.reference_id = a.customer_move.reference_id) },
  { check: 'vehicle_stock', field: 'customer_move.vehicle.stock', same: (b: any, a: any) => (b.customer_move.vehicle.stock = a.customer_move.vehicle.stock) },
  { check: 'vehicle_vin', field: 'customer_move.vehicle.vin', same: (b: any, a: any) => (b.customer_move.vehicle.vin = a.customer_move.vehicle.vin) },
];

for (const engine of engines()) {
  describe(`duplicate_check on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    for (const c of cases) {
      test(`${c.check}: a move in progress with the same value refuses the booking and names it`, async () => {
        // VINs are unique per test: retire earlier moves with the reference VIN first.
        await t.deps.database.db.updateTable('moves').set({ cancel_status: 'canceled' }).execute();
        const firstBody = booking(c.check);
        const first = await t.request('POST', PATH, { body: firstBody });
        assert.equal(first.statusCode, 200, first.body);
        const existing = first.json().customer_move.move_id;

        const second = booking(c.check);
        c.same(second, firstBody);
        const counts = [await t.count('moves'), await t.count('events'), await t.count('scenarios')];
        const res = await t.request('POST', PATH, { body: second });
        assert.equal(res.statusCode, 409, res.body);
        const err = res.json();
        assert.equal(err.code, 'move_duplication');
        assert.equal(err.move_id, existing);
        assert.deepEqual(err.errors.map((e: any) => [e.code, e.field]), [['move_duplication', c.field]]);
        assert.deepEqual([await t.count('moves'), await t.count('events'), await t.count('scenarios')], counts);

        // Without duplicate_check the same values book fine.
        delete second.duplicate_check;
        assert.equal((await t.request('POST', PATH, { body: second })).statusCode, 200);
      });
    }

    test('every move of the booking is checked: a loaner already out is a duplicate too', async () => {
      const first = booking('vehicle_stock');
      const firstDoc = (await t.request('POST', PATH, { body: first })).json();
      const second = booking('vehicle_stock');
      second.loaner_move.vehicle.stock = first.loaner_move.vehicle.stock;
      const res = await t.request('POST', PATH, { body: second });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().move_id, firstDoc.loaner_move.move_id);
      assert.equal(res.json().errors[0].field, 'loaner_move.vehicle.stock');
    });

    test('finished and canceled moves do not count; pending and failed cancelations still do', async () => {
      const body = booking('vehicle_stock');
      const first = (await t.request('POST', PATH, { body })).json();
      const id = first.customer_move.move_id;
      const again = () => {
        const b = booking('vehicle_stock');
        b.customer_move.vehicle.stock = body.customer_move.vehicle.stock;
        return t.request('POST', PATH, { body: b });
      };
      const set = (values: Record<string, string | null>) =>
        t.deps.database.db.updateTable('moves').set(values).where('id', '=', id).execute();

      await set({ cancel_status: 'pending' });
      assert.equal((await again()).statusCode, 409);
      await set({ cancel_status: 'failed' });
      assert.equal((await again()).statusCode, 409);
      await set({ cancel_status: 'partial' });
      assert.equal((await again()).statusCode, 200, 'partial is canceled');
      // That booking is now the one in progress; retire it and test "finished".
      await t.deps.database.db
        .updateTable('moves')
        .set({ status: 'delivery successful' })
        .where('vehicle_stock', '=', body.customer_move.vehicle.stock)
        .execute();
      assert.equal((await again()).statusCode, 200, 'finished moves do not count');
    });

    test('an unknown duplicate_check value is field_invalid', async () => {
      const res = await t.request('POST', PATH, { body: booking('vehicle_color') });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json().errors.map((e: any) => [e.code, e.field]), [['field_invalid', 'duplicate_check']]);
    });

    test('ten racing bookings with the same stock and duplicate_check: exactly one is booked', async () => {
      const stock = `RACE-${++seq}`;
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => {
          const b = booking('vehicle_stock');
          b.customer_move.vehicle.stock = stock;
          return t.request('POST', PATH, { body: b });
        }),
      );
      const codes = responses.map((r) => r.statusCode).sort();
      assert.deepEqual(codes, [200, ...Array(9).fill(409)]);
      const booked = await t.deps.database.db.selectFrom('moves').select('id').where('vehicle_stock', '=', stock).execute();
      assert.equal(booked.length, 1);
    });
  });
}
