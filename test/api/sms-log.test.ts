// The default `log` provider (spec §8): texts are decided, stored and logged exactly as with
// Twilio, and nothing leaves the machine — even with Twilio credentials configured, when
// SMS_PROVIDER=log says so.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Worker } from '../../src/jobs/worker.ts';
import { LogSender } from '../../src/modules/sms/sms-senders.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { addCaller, addDriver, book, dispatchOk, stepsOk } from '../support/lifecycle.ts';
import { conciergeLoanerRequest } from '../support/requests.ts';
import { startTwilioStub, type TwilioStub } from '../support/twilio-stub.ts';

async function drain(worker: Worker): Promise<void> {
  for (let i = 0; i < 100; i++) if ((await worker.runOnce()) === 0) return;
  assert.fail('jobs kept coming');
}

for (const engine of engines()) {
  describe(`customer texts with the log provider on ${engine}`, () => {
    let stub: TwilioStub;
    let t: TestApp;
    before(async () => {
      stub = await startTwilioStub();
      // Twilio fully configured and pointed at the stub, but SMS_PROVIDER=log wins.
      t = await startTestApp(engine, { ...stub.env(), SMS_PROVIDER: 'log' });
    });
    after(async () => {
      await t.close();
      await stub.close();
    });

    test('the default, and SMS_PROVIDER=log, store and log every text and send none', async () => {
      const plain = await startTestApp(engine);
      try {
        assert.equal(plain.deps.config.sms.provider, 'log');
        assert.ok(plain.deps.sms.sender instanceof LogSender);
      } finally {
        await plain.close();
      }
      const sender = t.deps.sms.sender;
      assert.ok(sender instanceof LogSender);

      const dealer = await addCaller(t, 'dealer', [t.rooftopId]);
      const ops = await addCaller(t, 'ops', [t.rooftopId]);
      const driver = await addDriver(t, await addCaller(t, 'ops', 'all'), { name: 'Sam Rivera' });
      const { ids } = await book(dealer, '/v1/concierge-loaner-moves', conciergeLoanerRequest(), ['loaner_move', 'customer_move']);
      await dispatchOk(ops, ids[0]!, driver.driverId);
      for (const id of ids) await stepsOk(driver.app, id);
      await drain(t.deps.worker);

      assert.deepEqual(stub.requests, [], 'nothing reached the (Twilio) network');
      const rows = await t.deps.database.db.selectFrom('sms_messages').selectAll().orderBy('id').execute();
      assert.deepEqual(
        rows.map((r) => [r.trigger, r.to_phone, r.status, r.provider]),
        [
          ['confirmed', '+18888888888', 'sent', 'log'],
          ['on_the_way', '+18888888888', 'sent', 'log'],
          ['arrived', '+18888888888', 'sent', 'log'],
          ['delivered', '+18888888888', 'sent', 'log'],
        ],
      );
      for (const r of rows) assert.match(r.provider_message_id!, /^log-/);
      // The log sender saw exactly the stored texts (the jobs of one batch run concurrently, so in any order).
      const byId = (a: (string | null)[], b: (string | null)[]) => String(a[2]).localeCompare(String(b[2]));
      assert.deepEqual(
        sender.recent.map((m) => [m.to, m.body, m.providerMessageId]).sort(byId),
        rows.map((r) => [r.to_phone, r.body, r.provider_message_id]).sort(byId),
      );
      assert.match(rows[0]!.body, /^Denny's Automobiles: Hi Harry, your service pickup is confirmed for Wed, Mar 25 at 10:00 AM EDT\./);

      const res = await dealer.request('GET', `/v1/moves/${ids[1]}/messages`);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        res.json().messages.map((m: { trigger: string; status: string }) => `${m.trigger}:${m.status}`),
        ['confirmed:sent', 'on_the_way:sent', 'arrived:sent', 'delivered:sent'],
      );
    });
  });
}
