// A booking's quote (spec §12.2): each move priced at booking by the contract in force on the
// ready-by's local date, pinned to it (a later contract never reprices it), shown as the charge at
// the top level for a single move and in each move object for a pair; class rates by
// vehicle.gvwr_class; RUSH once per booking within the notice; a rooftop without a contract books
// unpriced (`charge: {}`). Expected amounts are worked out here from the document's own miles.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { assertError } from '../support/lifecycle.ts';
import { conciergeLoanerRequest, oneWayRequest, oneWayRequestReadyBy } from '../support/requests.ts';

type Doc = Record<string, any>;
const CHARGE_KEYS = ['id', 'invoice_id', 'type', 'status', 'disputed', 'dispute_reason', 'discount_amount', 'discount_reason', 'due_amount', 'paid_amount', 'balance_remaining', 'details'];
const LINE_KEYS = ['name', 'amount', 'notes', 'mileage_band', 'code', 'basis', 'evidence'];

// Stranded: flat 45.01 under 25 mi (class 4: 60), 1.50/mi beyond; base (pairs): 0.99/mi.
const BANDS = [
  { rate: 45.01, type: 'flat', class: 'stranded', distance_start: 0, distance_end: 25, class_rates: { '4': 60 } },
  { rate: 1.5, type: 'per', class: 'stranded', distance_start: 25, distance_end: 250 },
  { rate: 0.99, type: 'per', class: 'base', distance_start: 0, distance_end: 250 },
];
/** Cents of a per-mile band: rate × miles, rounded half up once (exact decimals). */
const perMile = (rateCents: number, miles: number) => Math.round((rateCents * Math.round(miles * 10)) / 10 + 1e-9);

for (const engine of engines()) {
  describe(`the quote at booking on ${engine}`, () => {
    let t: TestApp;
    let desk: string;
    before(async () => {
      t = await startTestApp(engine);
      desk = (await t.addClient('ops', 'all')).token;
      const res = await t.request('POST', '/v1/ops/contracts', {
        token: desk,
        body: { rooftop: t.rooftopId, begin_date: '2026-03-01', end_date: '2026-03-31', mileage_bands: BANDS, accessorials: { rush_fee: 30 } },
      });
      assert.equal(res.statusCode, 201, res.body);
    });
    after(() => t.close());

    const bookOk = async (path: string, body: Doc) => {
      const res = await t.request('POST', path, { body });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };

    test('a one-way: TRANSPORT from the flat band, its basis and the pinned contract; GET shows the same charge', async () => {
      const doc = await bookOk('/v1/one-way-moves', oneWayRequest());
      const { charge } = doc;
      assert.deepEqual(Object.keys(charge), CHARGE_KEYS);
      assert.equal(charge.status, 'quoted');
      assert.equal(charge.type, 'move');
      assert.equal(charge.invoice_id, null);
      assert.equal(doc.move.settled, false);
      assert.equal(charge.details.length, 1, 'booked a week ahead: no rush');
      const [line] = charge.details;
      assert.deepEqual(Object.keys(line), LINE_KEYS);
      assert.equal(line.code, 'TRANSPORT');
      const miles = doc.move.distance_miles;
      assert.ok(miles < 25, `${miles} mi is in the flat band`);
      assert.equal(line.amount, 45.01);
      assert.deepEqual(line.mileage_band, { rate: 45.01, type: 'flat', distance_start: 0, distance_end: 25, contract: { begin_date: '2026-03-01', end_date: '2026-03-31', workflowset_id: null } });
      assert.equal(line.basis.miles, miles);
      assert.equal(line.basis.rate_used, 45.01);
      assert.equal(line.basis.rate_from, 'band rate');
      assert.equal(typeof line.basis.contract.id, 'number');
      assert.equal(line.evidence.distance_miles, miles);
      assert.equal(charge.due_amount, 45.01);
      assert.equal(charge.balance_remaining, 45.01);

      const got = await t.request('GET', `/v1/moves/${doc.move.move_id}`);
      assert.deepEqual(got.json().charge, charge);
    });

    test('vehicle.gvwr_class 4 pays the band class rate; 7 is refused at its path and nothing is written', async () => {
      const body = oneWayRequest();
      body.move.vehicle.gvwr_class = 4;
      const doc = await bookOk('/v1/one-way-moves', body);
      assert.equal(doc.charge.details[0].amount, 60);
      assert.equal(doc.charge.details[0].basis.rate_from, 'class_rates.4');

      const before = await t.count('scenarios');
      body.move.vehicle.gvwr_class = 7;
      assertError(await t.request('POST', '/v1/one-way-moves', { body }), 400, 'field_invalid', [['field_invalid', 'move.vehicle.gvwr_class']]);
      assert.equal(await t.count('scenarios'), before);
    });

    test('a pair: each move its own charge on the base band; RUSH once, on the first move, when booked inside the notice', async () => {
      const body = conciergeLoanerRequest();
      // Appointment 2 hours ahead: the ready-by is under the 120-minute notice.
      body.appointment_time_utc = new Date(t.clock.now() + 2 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const doc = await bookOk('/v1/concierge-loaner-moves', body);
      assert.equal(doc.charge, undefined, 'a pair has no top-level charge');
      const [first, second] = [doc.loaner_move, doc.customer_move];
      for (const move of [first, second]) {
        const transport = move.charge.details.find((l: Doc) => l.code === 'TRANSPORT');
        assert.equal(transport.amount, perMile(99, move.distance_miles) / 100, `${move.distance_miles} mi × 0.99`);
        assert.equal(transport.basis.band.class, 'base');
      }
      assert.deepEqual(first.charge.details.map((l: Doc) => l.code), ['TRANSPORT', 'RUSH']);
      assert.deepEqual(second.charge.details.map((l: Doc) => l.code), ['TRANSPORT']);
      const rush = first.charge.details[1];
      assert.equal(rush.amount, 30);
      assert.ok(rush.basis.notice_given_minutes < rush.basis.min_notice_minutes);
      const sum = first.charge.details.reduce((s: number, l: Doc) => s + Math.round(l.amount * 100), 0);
      assert.equal(Math.round(first.charge.due_amount * 100), sum, 'due is the sum of the lines to the cent');
    });

    test('a later contract never reprices a booked move; a date no contract covers books unpriced: charge {}', async () => {
      const doc = await bookOk('/v1/one-way-moves', oneWayRequest());
      const res = await t.request('POST', '/v1/ops/contracts', {
        token: desk,
        body: { rooftop: t.rooftopId, begin_date: '2026-04-01', end_date: '2026-04-30', mileage_bands: BANDS.map((b) => ({ ...b, rate: b.rate * 2 })) },
      });
      assert.equal(res.statusCode, 201, res.body);
      const got = (await t.request('GET', `/v1/moves/${doc.move.move_id}`)).json();
      assert.deepEqual(got.charge, doc.charge);

      const april = await bookOk('/v1/one-way-moves', oneWayRequestReadyBy('2026-04-02T14:00:00Z'));
      assert.equal(april.charge.details[0].amount, 90.02, 'April is priced by the April contract');
      const may = await bookOk('/v1/one-way-moves', oneWayRequestReadyBy('2026-05-04T14:00:00Z'));
      assert.deepEqual(may.charge, {});
      assert.equal(may.move.settled, false);
    });
  });
}
