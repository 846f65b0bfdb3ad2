// Quote before booking (spec §12.2, ours): POST /v1/quotes takes any booking body and answers the
// charge booking it would get, under a quote_id held 15 minutes; a booking with that quote_id and
// the same body (keys in any order) is charged exactly the quoted lines, even once the notice
// would make it a rush; an expired, unknown, another client's quote, or another body, is 409
// quote_expired with nothing written; an idempotent replay still answers as first given; a bad
// body is refused exactly as the booking endpoint refuses it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Value } from 'typebox/value';
import { QuoteSchema } from '../../src/modules/billing/quotes/quote-document.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { assertError } from '../support/lifecycle.ts';
import { conciergeLoanerRequest, conciergeRequest, oneWayRequest, roundTripRequest } from '../support/requests.ts';

type Doc = Record<string, any>;
const CHARGE_KEYS = ['id', 'invoice_id', 'type', 'status', 'disputed', 'dispute_reason', 'discount_amount', 'discount_reason', 'due_amount', 'paid_amount', 'balance_remaining', 'details'];
const MINUTE = 60_000;
const BANDS = [
  { rate: 45.01, type: 'flat', class: 'stranded', distance_start: 0, distance_end: 25 },
  { rate: 1.5, type: 'per', class: 'stranded', distance_start: 25, distance_end: 250 },
  { rate: 0.99, type: 'per', class: 'base', distance_start: 0, distance_end: 250 },
];

/** The same value with every object's keys in reverse order: the same booking, sent otherwise. */
const reordered = (v: any): any =>
  Array.isArray(v) ? v.map(reordered) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reordered(x)])) : v;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

for (const engine of engines()) {
  describe(`quotes on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
      const desk = (await t.addClient('ops', 'all')).token;
      const res = await t.request('POST', '/v1/ops/contracts', {
        token: desk,
        body: { rooftop: t.rooftopId, begin_date: '2026-03-01', end_date: '2026-03-31', mileage_bands: BANDS, accessorials: { rush_fee: 30 } },
      });
      assert.equal(res.statusCode, 201, res.body);
    });
    after(() => t.close());

    const quote = async (body: Doc, token = t.token): Promise<Doc> => {
      const res = await t.request('POST', '/v1/quotes', { body, token });
      assert.equal(res.statusCode, 201, res.body);
      const doc = res.json();
      assert.ok(Value.Check(QuoteSchema, doc), JSON.stringify([...Value.Errors(QuoteSchema, doc)].slice(0, 3)));
      return doc;
    };
    const book = (path: string, body: Doc, headers?: Record<string, string>) => t.request('POST', path, { body, headers });
    const bookOk = async (path: string, body: Doc) => {
      const res = await book(path, body);
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const written = async () => [await t.count('scenarios'), await t.count('moves'), await t.count('events')];
    /** A booking refused for its quote: 409 quote_expired at quote_id, nothing written; the message. */
    const refused = async (path: string, body: Doc): Promise<string> => {
      const before = await written();
      const res = await book(path, body);
      assertError(res, 409, 'quote_expired', [['quote_expired', 'quote_id']]);
      assert.deepEqual(await written(), before, 'nothing written');
      return res.json().message;
    };

    test('a one-way: 201 with the charge booking would get; booked with its quote_id (keys in another order), exactly those lines', async () => {
      const before = await written();
      const q = await quote(oneWayRequest());
      assert.deepEqual(await written(), before, 'a quote books nothing');
      assert.deepEqual(Object.keys(q), ['quote_id', 'expires_at', 'charge', 'moves']);
      assert.match(q.quote_id, /^[\w-]{32}$/);
      assert.equal(q.expires_at, iso(t.clock.now() + 15 * MINUTE));
      assert.deepEqual(Object.keys(q.charge), CHARGE_KEYS);
      assert.equal(q.charge.id, null, 'no charge exists yet');
      assert.equal(q.charge.status, 'quoted');
      assert.deepEqual(q.charge.details.map((l: Doc) => l.code), ['TRANSPORT']);
      assert.deepEqual(q.moves, [{ move: 'move', charge: q.charge }]);

      const doc = await bookOk('/v1/one-way-moves', reordered({ ...oneWayRequest(), quote_id: q.quote_id }));
      assert.deepEqual(doc.charge.details, q.charge.details);
      assert.equal(doc.charge.due_amount, q.charge.due_amount);
      const row = await t.deps.database.db.selectFrom('charges').select(['quote_lines', 'lines']).where('move_id', '=', doc.move.move_id).executeTakeFirstOrThrow();
      assert.equal(row.quote_lines, row.lines);
    });

    test('a concierge-loaner: the whole charge holds both moves\' lines, each move its own; booked, each move object shows its quoted charge', async () => {
      const q = await quote(conciergeLoanerRequest());
      assert.deepEqual(q.moves.map((m: Doc) => m.move), ['loaner_move', 'customer_move']);
      assert.deepEqual(q.charge.details, [...q.moves[0].charge.details, ...q.moves[1].charge.details]);
      const cents = (c: Doc) => Math.round(c.due_amount * 100);
      assert.equal(cents(q.charge), cents(q.moves[0].charge) + cents(q.moves[1].charge));

      const doc = await bookOk('/v1/concierge-loaner-moves', { ...conciergeLoanerRequest(), quote_id: q.quote_id });
      for (const m of q.moves) assert.deepEqual(doc[m.move].charge.details, m.charge.details, m.move);
    });

    test('a quote within its 15 minutes holds its price: the notice has since made the booking a rush, and no RUSH is charged', async () => {
      const minNotice = t.deps.config.scheduling.minNoticeMinutes;
      const body = { ...oneWayRequest(), ready_by_time_utc: iso(t.clock.now() + (minNotice + 10) * MINUTE) };
      const q = await quote(body);
      assert.deepEqual(q.charge.details.map((l: Doc) => l.code), ['TRANSPORT'], 'quoted outside the notice');
      t.clock.advance(12 * MINUTE);
      const now = await quote(body);
      assert.deepEqual(now.charge.details.map((l: Doc) => l.code), ['TRANSPORT', 'RUSH'], 'priced now, it is a rush');

      const doc = await bookOk('/v1/one-way-moves', { ...body, quote_id: q.quote_id });
      assert.deepEqual(doc.charge.details, q.charge.details);
      const unquoted = await bookOk('/v1/one-way-moves', body);
      assert.deepEqual(unquoted.charge.details.map((l: Doc) => l.code), ['TRANSPORT', 'RUSH'], 'the same booking without the quote');
    });

    test('expired (16 minutes on), unknown, or another client\'s: the one 409 quote_expired at quote_id, nothing written', async () => {
      const q = await quote(oneWayRequest());
      const other = await t.addClient('dealer', [t.rooftopId]);
      const theirs = await quote(oneWayRequest(), other.token);
      const message = await refused('/v1/one-way-moves', { ...oneWayRequest(), quote_id: theirs.quote_id });
      assert.match(message, /expired or was not issued to you/);
      assert.equal(await refused('/v1/one-way-moves', { ...oneWayRequest(), quote_id: 'no-such-quote' }), message, 'unknown and another client\'s alike');

      t.clock.advance(16 * MINUTE);
      assert.equal(await refused('/v1/one-way-moves', { ...oneWayRequest(), quote_id: q.quote_id }), message);
    });

    test('another body than the one quoted (an address, a vehicle, the move type) is 409 quote_expired, nothing written', async () => {
      const q = await quote(oneWayRequest());
      const moved: Doc = { ...oneWayRequest(), quote_id: q.quote_id };
      moved.move.delivery_location = { ...moved.move.delivery_location, address_one: '5100 W Broad St' };
      assert.match(await refused('/v1/one-way-moves', moved), /made for a different booking/);
      const car: Doc = { ...oneWayRequest(), quote_id: q.quote_id };
      car.move.vehicle.make = 'Acura';
      assert.match(await refused('/v1/one-way-moves', car), /made for a different booking/);

      // One body both a one-way and a round-trip endpoint take: quoted as the one, it cannot book the other.
      const both = { ...roundTripRequest(), move: oneWayRequest().move };
      const asOneWay = await quote({ ...both, move_type: 'one-way' });
      assert.match(await refused('/v1/round-trip-moves', { ...both, quote_id: asOneWay.quote_id }), /made for a different booking/);
      await bookOk('/v1/one-way-moves', { ...both, move_type: 'one-way', quote_id: asOneWay.quote_id });
    });

    test('a replay with the same Idempotency-Key after the quote expired answers the first answer; without it, 409', async () => {
      const q = await quote(conciergeRequest());
      const body = { ...conciergeRequest(), quote_id: q.quote_id };
      const headers = { 'idempotency-key': `quoted-${engine}-${t.clock.now()}` };
      const first = await book('/v1/concierge-moves', body, headers);
      assert.equal(first.statusCode, 200, first.body);
      assert.deepEqual(first.json().charge.details, q.charge.details);

      t.clock.advance(16 * MINUTE);
      const before = await written();
      const replay = await book('/v1/concierge-moves', body, headers);
      assert.equal(replay.statusCode, 200, replay.body);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.equal(replay.body, first.body);
      assert.deepEqual(await written(), before);
      await refused('/v1/concierge-moves', body);
    });

    test('a bad body is refused as its booking endpoint refuses it, move_type given or not', async () => {
      const same = async (path: string, body: Doc, moveType: string) => {
        const booked = await book(path, body);
        assert.equal(booked.statusCode, 400, booked.body);
        for (const quoted of [await t.request('POST', '/v1/quotes', { body }), await t.request('POST', '/v1/quotes', { body: { ...body, move_type: moveType } })]) {
          assert.equal(quoted.statusCode, booked.statusCode, quoted.body);
          const { code, message, errors } = quoted.json();
          assert.deepEqual({ code, message, errors }, { code: booked.json().code, message: booked.json().message, errors: booked.json().errors });
        }
        return booked.json().errors.map((e: Doc) => e.field);
      };
      const oneWay = oneWayRequest();
      oneWay.ready_by_time_utc = 'next tuesday';
      delete oneWay.move.vehicle.make;
      oneWay.move.pickup_location.zip = '99999';
      oneWay.quote_id = 12;
      assert.deepEqual((await same('/v1/one-way-moves', oneWay, 'one-way')).sort(), ['move.pickup_location.zip', 'move.vehicle.make', 'quote_id', 'ready_by_time_utc']);
      const concierge = conciergeRequest();
      concierge.customer_phone = '555';
      concierge.customer_action = 'collect';
      assert.ok((await same('/v1/concierge-moves', concierge, 'concierge')).includes('customer_phone'));
      const pair = roundTripRequest();
      delete pair.move_two.pickup_location;
      assert.deepEqual(await same('/v1/round-trip-moves', pair, 'round-trip'), ['move_two.pickup_location']);
      assertError(await t.request('POST', '/v1/quotes', { body: [] }), 400, 'invalid_json');
    });

    test('which booking: move_type when sent, else the move keys; none or several kinds\' keys is field_missing at move_type', async () => {
      assert.deepEqual((await quote(roundTripRequest())).moves.map((m: Doc) => m.move), ['move_one', 'move_two']);
      assert.deepEqual((await quote(conciergeRequest())).moves.map((m: Doc) => m.move), ['customer_move']);
      const none = await t.request('POST', '/v1/quotes', { body: { ready_by_time_utc: '2026-03-25T14:00:00Z' } });
      assertError(none, 400, 'field_missing', [['field_missing', 'move_type']]);
      assert.match(none.json().message, /send move_type \(one of "concierge-loaner", "concierge", "one-way", "round-trip"\)/);
      const both = await t.request('POST', '/v1/quotes', { body: { ...roundTripRequest(), move: oneWayRequest().move } });
      assertError(both, 400, 'field_missing', [['field_missing', 'move_type']]);
      assert.match(both.json().message, /one-way \(move\) and round-trip \(move_one, move_two\)/);
      assertError(await t.request('POST', '/v1/quotes', { body: { ...oneWayRequest(), move_type: 'valet' } }), 400, 'field_invalid', [['field_invalid', 'move_type']]);
      // move_type wins over the keys: a one-way body quoted as a round-trip is read as one.
      const wrong = await t.request('POST', '/v1/quotes', { body: { ...oneWayRequest(), move_type: 'round-trip' } });
      assert.equal(wrong.statusCode, 400);
      assert.ok(wrong.json().errors.some((e: Doc) => e.field === 'move_one'), wrong.body);
    });

    test('a rooftop with no contract in force: 201 with charge {}, and the booking with it is unpriced; only a dealer may quote', async () => {
      const bare = await t.addRooftop({ name: 'No Contract Motors' });
      const dealer = await t.addClient('dealer', [bare]);
      const q = await quote(oneWayRequest(), dealer.token);
      assert.deepEqual(q.charge, {});
      assert.deepEqual(q.moves, [{ move: 'move', charge: {} }]);
      const res = await t.request('POST', '/v1/one-way-moves', { token: dealer.token, body: { ...oneWayRequest(), quote_id: q.quote_id } });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().charge, {});

      assertError(await t.request('POST', '/v1/quotes', { token: null, body: oneWayRequest() }), 401, 'access_denied');
      const ops = (await t.addClient('ops', [t.rooftopId])).token;
      assert.equal((await t.request('POST', '/v1/quotes', { token: ops, body: oneWayRequest() })).statusCode, 403);
    });
  });
}
