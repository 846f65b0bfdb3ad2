// Customer texts through Twilio (spec §8): the real `twilio` client, pointed at a loopback stub,
// sends exactly the expected texts for whole bookings — exact wording, local time across a
// daylight-saving change, each trigger once however often the worker runs or an event repeats —
// retries a provider outage through the job queue, and records a permanent refusal on the move's
// SMS log. One-way and round-trip bookings text nobody.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Worker } from '../../src/jobs/worker.ts';
import { TwilioSender } from '../../src/modules/sms/sms-senders.ts';
import { PUBLIC_URL, startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import {
  addCaller,
  addDriver,
  book,
  type Caller,
  dispatchOk,
  type Doc,
  type MoveRole,
  STEPS,
  stepsOk,
  type TestDriver,
} from '../support/lifecycle.ts';
import {
  conciergeLoanerRequest,
  conciergeLoanerReturnRequest,
  conciergeRequest,
  oneWayRequest,
  roundTripRequest,
} from '../support/requests.ts';
import { startTwilioStub, type TwilioStub } from '../support/twilio-stub.ts';

const FROM = '+18045550100';
const ROOFTOP = "Denny's Automobiles";
const HOUR = 3600_000;

/** Runs due jobs until none is left (bounded). */
async function drain(worker: Worker): Promise<void> {
  for (let i = 0; i < 100; i++) if ((await worker.runOnce()) === 0) return;
  assert.fail('jobs kept coming');
}

for (const engine of engines()) {
  describe(`customer texts through Twilio on ${engine}`, () => {
    let stub: TwilioStub;
    let t: TestApp;
    let dealer: Caller;
    let ops: Caller;
    let driver: TestDriver;
    let phoneSeq = 10;

    before(async () => {
      stub = await startTwilioStub();
      t = await startTestApp(engine, stub.env(FROM));
      dealer = await addCaller(t, 'dealer', [t.rooftopId]);
      ops = await addCaller(t, 'ops', [t.rooftopId]);
      driver = await addDriver(t, await addCaller(t, 'ops', 'all'), { name: 'Sam Rivera' });
    });
    after(async () => {
      await t.close();
      await stub.close();
    });

    /** A fresh customer number per test, so tests never see each other's texts: [as sent, E.164]. */
    const newPhone = (): [string, string] => {
      const n = String(phoneSeq++).padStart(2, '0');
      return [`(804) 555-01${n}`, `+180455501${n}`];
    };
    const textsTo = (to: string) => stub.messages.filter((m) => m.to === to);
    const bodiesTo = (to: string) => textsTo(to).map((m) => m.body);
    const documentOf = async (moveId: number): Promise<Doc> => {
      const res = await dealer.request('GET', `/v1/moves/${moveId}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const messagesOf = async (moveId: number, caller: Caller = dealer) => {
      const res = await caller.request('GET', `/v1/moves/${moveId}/messages`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().messages as Doc[];
    };
    const smsRows = async (moveIds: number[]) =>
      t.deps.database.db.selectFrom('sms_messages').selectAll().where('move_id', 'in', moveIds).orderBy('id').execute();
    const smsJobs = async () =>
      t.deps.database.db.selectFrom('jobs').select(['state', 'payload']).where('kind', '=', 'sms.send').execute();

    /**
     * Drives every step of every leg in order (a minute apart), draining the jobs after each, and
     * returns the texts each step caused, keyed "leg:step" — only the steps that texted.
     */
    async function driveAll(ids: number[], to: string): Promise<[string, string[]][]> {
      await dispatchOk(ops, ids[0]!, driver.driverId);
      await drain(t.deps.worker);
      const texted: [string, string[]][] = [];
      for (const [leg, id] of ids.entries()) {
        for (const step of STEPS) {
          t.clock.advance(60_000);
          const before = textsTo(to).length;
          await stepsOk(driver.app, id, [step]);
          await drain(t.deps.worker);
          const now = bodiesTo(to).slice(before);
          if (now.length) texted.push([`${leg}:${step}`, now]);
        }
      }
      return texted;
    }

    test('the sender is the real twilio client, pointed at the stub', () => {
      assert.ok(t.deps.sms.sender instanceof TwilioSender);
      assert.equal(t.deps.sms.sender.provider, 'twilio');
    });

    test('a concierge-loaner pickup from booking to delivery: four texts, word for word, each once', async () => {
      const [sent, to] = newPhone();
      const body = conciergeLoanerRequest();
      body.customer_phone = sent;
      const { ids, doc } = await book(dealer, '/v1/concierge-loaner-moves', body, ['loaner_move', 'customer_move']);
      assert.equal(doc.customer_phone, sent, 'echoed as sent');
      const [leg0, leg1] = ids as [number, number];

      // Booked: nothing leaves before the worker runs (the transaction only queued the job).
      assert.deepEqual(textsTo(to), []);
      await drain(t.deps.worker);
      const confirmed =
        `${ROOFTOP}: Hi Harry, your service pickup is confirmed for Wed, Mar 25 at 10:00 AM EDT. ` +
        'A driver will bring you a loaner and take your 2011 Buick Enclave in for service. Reply STOP to opt out.';
      assert.deepEqual(bodiesTo(to), [confirmed]);

      const texted = await driveAll(ids, to);
      const link = (await documentOf(leg0)).loaner_move.tracking_link as string;
      assert.match(link, new RegExp(`^${PUBLIC_URL}/track/[A-Za-z0-9_-]{16,}$`));
      assert.deepEqual(texted, [
        ['0:delivery_started', [`${ROOFTOP}: Your driver, Sam, is on the way with your loaner. Track your driver: ${link}`]],
        ['0:delivery_arrived', [`${ROOFTOP}: Your driver has arrived with your loaner.`]],
        ['1:delivery_successful', [`${ROOFTOP}: Your 2011 Buick Enclave has arrived at ${ROOFTOP} for service.`]],
      ]);
      for (const m of textsTo(to)) {
        assert.equal(m.from, FROM);
        assert.match(m.sid, /^SM[0-9a-f]{32}$/);
      }

      // Nothing twice: the worker finds nothing more, and the same events written again add nothing.
      assert.equal(await t.deps.worker.runOnce(), 0);
      const moves = await t.deps.database.db.selectFrom('moves').selectAll().where('id', 'in', ids).orderBy('cardinality').execute();
      await t.deps.database.db.transaction().execute(async (trx) => {
        const now = t.clock.now();
        await t.deps.events.append(trx, { moves, type: 'move.created', data: '{}', now });
        await t.deps.events.append(trx, { moves: [moves[0]!], type: 'move.delivery.started', data: '{}', now });
        await t.deps.events.append(trx, { moves: [moves[0]!], type: 'move.delivery.arrived', data: '{}', now });
        await t.deps.events.append(trx, { moves: [moves[1]!], type: 'move.delivery.successful', data: '{}', now });
      });
      t.clock.advance(HOUR);
      await drain(t.deps.worker);
      assert.equal(textsTo(to).length, 4);
      assert.equal((await smsRows(ids)).length, 4);
      const rowIds = (await smsRows(ids)).map((r) => Number(r.id));
      const jobs = (await smsJobs()).filter((j) => rowIds.includes((JSON.parse(j.payload) as { messageId: number }).messageId));
      assert.deepEqual(jobs.map((j) => j.state), ['done', 'done', 'done', 'done'], 'one job per text, each done');

      // The dealer's view: every text of the booking, from either move, oldest first.
      const messages = await messagesOf(leg1);
      assert.deepEqual(await messagesOf(leg0), messages);
      assert.deepEqual(
        messages.map((m) => [m.move_id, m.trigger, m.to, m.status, m.attempts, m.error]),
        [
          [leg0, 'confirmed', to, 'sent', 1, null],
          [leg0, 'on_the_way', to, 'sent', 1, null],
          [leg0, 'arrived', to, 'sent', 1, null],
          [leg1, 'delivered', to, 'sent', 1, null],
        ],
      );
      assert.deepEqual(messages.map((m) => m.body), bodiesTo(to));
      for (const m of messages) {
        assert.deepEqual(Object.keys(m), ['id', 'move_id', 'trigger', 'to', 'body', 'status', 'attempts', 'error', 'created_at', 'sent_at']);
        assert.match(m.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        assert.ok(Date.parse(m.sent_at) >= Date.parse(m.created_at));
      }
      // The provider's message ids are kept.
      assert.deepEqual(
        (await smsRows(ids)).map((r) => r.provider_message_id),
        textsTo(to).map((m) => m.sid),
      );
    });

    const flows: { name: string; path: string; body: () => Doc; legs: MoveRole[]; expect: [string, string][] }[] = [
      {
        name: 'concierge-loaner return',
        path: '/v1/concierge-loaner-moves',
        body: conciergeLoanerReturnRequest,
        legs: ['customer_move', 'loaner_move'],
        expect: [
          ['0:delivery_started', `${ROOFTOP}: Your driver, Sam, is on the way with your 2011 Buick Enclave. Track your driver: `],
          ['0:delivery_arrived', `${ROOFTOP}: Your driver has arrived with your 2011 Buick Enclave.`],
          ['0:delivery_successful', `${ROOFTOP}: Your 2011 Buick Enclave has been delivered. Thank you for choosing ${ROOFTOP}!`],
        ],
      },
      {
        name: 'concierge pickup',
        path: '/v1/concierge-moves',
        body: () => conciergeRequest('pickup'),
        legs: ['customer_move'],
        expect: [
          ['0:pickup_started', `${ROOFTOP}: Your driver, Sam, is on the way to collect your 2011 Buick Enclave. Track your driver: `],
          ['0:pickup_arrived', `${ROOFTOP}: Your driver has arrived to collect your 2011 Buick Enclave.`],
          ['0:delivery_successful', `${ROOFTOP}: Your 2011 Buick Enclave has arrived at ${ROOFTOP} for service.`],
        ],
      },
      {
        name: 'concierge return',
        path: '/v1/concierge-moves',
        body: () => conciergeRequest('return'),
        legs: ['customer_move'],
        expect: [
          ['0:delivery_started', `${ROOFTOP}: Your driver, Sam, is on the way with your 2011 Buick Enclave. Track your driver: `],
          ['0:delivery_arrived', `${ROOFTOP}: Your driver has arrived with your 2011 Buick Enclave.`],
          ['0:delivery_successful', `${ROOFTOP}: Your 2011 Buick Enclave has been delivered. Thank you for choosing ${ROOFTOP}!`],
        ],
      },
    ];
    for (const flow of flows) {
      test(`a ${flow.name}: confirmed at booking, then on the way, arrived and delivered at the right steps`, async () => {
        const [sent, to] = newPhone();
        const body = flow.body();
        body.customer_phone = sent;
        const { ids } = await book(dealer, flow.path, body, flow.legs);
        await drain(t.deps.worker);
        const action = body.customer_action === 'pickup' ? 'service pickup' : 'vehicle return';
        assert.deepEqual(bodiesTo(to).map((b) => b.split(' is confirmed for ')[0]), [`${ROOFTOP}: Hi Harry, your ${action}`]);
        assert.match(bodiesTo(to)[0]!, / is confirmed for Wed, Mar 25 at 10:00 AM EDT\. /);

        const texted = await driveAll(ids, to);
        const link = (await documentOf(ids[0]!))[flow.legs[0]!].tracking_link as string;
        assert.deepEqual(
          texted,
          flow.expect.map(([at, text]) => [at, [text.endsWith(': ') ? `${text}${link}` : text]]),
        );
        assert.equal((await smsRows(ids)).length, 4);
      });
    }

    test('the appointment is in local time on both sides of the daylight-saving change', async () => {
      const saved = t.clock.now();
      t.clock.set(Date.parse('2026-03-01T12:00:00Z'));
      try {
        const cases: [string, string][] = [
          ['2026-03-09T14:00:00Z', 'Mon, Mar 9 at 10:00 AM EDT'],
          ['2026-03-07T14:00:00Z', 'Sat, Mar 7 at 9:00 AM EST'],
        ];
        for (const [appointment, local] of cases) {
          const [sent, to] = newPhone();
          const body = conciergeLoanerRequest();
          body.customer_phone = sent;
          body.appointment_time_utc = appointment;
          await book(dealer, '/v1/concierge-loaner-moves', body, ['loaner_move', 'customer_move']);
          await drain(t.deps.worker);
          assert.deepEqual(bodiesTo(to), [
            `${ROOFTOP}: Hi Harry, your service pickup is confirmed for ${local}. ` +
              'A driver will bring you a loaner and take your 2011 Buick Enclave in for service. Reply STOP to opt out.',
          ]);
        }
      } finally {
        t.clock.set(saved);
      }
    });

    test('one-way and round-trip bookings text nobody', async () => {
      const before = stub.requests.length;
      const oneWay = await book(dealer, '/v1/one-way-moves', oneWayRequest(), ['move']);
      const roundTrip = await book(dealer, '/v1/round-trip-moves', roundTripRequest(), ['move_one', 'move_two']);
      for (const { ids } of [oneWay, roundTrip]) {
        await dispatchOk(ops, ids[0]!, driver.driverId);
        for (const id of ids) {
          t.clock.advance(60_000);
          await stepsOk(driver.app, id);
        }
      }
      await drain(t.deps.worker);
      assert.equal(stub.requests.length, before);
      assert.deepEqual(await smsRows([...oneWay.ids, ...roundTrip.ids]), []);
      assert.deepEqual(await messagesOf(roundTrip.ids[1]!), []);
    });

    test('Twilio failing with 500 twice: retried through the job queue, sent once', async () => {
      const [sent, to] = newPhone();
      const body = conciergeRequest('pickup');
      body.customer_phone = sent;
      stub.failNext(2, 500);
      const { ids } = await book(dealer, '/v1/concierge-moves', body, ['customer_move']);
      const attemptsTo = () => stub.requests.filter((r) => r.form.To === to);

      await drain(t.deps.worker);
      assert.deepEqual(attemptsTo().map((r) => r.status), [500]);
      let [row] = await smsRows(ids);
      assert.equal(row!.status, 'queued', 'still queued: it will be retried');
      assert.equal(Number(row!.attempts), 1);
      assert.match(row!.error!, /^twilio 20500: Internal Server Error$/);
      const [message] = await messagesOf(ids[0]!);
      assert.equal(message!.status, 'queued');
      assert.equal(message!.sent_at, null);

      // Not before its backoff…
      assert.equal(await t.deps.worker.runOnce(), 0);
      t.clock.advance(HOUR);
      await drain(t.deps.worker);
      t.clock.advance(HOUR);
      await drain(t.deps.worker);
      assert.deepEqual(attemptsTo().map((r) => r.status), [500, 500, 201]);
      assert.equal(textsTo(to).length, 1);
      [row] = await smsRows(ids);
      assert.equal(row!.status, 'sent');
      assert.equal(Number(row!.attempts), 3);
      assert.equal(row!.error, null);

      t.clock.advance(HOUR);
      await drain(t.deps.worker);
      assert.equal(textsTo(to).length, 1, 'sent once');
    });

    test('Twilio refusing the number (21211): failed for good, with the error on GET /v1/moves/:id/messages', async () => {
      const [sent, to] = newPhone();
      stub.rejectTo(to, 21211);
      const body = conciergeRequest('return');
      body.customer_phone = sent;
      const { ids } = await book(dealer, '/v1/concierge-moves', body, ['customer_move']);
      await drain(t.deps.worker);
      t.clock.advance(HOUR);
      await drain(t.deps.worker);

      assert.equal(stub.requests.filter((r) => r.form.To === to).length, 1, 'not retried');
      const messages = await messagesOf(ids[0]!, ops);
      assert.equal(messages.length, 1);
      assert.deepEqual(
        [messages[0]!.trigger, messages[0]!.status, messages[0]!.attempts, messages[0]!.sent_at],
        ['confirmed', 'failed', 1, null],
      );
      assert.equal(messages[0]!.error, `twilio 21211: The 'To' number ${to} is not a valid phone number.`);
      const job = (await smsJobs()).find((j) => (JSON.parse(j.payload) as { messageId: number }).messageId === messages[0]!.id);
      assert.equal(job?.state, 'failed');
    });

    test('GET /v1/moves/:id/messages: readers of the rooftop only', async () => {
      const { ids } = await book(dealer, '/v1/concierge-moves', conciergeRequest('pickup'), ['customer_move']);
      const res = await driver.app.request('GET', `/v1/moves/${ids[0]}/messages`);
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(res.json().code, 'missing_scope');
      const other = await addCaller(t, 'dealer', [await t.addRooftop({ name: 'Elsewhere Motors' })]);
      for (const path of [`/v1/moves/${ids[0]}/messages`, '/v1/moves/999999/messages', '/v1/moves/abc/messages']) {
        const r = await other.request('GET', path);
        assert.equal(r.statusCode, 404, r.body);
        assert.equal(r.json().code, 'move_invalid');
      }
      const anon = await t.request('GET', `/v1/moves/${ids[0]}/messages`, { token: null });
      assert.equal(anon.statusCode, 401);
    });
  });
}
