// The money path end to end (spec §12.2, §12.3), with nothing set by hand: a move booked under a
// contract is priced, dispatched and driven to delivery (its charge final), the durable billing
// job — queued as at start-up and run by the worker — settles it 7 days later and puts it on its
// payer's weekly invoice, which is processing once the week is over; a payment of its total closes it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BILLING_SWEEP_JOB } from '../../src/modules/billing/settlement/billing-sweep.service.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { addContract, invoiceEvents } from '../support/invoices.ts';
import { addCaller, addDriver, type Caller, dispatchOk, type Doc, stepsOk } from '../support/lifecycle.ts';
import { oneWayRequest } from '../support/requests.ts';

const DAY = 24 * 3600_000;
const cents = (dollars: number) => Math.round(dollars * 100);

for (const engine of engines()) {
  describe(`a delivered move is settled, invoiced and paid, on ${engine}`, () => {
    let t: TestApp;
    let desk: Caller;
    let dealer: Caller;
    before(async () => {
      t = await startTestApp(engine);
      desk = await addCaller(t, 'ops', 'all');
      dealer = await addCaller(t, 'dealer', [t.rooftopId]);
      await addContract(desk, t.rooftopId, 52.5);
    });
    after(() => t.close());

    const document = async (moveId: number) => (await dealer.request('GET', `/v1/moves/${moveId}`)).json() as Doc;
    /** Queues the next sweep as start-up does, moves the clock to it and lets the worker run it. */
    const runSweepJob = async (from: number) => {
      await t.deps.billingSweep.schedule(from);
      const job = await t.deps.database.db.selectFrom('jobs').selectAll().where('kind', '=', BILLING_SWEEP_JOB).where('state', '=', 'queued').orderBy('run_at').executeTakeFirstOrThrow();
      t.clock.set(Number(job.run_at));
      while ((await t.deps.worker.runOnce()) > 0);
      const done = await t.deps.database.db.selectFrom('jobs').select('state').where('id', '=', job.id).executeTakeFirstOrThrow();
      assert.equal(done.state, 'done');
    };

    test('book → deliver → settle → invoice → pay', async () => {
      const booked = await dealer.request('POST', '/v1/one-way-moves', oneWayRequest());
      assert.equal(booked.statusCode, 200, booked.body);
      const moveId = booked.json().move.move_id as number;
      const driver = await addDriver(t, desk, { name: 'Dana Wheeler' });
      await dispatchOk(desk, moveId, driver.driverId);
      t.clock.advance(3600_000);
      await stepsOk(driver.app, moveId);
      const delivered = await document(moveId);
      assert.equal(delivered.charge.status, 'final', 'delivered: the charge is final');
      assert.equal(delivered.move.settled, false);
      const total = (delivered.charge.details as Doc[]).reduce((sum, l) => sum + cents(l.amount), 0);
      assert.ok(total >= cents(52.5));

      await runSweepJob(t.clock.now() + 8 * DAY);
      const settled = await document(moveId);
      assert.deepEqual([settled.move.settled, settled.charge.status], [true, 'settled']);
      const list = (await dealer.request('GET', '/v1/invoices')).json().invoices as Doc[];
      assert.equal(list.length, 1);
      const [invoice] = list as [Doc];
      assert.equal(settled.charge.invoice_id, invoice.id);
      assert.deepEqual([invoice.status, invoice.charges.map((c: Doc) => c.move_id), cents(invoice.total_amount), cents(invoice.balance_remaining)], ['processing', [moveId], total, total]);
      assert.equal(
        (await t.deps.database.db.selectFrom('jobs').select('id').where('kind', '=', BILLING_SWEEP_JOB).where('state', '=', 'queued').execute()).length,
        1,
        'the run queued the next one',
      );

      const paid = await desk.request('POST', `/v1/ops/invoices/${invoice.id}/payments`, { amount: invoice.total_amount, date: '2026-03-30', method: { type: 'card', last4: '4242' } });
      assert.equal(paid.statusCode, 201, paid.body);
      assert.equal(paid.json().invoices[0].status, 'closed');
      assert.deepEqual((await invoiceEvents(t, t.rooftopId)).map((e) => [e.type, e.invoiceId, e.sequence]), [
        ['invoice.created', invoice.id, 1],
        ['invoice.closed', invoice.id, 2],
      ]);
      assert.equal((await document(moveId)).charge.balance_remaining, 0);
    });
  });
}
