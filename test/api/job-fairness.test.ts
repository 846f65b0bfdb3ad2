// Issue 10 item 3: one tenant cannot stall everyone's jobs. Rooftop A subscribes a receiver that
// accepts the connection and never answers, and books enough moves to fill any batch with
// deliveries that each hold a worker slot for the transport's whole 10 s timeout. Rooftop B's
// webhooks, its customer's text and its cancel decision must still go out within 2 s: the worker
// claims as slots free up (no batch waits for its slowest job), caps webhooks per kind, per target
// host and per rooftop, and serves the least busy rooftop first.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WEBHOOK_DELIVER_JOB } from '../../src/modules/webhooks/webhook-delivery.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { type BlackHole, startBlackHole } from '../support/black-hole.ts';
import { engines } from '../support/databases.ts';
import { waitUntil } from '../support/handoff-process.ts';
import { addCaller, book, type Caller, ONE_WAY } from '../support/lifecycle.ts';
import { conciergeRequest } from '../support/requests.ts';
import { startTwilioStub, type TwilioStub } from '../support/twilio-stub.ts';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const SECRET = 'whsec_fairness_test_secret_42';
const FROM = '+18045550100';
/** The acceptance bound of the issue: B's jobs go out this soon after B's writes. */
const WITHIN_MS = 2000;
/** More than a batch of the old worker (10), so it would wait on the black hole twice over. */
const A_BOOKINGS = 16;

for (const engine of engines()) {
  describe(`fair job queue on ${engine}`, { timeout: 60_000 }, () => {
    let t: TestApp;
    let stub: TwilioStub;
    let hole: BlackHole;
    let receiver: WebhookReceiver;

    before(async () => {
      stub = await startTwilioStub();
      // CANCEL_DECISION_DELAY_MS=0: a cancel request is decided by the rule as soon as the worker gets to it.
      t = await startTestApp(engine, { WEBHOOK_ALLOW_INSECURE_LOOPBACK: '1', CANCEL_DECISION_DELAY_MS: '0', ...stub.env(FROM) });
      hole = await startBlackHole();
      receiver = await startReceiver(SECRET);
    });
    after(async () => {
      await hole.close();
      await t.close();
      await receiver.stop();
      await stub.close();
    });

    const subscribe = async (dealer: Caller, targetUrl: string) => {
      const res = await dealer.request('POST', '/v1/webhooks', { target_url: targetUrl, secret: SECRET, event_types: ['*'] });
      assert.equal(res.statusCode, 200, res.body);
    };
    const eventIdsOf = async (rooftopId: number) =>
      (await t.deps.database.db.selectFrom('events').select('id').where('rooftop_id', '=', rooftopId).execute()).map((e) => e.id);
    const decidedBy = async (moveId: number) =>
      (await t.deps.database.db.selectFrom('moves').select('cancel_decided_by').where('id', '=', moveId).executeTakeFirstOrThrow())
        .cancel_decided_by;

    test("a rooftop's black-hole receiver does not delay another rooftop's webhooks, texts and cancel decisions", async (ctx) => {
      const dealerA = await addCaller(t, 'dealer', [t.rooftopId]);
      const rooftopB = await t.addRooftop({ name: 'Second Street Motors' });
      const dealerB = await addCaller(t, 'dealer', [rooftopB]);
      await subscribe(dealerA, hole.url());
      await subscribe(dealerB, receiver.url());
      for (let i = 0; i < A_BOOKINGS; i++) await book(dealerA, ONE_WAY.path, ONE_WAY.body(), ONE_WAY.legs);
      const backlog = await t.deps.database.db.selectFrom('jobs').select('id').where('kind', '=', WEBHOOK_DELIVER_JOB).execute();
      assert.ok(backlog.length >= A_BOOKINGS, `rooftop A has ${backlog.length} deliveries waiting`);

      const worker = t.deps.worker;
      worker.start();
      try {
        await waitUntil('the worker to be stuck in the black hole', () => hole.accepted > 0, { timeoutMs: 10_000, intervalMs: 5 });

        const phone = '+18045550177';
        const concierge = conciergeRequest('pickup');
        concierge.customer_phone = phone;
        await book(dealerB, '/v1/concierge-moves', concierge, ['customer_move']);
        const { ids } = await book(dealerB, ONE_WAY.path, ONE_WAY.body(), ONE_WAY.legs);
        const canceled = await dealerB.request('POST', '/v1/cancelation', { move_id: ids[0] });
        assert.equal(canceled.statusCode, 200, canceled.body);

        const wrote = performance.now();
        const delivered = () => new Set(receiver.requests.filter((r) => r.signatureValid).map((r) => r.json?.id));
        const state = async () => {
          const events = await eventIdsOf(rooftopB);
          return {
            undelivered: events.filter((id) => !delivered().has(id)).length,
            texted: stub.messages.some((m) => m.to === phone),
            decidedBy: await decidedBy(ids[0]!),
          };
        };
        await waitUntil(
          "rooftop B's deliveries, text and cancel decision",
          async () => {
            const s = await state();
            // The decision writes an event of its own, whose delivery is waited for too.
            return s.texted && s.decidedBy === 'rule' && s.undelivered === 0;
          },
          { timeoutMs: WITHIN_MS, intervalMs: 10, describe: async () => JSON.stringify(await state()) },
        );
        ctx.diagnostic(`rooftop B's jobs done ${Math.round(performance.now() - wrote)} ms after its writes; the black hole holds ${hole.accepted}`);
        assert.ok(hole.accepted > 0 && hole.accepted < backlog.length, 'rooftop A was still stuck meanwhile');
      } finally {
        // Cutting the black hole's connections ends the deliveries it holds, so stop() need not wait out their timeout.
        await hole.close();
        await worker.stop();
      }
    });
  });
}
