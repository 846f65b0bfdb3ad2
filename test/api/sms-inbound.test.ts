// Customer replies (spec §8): Twilio posts them, form-encoded and signed, to POST /v1/sms/inbound.
// Each is kept once per MessageSid, with the move of the last text sent to the number (the move's
// timeline shows it as sms.reply), or without a move. STOP (and its synonyms) opts the number out — texts not yet sent and texts decided later are
// withheld, recorded as 'suppressed' — and START opts it back in. A request whose signature does
// not check out changes nothing and is refused with 403; so is every request with the log
// provider, which has no auth token to check against.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { Worker } from '../../src/jobs/worker.ts';
import { PUBLIC_URL, startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { addCaller, addDriver, book, type Caller, dispatchOk, type Doc, stepsOk, type TestDriver } from '../support/lifecycle.ts';
import { conciergeLoanerRequest, conciergeRequest } from '../support/requests.ts';
import { inboundParams, startTwilioStub, twilioSignature, type TwilioStub } from '../support/twilio-stub.ts';

const INBOUND_URL = `${PUBLIC_URL}/v1/sms/inbound`;

async function drain(worker: Worker): Promise<void> {
  for (let i = 0; i < 100; i++) if ((await worker.runOnce()) === 0) return;
  assert.fail('jobs kept coming');
}

function postInbound(t: TestApp, params: Record<string, string>, signature: string | null): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: '/v1/sms/inbound',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
      'user-agent': 'TwilioProxy/1.1',
      ...(signature === null ? {} : { 'x-twilio-signature': signature }),
    },
    payload: new URLSearchParams(params).toString(),
  });
}

function assertRefused(res: LightMyRequestResponse, message: RegExp): void {
  assert.equal(res.statusCode, 403, res.body);
  const body = res.json();
  assert.equal(body.code, 'missing_scope');
  assert.match(body.message, message);
}

for (const engine of engines()) {
  describe(`inbound texts (Twilio) on ${engine}`, () => {
    let stub: TwilioStub;
    let t: TestApp;
    let dealer: Caller;
    let ops: Caller;
    let driver: TestDriver;

    before(async () => {
      stub = await startTwilioStub();
      t = await startTestApp(engine, stub.env());
      dealer = await addCaller(t, 'dealer', [t.rooftopId]);
      ops = await addCaller(t, 'ops', [t.rooftopId]);
      driver = await addDriver(t, await addCaller(t, 'ops', 'all'), { name: 'Sam Rivera' });
    });
    after(async () => {
      await t.close();
      await stub.close();
    });

    /** A correctly signed reply from `from`. */
    const reply = (from: string, body: string) => {
      const params = inboundParams(from, body);
      return postInbound(t, params, twilioSignature(stub.authToken, INBOUND_URL, params));
    };
    const optedOut = async (phone: string) =>
      (await t.deps.database.db.selectFrom('sms_opt_outs').select('phone').where('phone', '=', phone).executeTakeFirst()) !== undefined;
    const repliesFrom = (phone: string) =>
      t.deps.database.db.selectFrom('sms_replies').selectAll().where('from_phone', '=', phone).orderBy('id').execute();
    const bodiesTo = (to: string) => stub.messages.filter((m) => m.to === to).map((m) => m.body);
    const messagesOf = async (moveId: number): Promise<Doc[]> => {
      const res = await dealer.request('GET', `/v1/moves/${moveId}/messages`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().messages;
    };

    test('STOP withholds every later text, START lets them through again', async () => {
      const to = '+18045550177';
      const body = conciergeLoanerRequest();
      body.customer_phone = '804-555-0177';
      const { ids } = await book(dealer, '/v1/concierge-loaner-moves', body, ['loaner_move', 'customer_move']);
      const [leg0, leg1] = ids as [number, number];

      // STOP arrives while the confirmation is still queued: it is withheld at send time.
      const stop = await reply(to, 'Stop');
      assert.equal(stop.statusCode, 200, stop.body);
      assert.match(String(stop.headers['content-type']), /^text\/xml/);
      assert.match(stop.body, /<Response\/>$/);
      assert.ok(await optedOut(to));
      await drain(t.deps.worker);
      assert.deepEqual(bodiesTo(to), []);

      // Decided while opted out: written as suppressed, never queued.
      await dispatchOk(ops, leg0, driver.driverId);
      await stepsOk(driver.app, leg0, ['pickup_started', 'pickup_arrived', 'pickup_successful', 'delivery_started']);
      await drain(t.deps.worker);
      assert.deepEqual(bodiesTo(to), []);

      const start = await reply(to, 'START');
      assert.equal(start.statusCode, 200, start.body);
      assert.ok(!(await optedOut(to)));
      await stepsOk(driver.app, leg0, ['delivery_arrived', 'delivery_successful']);
      // Sent before leg 1 moves: two moves' texts queued at one instant may leave in either order.
      await drain(t.deps.worker);
      await stepsOk(driver.app, leg1);
      await drain(t.deps.worker);
      assert.deepEqual(bodiesTo(to), [
        "Denny's Automobiles: Your driver has arrived with your loaner.",
        "Denny's Automobiles: Your 2011 Buick Enclave has arrived at Denny's Automobiles for service.",
      ]);

      // Withheld texts are not sent late, and the dealer sees which were withheld.
      assert.deepEqual(
        (await messagesOf(leg0)).map((m) => [m.trigger, m.status, m.sent_at === null]),
        [
          ['confirmed', 'suppressed', true],
          ['on_the_way', 'suppressed', true],
          ['arrived', 'sent', false],
          ['delivered', 'sent', false],
        ],
      );
      const messageIds = (await messagesOf(leg0)).map((m) => m.id as number);
      const sendJobs = (await t.deps.database.db.selectFrom('jobs').select(['state', 'payload']).where('kind', '=', 'sms.send').execute()).filter(
        (j) => messageIds.includes((JSON.parse(j.payload) as { messageId: number }).messageId),
      );
      assert.equal(sendJobs.length, 3, 'the confirmation was queued before STOP; on_the_way never was');
      assert.ok(sendJobs.every((j) => j.state === 'done'));
    });

    test('the synonyms of STOP and START; any other reply changes nothing', async () => {
      const phone = '+18045550178';
      for (const [word, out] of [
        ['STOPALL', true],
        ['yes', false],
        ['unsubscribe', true],
        ['UNSTOP', false],
        ['Cancel', true],
        ['start', false],
        ['END', true],
        ['Thanks, see you then!', true],
        ['start.', false],
        ['quit', true],
        ['stop by at 5 please', true],
      ] as const) {
        const res = await reply(phone, word);
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(await optedOut(phone), out, word);
      }
    });

    test("a reply is kept once, with the move it answers, and shown in that move's timeline", async () => {
      const to = '+18045550183';
      const body = conciergeRequest('pickup');
      body.customer_phone = '804-555-0183';
      const { ids } = await book(dealer, '/v1/concierge-moves', body, ['customer_move']);
      await drain(t.deps.worker);
      assert.equal(bodiesTo(to).length, 1, 'the confirmation went out');

      // Twilio retries a message it got no answer for, with the same MessageSid: kept once.
      const params = inboundParams(to, 'Can the driver come after 3pm?');
      const signature = twilioSignature(stub.authToken, INBOUND_URL, params);
      for (let i = 0; i < 2; i++) assert.equal((await postInbound(t, params, signature)).statusCode, 200);
      const kept = await repliesFrom(to);
      assert.deepEqual(kept.map((r) => [Number(r.move_id), r.body, r.provider_message_id]), [[ids[0], 'Can the driver come after 3pm?', params.MessageSid]]);

      const res = await dealer.request('GET', `/v1/moves/${ids[0]}/timeline`);
      assert.equal(res.statusCode, 200, res.body);
      const replies = (res.json().timeline as Doc[]).filter((i) => i.type === 'sms.reply');
      assert.deepEqual(replies, [
        {
          id: `reply:${kept[0]!.id}`,
          at: new Date(t.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          type: 'sms.reply',
          actor: { kind: 'customer', id: null, name: null },
          move_id: ids[0],
          data: { reply_id: Number(kept[0]!.id), from: to, body: 'Can the driver come after 3pm?' },
        },
      ]);
    });

    test('a text from a number we never wrote to is kept without a move; a late retry of STOP does not undo a START', async () => {
      const phone = '+18045550184';
      assert.equal((await reply(phone, 'who is this?')).statusCode, 200);
      assert.deepEqual((await repliesFrom(phone)).map((r) => [r.move_id, r.body]), [[null, 'who is this?']]);

      const stop = inboundParams(phone, 'STOP');
      const stopSignature = twilioSignature(stub.authToken, INBOUND_URL, stop);
      assert.equal((await postInbound(t, stop, stopSignature)).statusCode, 200);
      assert.equal((await reply(phone, 'START')).statusCode, 200);
      assert.equal((await postInbound(t, stop, stopSignature)).statusCode, 200);
      assert.ok(!(await optedOut(phone)), 'the START, sent last, holds');
      assert.deepEqual((await repliesFrom(phone)).map((r) => r.body), ['who is this?', 'STOP', 'START']);
    });

    test('a missing or wrong signature is refused and changes nothing', async () => {
      const phone = '+18045550179';
      const params = inboundParams(phone, 'STOP');
      const good = twilioSignature(stub.authToken, INBOUND_URL, params);
      const refused = /X-Twilio-Signature/;

      assertRefused(await postInbound(t, params, null), refused);
      assertRefused(await postInbound(t, params, ''), refused);
      assertRefused(await postInbound(t, params, twilioSignature('not-the-auth-token', INBOUND_URL, params)), refused);
      assertRefused(await postInbound(t, params, twilioSignature(stub.authToken, 'https://evil.test/v1/sms/inbound', params)), refused);
      assertRefused(await postInbound(t, { ...params, From: '+18045550180' }, good), refused);
      assertRefused(await postInbound(t, { ...params, Body: 'START' }, good), refused);
      assertRefused(await postInbound(t, params, `${good.slice(0, -2)}${good.at(-2) === 'A' ? 'B' : 'A'}=`), refused);
      assert.ok(!(await optedOut(phone)));
      assert.ok(!(await optedOut('+18045550180')));
      assert.deepEqual(await repliesFrom(phone), [], 'nor kept');

      // The same request with its signature is accepted.
      const ok = await postInbound(t, params, good);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.ok(await optedOut(phone));
    });

    test('the form parser is for the inbound webhook only: every other endpoint still answers 415', async () => {
      const form = new URLSearchParams({ customer_name: 'Harry Stevens' }).toString();
      for (const url of ['/v1/concierge-moves', '/v1/authorize', '/v1/cancelation']) {
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${t.token}` },
          payload: form,
        });
        assert.equal(res.statusCode, 415, `${url}: ${res.body}`);
        assert.equal(res.json().code, 'unsupported_media_type');
      }
    });

    test('opted-out numbers are kept across bookings', async () => {
      const to = '+18045550181';
      assert.equal((await reply(to, 'STOP')).statusCode, 200);
      const body = conciergeRequest('pickup');
      body.customer_phone = '804-555-0181';
      const { ids } = await book(dealer, '/v1/concierge-moves', body, ['customer_move']);
      await drain(t.deps.worker);
      assert.deepEqual(bodiesTo(to), []);
      assert.deepEqual((await messagesOf(ids[0]!)).map((m) => [m.trigger, m.status]), [['confirmed', 'suppressed']]);
    });
  });

  describe(`inbound texts with the log provider on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    test('are refused: there is no auth token to check their signature against', async () => {
      const params = inboundParams('+18045550182', 'STOP');
      for (const signature of [null, twilioSignature('', INBOUND_URL, params), twilioSignature('anything', INBOUND_URL, params)]) {
        assertRefused(await postInbound(t, params, signature), /SMS_PROVIDER=twilio/);
      }
      const rows = await t.deps.database.db.selectFrom('sms_opt_outs').selectAll().execute();
      assert.deepEqual(rows, []);
      assert.deepEqual(await t.deps.database.db.selectFrom('sms_replies').selectAll().execute(), []);
    });
  });
}
