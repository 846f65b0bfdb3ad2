// Settlement and weekly invoices (spec §12.2, §12.3): the billing sweep settles charges 7 days after
// their move completed, opens one invoice per payer (the rooftop, a third-party payer) and local
// week, moves it acquiring → processing → closed; two sweeps at once change each thing once and
// write each event once. Readers get `{ "invoices": [ … ] }` (one invoice too), the CSV and the
// PDF; the ops desk records payments (refused with their fields, nothing written) and write-offs;
// a dispute keeps its amount out of due and the invoice open. Charges here are made final by hand
// at chosen instants; test/api/invoices-delivery.test.ts walks a real delivery through.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openDatabase } from '../../src/db/database.ts';
import { BillingSweep, type SweepReport } from '../../src/modules/billing/settlement/billing-sweep.service.ts';
import { PUBLIC_URL, startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { addContract, addPayer, chargeRow, finalizeCharge, invoiceEvents, parseCsv, pdfText } from '../support/invoices.ts';
import { addCaller, assertError, type Caller, type Doc } from '../support/lifecycle.ts';
import { oneWayRequest } from '../support/requests.ts';

const at = (iso: string) => Date.parse(iso);
const cents = (dollars: number) => Math.round(dollars * 100);
const dollars = (c: number) => c / 100;
/** Cents of every line of a charge object. */
const lineCents = (charge: Doc) => (charge.details as Doc[]).reduce((sum, l) => sum + cents(l.amount), 0);
const sumReports = (reports: SweepReport[]) =>
  reports.reduce((a, r) => ({ settled: a.settled + r.settled, attached: a.attached + r.attached, created: a.created + r.created, processing: a.processing + r.processing, closed: a.closed + r.closed }));
const NOTHING = { settled: 0, attached: 0, created: 0, processing: 0, closed: 0 };

type MoveName = 'm1' | 'm2' | 'm3' | 'm4';
/** When each move completed: m4 at 23:30 on the Saturday, New York time — still week A. */
const COMPLETED: Record<MoveName, string> = {
  m1: '2026-03-18T13:00:00Z',
  m2: '2026-03-19T15:00:00Z',
  m3: '2026-03-22T05:00:00Z',
  m4: '2026-03-22T03:30:00Z',
};

for (const engine of engines()) {
  describe(`invoices on ${engine}`, () => {
    let t: TestApp;
    let desk: Caller;
    let dealer: Caller;
    let outsider: Caller;
    let outsideOps: Caller;
    let payerId: number;
    let other: number;
    let second: { sweeper: BillingSweep; close: () => Promise<void> };
    const moves = {} as Record<MoveName, number>;
    /** The invoices by what they are for, as first listed. */
    const inv = {} as Record<'rooftopA' | 'payerA' | 'rooftopB', Doc>;

    before(async () => {
      t = await startTestApp(engine, { WEBHOOK_ALLOW_INSECURE_LOOPBACK: '1' });
      desk = await addCaller(t, 'ops', 'all');
      dealer = await addCaller(t, 'dealer', [t.rooftopId]);
      const hook = await dealer.request('POST', '/v1/webhooks', { target_url: 'http://127.0.0.1:9/hook', secret: 'a-long-enough-signing-secret', event_types: ['invoice.created', 'invoice.closed'] });
      assert.equal(hook.statusCode, 200, hook.body);
      other = await t.addRooftop({ name: 'Elsewhere Motors' });
      outsider = await addCaller(t, 'dealer', [other]);
      outsideOps = await addCaller(t, 'ops', [other]);
      await addContract(desk, t.rooftopId);
      payerId = await addPayer(desk, t.rooftopId, 'Fleet Partners, Inc.');
      for (const [name, payer] of [['m1', null], ['m2', payerId], ['m3', null], ['m4', payerId]] as const) {
        const res = await dealer.request('POST', '/v1/one-way-moves', { ...oneWayRequest(), ...(payer !== null && { third_party_payer: payer }) });
        assert.equal(res.statusCode, 200, res.body);
        moves[name] = res.json().move.move_id;
        assert.equal(res.json().charge.status, 'quoted');
      }
      for (const name of Object.keys(COMPLETED) as MoveName[]) await finalizeCharge(t, moves[name], at(COMPLETED[name]));
      // A second sweeper on a pool of its own on PostgreSQL, as another worker process would have.
      // On SQLite one process's connections would block each other's BEGIN IMMEDIATE (synchronous,
      // up to busy_timeout): the two sweeps share the one connection and interleave between statements.
      const own = engine === 'postgres' ? openDatabase(t.scratch.config, { poolSize: 3 }) : null;
      const database = own ?? t.deps.database;
      second = {
        sweeper: new BillingSweep({ database, clock: t.clock, events: t.deps.events, publicUrl: PUBLIC_URL, config: t.deps.config.billing }),
        close: async () => own?.close(),
      };
    });
    after(async () => {
      await second.close();
      await t.close();
    });

    /** Two sweeps at once, at the test clock's now; their reports added up. */
    const sweepTwice = async () => sumReports(await Promise.all([t.deps.billingSweep.sweep(t.clock.now()), second.sweeper.sweep(t.clock.now())]));
    const charge = async (name: MoveName) => {
      const res = await dealer.request('GET', `/v1/moves/${moves[name]}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as Doc;
    };
    const getInvoice = async (id: number, caller: Caller = dealer) => {
      const res = await caller.request('GET', `/v1/invoices/${id}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(Object.keys(res.json()), ['invoices']);
      assert.equal(res.json().invoices.length, 1);
      return res.json().invoices[0] as Doc;
    };
    const pay = (id: number, body: unknown, caller: Caller = desk) => caller.request('POST', `/v1/ops/invoices/${id}/payments`, body);
    const payment = (amount: number, extra: Doc = {}) => ({ amount, date: '2026-03-30', method: { type: 'ach', last4: '6789' }, ...extra });
    const chargeUpdatedAt = async (moveId: number, when: number) =>
      (await t.deps.database.db.selectFrom('events').select('id').where('move_id', '=', moveId).where('type', '=', 'charge.updated').where('created_at', '=', when).execute()).length;

    test('two sweeps at once open one invoice per payer and local week, put each charge on one, and write each invoice.created once', async () => {
      t.clock.set(at('2026-03-22T12:00:00Z'));
      assert.deepEqual(await sweepTwice(), { ...NOTHING, attached: 4, created: 3 });
      const events = await invoiceEvents(t, t.rooftopId);
      assert.deepEqual(events.map((e) => [e.type, e.sequence]), [['invoice.created', 1], ['invoice.created', 1], ['invoice.created', 1]]);
      assert.equal(new Set(events.map((e) => e.invoiceId)).size, 3);
      assert.deepEqual(events.map((e) => [e.data.id, e.data.status]), events.map((e) => [e.invoiceId, 'acquiring']));
      // One delivery each, ordered per invoice (an invoice's events have no move).
      const deliveries = await t.deps.database.db.selectFrom('jobs').select('payload').where('kind', '=', 'webhook.deliver').execute();
      assert.deepEqual(deliveries.map((j) => JSON.parse(j.payload).invoiceId).sort(), events.map((e) => e.invoiceId).sort());
      assert.deepEqual(await t.deps.billingSweep.sweep(t.clock.now()), NOTHING, 'a later sweep finds nothing to do');
    });

    test('the list: the week bounds in New York time, totals = their charges\' lines, one invoice wrapped as the list is', async () => {
      const res = await dealer.request('GET', '/v1/invoices');
      assert.equal(res.statusCode, 200, res.body);
      const list = res.json().invoices as Doc[];
      assert.deepEqual(list.map((i) => [i.customer.kind, i.start_datetime, i.end_datetime, i.status]), [
        ['rooftop', '2026-03-15T04:00:00Z', '2026-03-22T03:59:59Z', 'acquiring'],
        ['third_party_payer', '2026-03-15T04:00:00Z', '2026-03-22T03:59:59Z', 'acquiring'],
        ['rooftop', '2026-03-22T04:00:00Z', '2026-03-29T03:59:59Z', 'acquiring'],
      ]);
      [inv.rooftopA, inv.payerA, inv.rooftopB] = list as [Doc, Doc, Doc];
      assert.deepEqual(inv.payerA.customer, { id: payerId, name: 'Fleet Partners, Inc.', kind: 'third_party_payer' });
      assert.deepEqual(inv.rooftopA.customer, { id: t.rooftopId, name: "Denny's Automobiles", kind: 'rooftop' });
      const expected: [Doc, MoveName[]][] = [[inv.rooftopA, ['m1']], [inv.payerA, ['m2', 'm4']], [inv.rooftopB, ['m3']]];
      for (const [invoice, names] of expected) {
        assert.deepEqual(invoice.charges.map((c: Doc) => c.move_id), names.map((n) => moves[n]));
        const docs = await Promise.all(names.map(charge));
        const total = docs.reduce((sum, d) => sum + lineCents(d.charge), 0);
        assert.ok(total > 0);
        assert.equal(cents(invoice.total_amount), total);
        assert.equal(cents(invoice.due_amount), total);
        assert.equal(cents(invoice.balance_remaining), total);
        for (const d of docs) assert.equal(d.charge.invoice_id, invoice.id, 'the move document shows the invoice');
        assert.deepEqual(await getInvoice(invoice.id), invoice);
      }
      const caught = await dealer.request('GET', '/v1/events');
      const created = (caught.json().events as Doc[]).filter((e) => e.type === 'invoice.created');
      assert.deepEqual(created.map((e) => e.data.id), list.map((i) => i.id), 'GET /v1/events lists them for the rooftop');
      assert.deepEqual((await outsider.request('GET', '/v1/events')).json().events, []);
    });

    test('7 days after completion a charge settles (charge.updated once, the document says so); the week over and settled, its invoice is processing', async () => {
      t.clock.set(at('2026-03-26T12:00:00Z'));
      assert.deepEqual(await sweepTwice(), { ...NOTHING, settled: 1, processing: 1 });
      assert.equal(await chargeUpdatedAt(moves.m1, t.clock.now()), 1);
      const doc = await charge('m1');
      assert.equal(doc.move.settled, true);
      assert.equal(doc.charge.status, 'settled');
      assert.equal(Number((await chargeRow(t, moves.m1)).settled_at), t.clock.now());
      assert.equal((await getInvoice(inv.rooftopA.id)).status, 'processing');
      assert.equal((await getInvoice(inv.payerA.id)).status, 'acquiring', 'm2 and m4 are not settled yet');
    });

    test('a payment is refused with its fields and writes nothing: three decimals, above the balance, bad date and method, another rooftop', async () => {
      const id = inv.rooftopA.id;
      const balance = inv.rooftopA.balance_remaining as number;
      const before = JSON.stringify(await getInvoice(id));
      assertError(await pay(id, payment(1.234)), 400, 'field_invalid', [['field_invalid', 'amount']]);
      const over = await pay(id, payment(dollars(cents(balance) + 1)));
      assertError(over, 400, 'field_invalid', [['field_invalid', 'amount']]);
      assert.match(over.json().errors[0].message, new RegExp(`at most the invoice's balance_remaining, ${balance.toFixed(2)}`));
      assertError(await pay(id, payment(10, { date: '2026-02-30', method: { type: 'wire', last4: '12a4' } })), 400, 'field_invalid', [
        ['field_invalid', 'date'],
        ['field_invalid', 'method.type'],
        ['field_invalid', 'method.last4'],
      ]);
      assertError(await pay(id, {}), 400, 'field_missing', [['field_missing', 'amount'], ['field_missing', 'date'], ['field_missing', 'method']]);
      assertError(await pay(id, payment(0)), 400, 'field_invalid', [['field_invalid', 'amount']]);
      assertError(await pay(id, payment(10), outsideOps), 404, 'not_found');
      assertError(await pay(id, payment(10), dealer), 403, 'missing_scope');
      assertError(await pay(999_999, payment(10)), 404, 'not_found');
      assertError(await desk.request('POST', '/v1/ops/invoices/abc/payments', payment(10)), 404, 'not_found');
      assert.equal(JSON.stringify(await getInvoice(id)), before, 'nothing written');
      assert.equal(Number((await chargeRow(t, moves.m1)).paid_amount), 0);
    });

    test('payments go to the charges and close a processing invoice once it is paid in full (invoice.closed once); then 409 invoice_closed', async () => {
      const id = inv.rooftopA.id;
      const total = cents(inv.rooftopA.total_amount);
      const first = await pay(id, payment(10));
      assert.equal(first.statusCode, 201, first.body);
      assert.deepEqual(Object.keys(first.json()), ['invoices']);
      const part = first.json().invoices[0];
      assert.equal(part.status, 'processing');
      assert.deepEqual([part.paid_amount, cents(part.balance_remaining)], [10, total - 1000]);
      const chargeId = part.charges[0].id;
      assert.deepEqual(part.payments, [{ amount: 10, date: '2026-03-30', status: 'posted', method: { id: part.payments[0].method.id, type: 'ach', last4: '6789' }, charges: [{ id: chargeId, amount: 10 }] }]);
      assert.equal((await charge('m1')).charge.paid_amount, 10, 'the move document shows what was paid');

      const rest = await pay(id, { amount: dollars(total - 1000), date: '2026-03-31', method: { type: 'check' } });
      assert.equal(rest.statusCode, 201, rest.body);
      const paid = rest.json().invoices[0];
      assert.deepEqual([paid.status, paid.balance_remaining, paid.payments[1].method.last4], ['closed', 0, null]);
      const closed = (await invoiceEvents(t, t.rooftopId)).filter((e) => e.type === 'invoice.closed');
      assert.deepEqual(closed.map((e) => [e.invoiceId, e.sequence, e.data.status]), [[id, 2, 'closed']]);
      assertError(await pay(id, payment(1)), 409, 'invoice_closed', [['invoice_closed', 'id']]);
      assert.deepEqual(await sweepTwice(), NOTHING);
    });

    test('a dispute moves its charge out of due into disputed_amount and keeps the invoice open until resolved and paid', async () => {
      t.clock.set(at('2026-03-29T12:00:00Z'));
      assert.deepEqual(await sweepTwice(), { ...NOTHING, settled: 3, processing: 2 });
      const db = t.deps.database.db;
      await db.updateTable('charges').set({ disputed: 1, dispute_reason: 'vehicle never moved' }).where('move_id', '=', moves.m2).execute();
      const m2 = lineCents((await charge('m2')).charge);
      const m4 = lineCents((await charge('m4')).charge);
      const disputed = await getInvoice(inv.payerA.id);
      assert.deepEqual([disputed.status, cents(disputed.disputed_amount), cents(disputed.due_amount), cents(disputed.balance_remaining)], ['processing', m2, m4, m4]);
      const paid = await pay(inv.payerA.id, payment(dollars(m4)));
      assert.equal(paid.statusCode, 201, paid.body);
      assert.equal(paid.json().invoices[0].status, 'processing', 'the dispute keeps it open');
      assert.deepEqual(paid.json().invoices[0].payments[0].charges.map((c: Doc) => c.id), [Number((await chargeRow(t, moves.m4)).id)], 'a disputed charge takes no payment');
      assert.deepEqual(await sweepTwice(), NOTHING);

      await db.updateTable('charges').set({ disputed: 0, dispute_reason: null }).where('move_id', '=', moves.m2).execute();
      assert.deepEqual(await sweepTwice(), NOTHING, 'resolved, m2 is owed again');
      const last = await pay(inv.payerA.id, payment(dollars(m2)));
      assert.equal(last.json().invoices[0].status, 'closed');
    });

    test('a write-off closes a processing invoice with its reason; a closed one is 409', async () => {
      const off = await desk.request('POST', `/v1/ops/invoices/${inv.rooftopB.id}/write-off`, { reason: 'goodwill' });
      assert.equal(off.statusCode, 200, off.body);
      assert.equal(off.json().invoices[0].status, 'closed');
      const row = await t.deps.database.db.selectFrom('invoices').selectAll().where('id', '=', inv.rooftopB.id).executeTakeFirstOrThrow();
      assert.deepEqual([row.written_off, row.write_off_reason], [1, 'goodwill']);
      assertError(await desk.request('POST', `/v1/ops/invoices/${inv.rooftopB.id}/write-off`, { reason: 'again' }), 409, 'invoice_closed', [['invoice_closed', 'id']]);
      assertError(await desk.request('POST', `/v1/ops/invoices/${inv.payerA.id}/write-off`, { reason: ' ' }), 400, 'field_missing', [['field_missing', 'reason']]);
      const closed = (await invoiceEvents(t, t.rooftopId)).filter((e) => e.type === 'invoice.closed');
      assert.deepEqual(closed.map((e) => e.invoiceId).sort(), [inv.rooftopA.id, inv.payerA.id, inv.rooftopB.id].sort());
    });

    test('the list filters by from (a date or an instant) and pages; bad parameters are 400 at their fields; another rooftop sees nothing', async () => {
      const ids = async (query: string, caller: Caller = dealer) => {
        const res = await caller.request('GET', `/v1/invoices${query}`);
        assert.equal(res.statusCode, 200, res.body);
        return (res.json().invoices as Doc[]).map((i) => i.id);
      };
      assert.deepEqual(await ids('?from=2026-03-22'), [inv.rooftopB.id]);
      assert.deepEqual(await ids('?from=2026-03-22T04:00:00Z'), [inv.rooftopB.id]);
      assert.deepEqual(await ids('?from=2026-03-15'), [inv.rooftopA.id, inv.payerA.id, inv.rooftopB.id]);
      assert.deepEqual(await ids('?limit=1&page=2'), [inv.payerA.id]);
      assert.deepEqual(await ids(`?rooftop=${t.rooftopId}`, desk), [inv.rooftopA.id, inv.payerA.id, inv.rooftopB.id]);
      assert.deepEqual(await ids(`?rooftop=${other}`, desk), []);
      assert.deepEqual(await ids('', outsider), []);
      assertError(await dealer.request('GET', '/v1/invoices?limit=0&page=0&from=yesterday&rooftop=abc'), 400, 'field_invalid', [
        ['field_invalid', 'limit'],
        ['field_invalid', 'page'],
        ['field_invalid', 'from'],
        ['field_invalid', 'rooftop'],
      ]);
      assertError(await dealer.request('GET', `/v1/invoices?rooftop=${other}`), 400, 'field_invalid', [['field_invalid', 'rooftop']]);
      for (const suffix of ['', '.csv', '.pdf']) assertError(await outsider.request('GET', `/v1/invoices/${inv.payerA.id}${suffix}`), 404, 'not_found');
      assertError(await dealer.request('GET', '/v1/invoices/abc'), 404, 'not_found');
      assertError(await dealer.request('GET', `/v1/invoices/${inv.payerA.id}.xls`), 404, 'not_found');
    });

    test('the CSV has a header and one row per charge line; the PDF states the total the API gives', async () => {
      const invoice = await getInvoice(inv.payerA.id);
      const csv = await dealer.request('GET', `/v1/invoices/${invoice.id}.csv`);
      assert.equal(csv.statusCode, 200);
      assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
      assert.equal(csv.headers['content-disposition'], `attachment; filename="invoice-${invoice.id}.csv"`);
      const rows = parseCsv(csv.body);
      const lines = (invoice.charges as Doc[]).flatMap((c) => c.details as Doc[]);
      assert.equal(rows.length, 1 + lines.length);
      assert.equal(rows[0]![0], 'invoice_id');
      const amount = rows[0]!.indexOf('amount');
      assert.equal(rows.slice(1).reduce((sum, r) => sum + cents(Number(r[amount])), 0), cents(invoice.total_amount));

      const pdf = await dealer.request('GET', `/v1/invoices/${invoice.id}.pdf`);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      const text = await pdfText(pdf.rawPayload);
      assert.ok(text.includes(`Invoice #${invoice.id}`), text);
      assert.ok(text.includes((invoice.total_amount as number).toFixed(2)), `the PDF shows ${invoice.total_amount}: ${text}`);
      assert.ok(text.includes('Fleet Partners, Inc.'));
    });
  });
}
