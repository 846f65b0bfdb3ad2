// The acceptance test of money (issue 15): a simulated month on a ManualClock. Bookings every day
// from Sunday 2026-02-22 to Saturday 2026-03-28 — across the switch to daylight saving time on
// 2026-03-08 — a third of them billed to a third-party payer; some canceled before the driver set
// out, some canceled after (partial), some disputed (one of them never resolved). The billing sweep
// runs every evening. At the end: five weekly invoices per payer whose local weeks are right, whose
// totals equal the sum of their moves' charges (as GET /v1/moves/:id shows them), no move on two
// invoices and every completed move on one; the right ones closed once paid, the one with an open
// dispute still processing. Every sweep runs twice at once, and a settled charge is marked settled
// once, an invoice created and closed once each.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { addCaller, addDriver, type Caller, cancel, dispatchOk, sendStep, position, stepsOk, type TestDriver } from '../support/lifecycle.ts';
import { oneWayRequestReadyBy } from '../support/requests.ts';

type Doc = Record<string, any>;
const DAY = 86_400_000;
const MIN = 60_000;
const FIRST_DAY = Date.parse('2026-02-22T14:00:00Z'); // Sunday, 09:00 in Richmond (EST)
const DAYS = 35; // through Saturday 2026-03-28
const cents = (dollars: number) => Math.round(dollars * 100);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

type Fate = 'delivered' | 'canceled' | 'partial';
interface Booked {
  moveId: number;
  payer: 'rooftop' | 'fleet';
  fate: Fate;
}

/** Day i's fate: every fifth canceled before the driver sets out, every seventh canceled after. */
const fateOf = (i: number): Fate => (i % 5 === 4 ? 'canceled' : i % 7 === 3 ? 'partial' : 'delivered');

for (const engine of engines()) {
  describe(`a simulated month of money on ${engine}`, () => {
    let t: TestApp;
    let dealer: Caller;
    let ops: Caller;
    let driver: TestDriver;
    let fleet: number;
    const booked: Booked[] = [];
    const disputedOpen = new Set<number>();

    before(async () => {
      t = await startTestApp(engine);
      t.clock.set(FIRST_DAY - DAY);
      dealer = await addCaller(t, 'dealer', [t.rooftopId]);
      ops = await addCaller(t, 'ops', 'all');
      driver = await addDriver(t, ops, { name: 'Dana Driver' });
      const contract = await ops.request('POST', '/v1/ops/contracts', {
        rooftop: t.rooftopId,
        begin_date: '2026-02-01',
        end_date: '2026-04-30',
        mileage_bands: [
          { rate: 45.01, type: 'flat', class: 'stranded', distance_start: 0, distance_end: 25 },
          { rate: 1.37, type: 'per', class: 'stranded', distance_start: 25, distance_end: 250 },
          { rate: 0.99, type: 'per', class: 'base', distance_start: 0, distance_end: 250 },
        ],
        accessorials: { wait_per_minute: 0.33, wait_free_minutes: 15, cancel_partial_fee: 25 },
      });
      assert.equal(contract.statusCode, 201, contract.body);
      const payer = await ops.request('POST', '/v1/ops/payers', { rooftop: t.rooftopId, name: 'Fleet Leasing Co' });
      assert.equal(payer.statusCode, 201, payer.body);
      fleet = payer.json().id;
    });
    after(() => t.close());

    /** One day: book at 09:00 local for noon, then play the move's fate out and run the evening sweep. */
    async function day(i: number): Promise<void> {
      t.clock.set(FIRST_DAY + i * DAY);
      const body = oneWayRequestReadyBy(iso(t.clock.now() + 3 * 3600_000));
      const payer = i % 3 === 1 ? 'fleet' : 'rooftop';
      if (payer === 'fleet') body.third_party_payer = fleet;
      const res = await dealer.request('POST', '/v1/one-way-moves', body);
      assert.equal(res.statusCode, 200, res.body);
      const moveId: number = res.json().move.move_id;
      const fate = fateOf(i);
      booked.push({ moveId, payer, fate });
      t.clock.advance(3 * 3600_000);
      if (fate === 'canceled') {
        await cancel(dealer, ops, moveId, 'canceled');
      } else {
        await dispatchOk(ops, moveId, driver.driverId);
        if (fate === 'partial') {
          assert.equal((await sendStep(driver.app, moveId, { step: 'pickup_started', ...position })).statusCode, 200);
          await cancel(dealer, ops, moveId, 'partial');
        } else {
          await stepsOk(driver.app, moveId, ['pickup_started', 'pickup_arrived']);
          t.clock.advance((10 + (i % 4) * 9) * MIN); // 10 to 37 minutes at the pickup: some earn WAIT
          await stepsOk(driver.app, moveId, ['pickup_successful', 'delivery_started', 'delivery_arrived', 'delivery_successful']);
        }
      }
      // Every sixth delivered move is disputed by the dealer; all but one are resolved a day later.
      if (fate === 'delivered' && i % 6 === 2) {
        const d = await dealer.request('POST', `/v1/moves/${moveId}/charge/dispute`, { reason: 'the driver waited for the porter, not for us' });
        assert.equal(d.statusCode, 200, d.body);
        disputedOpen.add(moveId);
      }
      for (const id of [...disputedOpen]) {
        if (id === moveId || id === firstDisputed()) continue;
        const r = await ops.request('POST', `/v1/ops/moves/${id}/charge/resolve-dispute`, { notes: 'checked the timestamps with the dealer' });
        assert.equal(r.statusCode, 200, r.body);
        disputedOpen.delete(id);
      }
      t.clock.set(FIRST_DAY + i * DAY + 10 * 3600_000); // 19:00 local
      // The evening's job, run twice at once (two workers, or a lease lost mid-run): exactly once.
      await Promise.all([t.deps.billingSweep.sweep(), t.deps.billingSweep.sweep()]);
    }
    const firstDisputed = () => booked.find((b) => b.fate === 'delivered' && booked.indexOf(b) % 6 === 2)?.moveId;

    const invoicesNow = async (): Promise<Doc[]> => {
      const res = await dealer.request('GET', `/v1/invoices?rooftop=${t.rooftopId}&limit=100`);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(Object.keys(res.json()), ['invoices']);
      return res.json().invoices;
    };

    test('a month of bookings, cancelations and disputes ends in weekly invoices that add up', async () => {
      for (let i = 0; i < DAYS; i++) await day(i);
      // Ten days after the last move, every charge is settled and every week over.
      t.clock.set(FIRST_DAY + (DAYS + 10) * DAY);
      await Promise.all([t.deps.billingSweep.sweep(), t.deps.billingSweep.sweep()]);

      const invoices = await invoicesNow();
      const byCustomer = new Map<string, Doc[]>();
      for (const inv of invoices) {
        const key = inv.customer.id === fleet && inv.customer.kind === 'third_party_payer' ? 'fleet' : 'rooftop';
        byCustomer.set(key, [...(byCustomer.get(key) ?? []), inv]);
      }
      // Five local weeks, Sunday to Saturday, for each payer.
      const weeks = ['2026-02-22', '2026-03-01', '2026-03-08', '2026-03-15', '2026-03-22'];
      for (const key of ['rooftop', 'fleet']) {
        const list = (byCustomer.get(key) ?? []).sort((a, b) => a.start_datetime.localeCompare(b.start_datetime));
        assert.equal(list.length, 5, `${key}: five weekly invoices`);
        // Midnight in Richmond: EST (UTC−5) before 2026-03-08, EDT (UTC−4) from the week after.
        assert.deepEqual(
          list.map((inv) => [inv.start_datetime, inv.end_datetime]),
          [
            ['2026-02-22T05:00:00Z', '2026-03-01T04:59:59Z'],
            ['2026-03-01T05:00:00Z', '2026-03-08T04:59:59Z'],
            ['2026-03-08T05:00:00Z', '2026-03-15T03:59:59Z'], // the 167-hour week
            ['2026-03-15T04:00:00Z', '2026-03-22T03:59:59Z'],
            ['2026-03-22T04:00:00Z', '2026-03-29T03:59:59Z'],
          ],
          `${key}: local weeks ${weeks.join(', ')}`,
        );
      }

      // Each move on exactly one invoice, its payer's, and every invoice's total the sum of its moves' charges.
      const onInvoice = new Map<number, Doc>();
      for (const inv of invoices) {
        let total = 0;
        for (const charge of inv.charges) {
          assert.ok(!onInvoice.has(charge.move_id), `move ${charge.move_id} is on two invoices`);
          onInvoice.set(charge.move_id, inv);
          const doc = (await dealer.request('GET', `/v1/moves/${charge.move_id}`)).json();
          assert.equal(doc.move.settled, true, `move ${charge.move_id} settled`);
          assert.equal(doc.charge.invoice_id, inv.id);
          const lines = doc.charge.details.reduce((s: number, l: Doc) => s + cents(l.amount), 0);
          assert.equal(cents(doc.charge.due_amount) - cents(doc.charge.discount_amount), lines, 'a charge is the sum of its lines');
          total += lines;
        }
        assert.equal(cents(inv.total_amount), total, `invoice ${inv.id}: total = the sum of its moves' charges`);
        assert.equal(cents(inv.due_amount) + cents(inv.disputed_amount) - cents(inv.discount_amount), total);
      }
      for (const b of booked) {
        const inv = onInvoice.get(b.moveId);
        assert.ok(inv, `move ${b.moveId} (${b.fate}) is on an invoice`);
        assert.equal(inv.customer.kind === 'third_party_payer' ? 'fleet' : 'rooftop', b.payer, `move ${b.moveId} billed to its payer`);
      }
      const canceled = booked.filter((b) => b.fate === 'canceled');
      assert.ok(canceled.length >= 6 && booked.some((b) => b.fate === 'partial'));
      for (const b of canceled) assert.equal(onInvoice.get(b.moveId)!.charges.find((c: Doc) => c.move_id === b.moveId).due_amount, 0);

      // Every invoice is processing now: the week is over and its charges settled (or closed, if it owes nothing).
      for (const inv of invoices) assert.ok(['processing', 'closed'].includes(inv.status), `invoice ${inv.id} is ${inv.status}`);
      const stuck = onInvoice.get(firstDisputed()!)!;
      assert.ok(cents(stuck.disputed_amount) > 0, 'the open dispute holds its amount apart');

      // Ops record payments in full: each invoice closes but the one with the open dispute.
      for (const inv of invoices.filter((x) => x.status === 'processing' && cents(x.balance_remaining) > 0)) {
        const paid = await ops.request('POST', `/v1/ops/invoices/${inv.id}/payments`, {
          amount: inv.balance_remaining,
          date: '2026-04-10',
          method: { type: 'ach', last4: '6789' },
        });
        assert.equal(paid.statusCode, 201, paid.body);
      }
      await t.deps.billingSweep.sweep();
      for (const inv of await invoicesNow()) {
        const expected = inv.id === stuck.id ? 'processing' : 'closed';
        assert.equal(inv.status, expected, `invoice ${inv.id}`);
      }
    });

    test('two sweeps at once, twice over, change nothing and repeat no event', async () => {
      const snapshot = async () => ({
        invoices: await invoicesNow(),
        charges: await t.deps.database.db.selectFrom('charges').selectAll().orderBy('id').execute(),
        events: await t.deps.database.db.selectFrom('events').select(['type', 'invoice_id', 'move_id']).orderBy('position').execute(),
      });
      const first = await snapshot();
      t.clock.advance(DAY);
      await Promise.all([t.deps.billingSweep.sweep(), t.deps.billingSweep.sweep()]);
      await Promise.all([t.deps.billingSweep.sweep(), t.deps.billingSweep.sweep()]);
      assert.deepEqual(await snapshot(), first);
      const created = first.events.filter((e) => e.type === 'invoice.created').map((e) => e.invoice_id);
      assert.equal(created.length, 10);
      assert.equal(new Set(created).size, 10, 'one invoice.created per invoice');
      const closed = first.events.filter((e) => e.type === 'invoice.closed').map((e) => e.invoice_id);
      assert.equal(closed.length, 9);
      assert.equal(new Set(closed).size, 9, 'one invoice.closed per closed invoice');
    });
  });
}
