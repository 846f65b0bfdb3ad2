// Every POST that writes stores its Idempotency-Key answer in the transaction of its change (issue
// 11), on SQLite and on PostgreSQL. Otherwise a process that dies between the commit and the answer
// leaves a committed change behind a 'running' key, and once the key's lease lapses a retry with the
// same key makes the change again. Two checks:
//   - through HTTP, with the database's statement log: the key's answer is written between the
//     BEGIN and the COMMIT that hold the change itself (a crash after that commit finds it stored),
//     the stored row is done with exactly the bytes sent, and a repeat gets those bytes back;
//   - through the services: when the transaction fails after the answer was written in it, neither
//     the change nor the answer persists.
// POST /v1/ops/drivers is the exception on purpose: its answer shows a secret, stored only sealed,
// by onSend (recordIdempotentResponse never stores it in the clear).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { claimKey, completeKey } from '../../src/http/idempotency/idempotency.repository.ts';
import type { WriteOptions } from '../../src/db/executor.ts';
import type { AuthContext } from '../../src/modules/auth/auth-context.ts';
import { addDriver as addDriverRecord } from '../../src/modules/drivers/drivers.service.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { addCaller, addDriver, bookCase, type Caller, dispatchOk, ONE_WAY, position, type TestDriver } from '../support/lifecycle.ts';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const SECRET = 'whsec_idempotent_writes_0123';
const STORE = /^update "idempotency_keys" set "state"/i;
let keySeq = 0;
const newKey = () => `write-${process.pid}-${++keySeq}`;

for (const engine of engines()) {
  describe(`answers stored with their change on ${engine}`, () => {
    let t: TestApp;
    let receiver: WebhookReceiver;
    let dealer: Caller;
    let desk: Caller;
    let driver: TestDriver;
    const statements: string[] = [];
    let capturing = false;

    before(async () => {
      t = await startTestApp(engine, { SANDBOX: '1', WEBHOOK_ALLOW_INSECURE_LOOPBACK: '1' }, {
        log: (event) => {
          if (capturing && event.level === 'query') statements.push(event.query.sql.trim());
        },
      });
      receiver = await startReceiver(SECRET);
      dealer = await addCaller(t, 'dealer', [t.rooftopId]);
      desk = await addCaller(t, 'ops', 'all');
      driver = await addDriver(t, desk, { name: 'Dana Wheeler', canDriveManual: true });
    });
    after(async () => {
      await receiver.stop();
      await t.close();
    });

    const post = async (caller: Caller, url: string, body: unknown, key: string) =>
      t.request('POST', url, { token: await caller.bearer(), body, headers: { 'idempotency-key': key } });
    const storedRow = (clientId: string, key: string) =>
      t.deps.database.db.selectFrom('idempotency_keys').selectAll().where('client_id', '=', clientId).where('key', '=', key).executeTakeFirstOrThrow();

    /** Sends once with a new key, logging the statements; returns the answer and the log. */
    async function sendLogged(caller: Caller, url: string, body: unknown) {
      await caller.bearer(); // any authorization happens before the log starts
      const key = newKey();
      statements.length = 0;
      capturing = true;
      let res: LightMyRequestResponse;
      try {
        res = await post(caller, url, body, key);
      } finally {
        capturing = false;
      }
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      return { key, res, log: [...statements] };
    }

    /** The answer is written inside the transaction that makes `change`, stored as sent, and replayed. */
    async function assertStoredWithChange(caller: Caller, url: string, body: unknown, change: RegExp): Promise<LightMyRequestResponse> {
      const { key, res, log } = await sendLogged(caller, url, body);
      const stored = log.findIndex((s) => STORE.test(s));
      assert.ok(stored >= 0, `${url}: the answer was stored`);
      let begin = stored;
      while (begin >= 0 && !/^begin/i.test(log[begin]!)) begin--;
      assert.ok(begin >= 0, `${url}: the answer was stored inside a transaction:\n${log.join('\n')}`);
      assert.ok(!log.slice(begin, stored).some((s) => /^(commit|rollback)/i.test(s)), `${url}: no commit between BEGIN and the stored answer`);
      const end = log.findIndex((s, i) => i > stored && /^(commit|rollback)/i.test(s));
      assert.match(log[end] ?? '', /^commit/i, `${url}: the transaction commits`);
      assert.ok(log.slice(begin, end).some((s) => change.test(s)), `${url}: the change is in that transaction (${change}):\n${log.slice(begin, end + 1).join('\n')}`);

      const row = await storedRow(caller.clientId, key);
      assert.equal(row.state, 'done');
      assert.equal(Number(row.status_code), 200);
      assert.equal(row.response_body, res.body, `${url}: the stored answer is the bytes sent`);
      const again = await post(caller, url, body, key);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.body, res.body);
      return res;
    }

    test('booking, dispatch, driver step and location, cancelation and its decision', async () => {
      const booked = await assertStoredWithChange(dealer, ONE_WAY.path, ONE_WAY.body(), /^insert into "scenarios"/i);
      const moveId: number = booked.json().move.move_id;
      await assertStoredWithChange(desk, `/v1/ops/moves/${moveId}/dispatch`, { driver_id: driver.driverId }, /^update "moves"/i);
      await assertStoredWithChange(driver.app, `/v1/driver/moves/${moveId}/steps`, { step: 'pickup_started', ...position }, /^insert into "move_steps"/i);
      await assertStoredWithChange(driver.app, '/v1/driver/location', { lat: 37.55, lon: -77.45 }, /^update "drivers"/i);

      const other = await bookCase(dealer, ONE_WAY);
      await assertStoredWithChange(dealer, '/v1/cancelation', { move_id: other.ids[0] }, /^insert into "jobs"/i);
      await assertStoredWithChange(desk, `/v1/ops/moves/${other.ids[0]}/cancel-decision`, { outcome: 'canceled' }, /^update "moves"/i);
    });

    test('webhook subscription and test delivery, sandbox run', async () => {
      const created = await assertStoredWithChange(
        dealer,
        '/v1/webhooks',
        { target_url: receiver.url(), secret: SECRET, event_types: ['move.created'] },
        /^insert into "webhooks"/i,
      );
      await assertStoredWithChange(dealer, `/v1/webhooks/${created.json().webhook_id}/test`, {}, /^insert into "webhook_deliveries"/i);
      const fresh = await bookCase(dealer, ONE_WAY);
      await assertStoredWithChange(dealer, `/v1/mock/${fresh.ids[0]}`, { sequence: 'new-to-successful', interval: 0 }, /^insert into "jobs"/i);
    });

    test('a new driver: the answer with its secret is stored sealed, after the transaction', async () => {
      const { key, res, log } = await sendLogged(desk, '/v1/ops/drivers', { name: 'Sam Sealed', phone: '804-555-0188' });
      const stored = log.findIndex((s) => STORE.test(s));
      const commit = log.findIndex((s) => /^commit/i.test(s));
      assert.ok(commit >= 0 && stored > commit, 'stored by onSend, once the driver is committed');
      const row = await storedRow(desk.clientId, key);
      assert.equal(row.state, 'done');
      assert.notEqual(row.response_body, res.body, 'sealed');
      assert.ok(!row.response_body!.includes(res.json().client_secret), 'the secret is not stored in the clear');
      const again = await post(desk, '/v1/ops/drivers', { name: 'Sam Sealed', phone: '804-555-0188' }, key);
      assert.equal(again.body, res.body);
    });

    test('a transaction that fails after the answer was written keeps neither the change nor the answer', async () => {
      const db = t.deps.database.db;
      const auth = (caller: Caller, extra: Partial<AuthContext> = {}): AuthContext => ({
        clientId: caller.clientId,
        role: 'dealer',
        rooftopIds: [t.rooftopId],
        allRooftops: false,
        driverId: null,
        ...extra,
      });
      /** Claims a key, runs `write` with a hook that stores the answer and then fails, and returns the key's row. */
      async function failAfterAnswer(caller: Caller, write: (options: WriteOptions) => Promise<unknown>) {
        const key = newKey();
        const now = t.clock.now();
        assert.ok(await claimKey(db, { clientId: caller.clientId, key, requestHash: 'h', now, leaseMs: 60_000, owner: 'test' }));
        let answered = false;
        await assert.rejects(
          write({
            inTransaction: async (trx, json) => {
              await completeKey(trx, { clientId: caller.clientId, key, statusCode: 200, contentType: 'application/json', body: json });
              answered = true;
              throw new Error('the process dies here');
            },
          }),
          /the process dies here/,
        );
        assert.ok(answered, 'the answer was written in the transaction');
        const row = await storedRow(caller.clientId, key);
        assert.equal(row.state, 'running', 'the stored answer rolled back with the change');
        assert.equal(row.response_body, null);
      }
      const moveOf = (id: number) => db.selectFrom('moves').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const count = async (table: 'jobs' | 'move_steps' | 'webhooks' | 'webhook_deliveries' | 'drivers') =>
        Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const { lifecycle, driverApp, sandbox, webhooks } = t.deps;
      const deskAuth = auth(desk, { role: 'ops', allRooftops: true });

      const a = (await bookCase(dealer, ONE_WAY)).ids[0]!;
      await failAfterAnswer(desk, (o) => lifecycle.dispatch(deskAuth, a, driver.driverId, o));
      assert.equal((await moveOf(a)).driver_id, null, 'not dispatched');

      const jobs = await count('jobs');
      await failAfterAnswer(dealer, (o) => lifecycle.requestCancel(auth(dealer), a, o));
      assert.equal((await moveOf(a)).cancel_status, null, 'no cancelation pending');
      assert.equal(await count('jobs'), jobs, 'no decision job queued');
      await failAfterAnswer(dealer, (o) => sandbox.start(auth(dealer), a, 'new-to-successful', 0, o));
      assert.equal(await count('jobs'), jobs, 'no sandbox step queued');

      await dispatchOk(desk, a, driver.driverId);
      const steps = await count('move_steps');
      const input = { step: 'pickup_started' as const, ...position, odometer: null, fuelLevel: null, notes: null };
      await failAfterAnswer(driver.app, (o) => driverApp.step(driver.driverId, a, input, o));
      assert.equal((await moveOf(a)).status, 'dispatched', 'the step is not recorded');
      assert.equal(await count('move_steps'), steps);
      const located = await db.selectFrom('drivers').select(['last_lat', 'last_located_at']).where('id', '=', driver.driverId).executeTakeFirstOrThrow();
      await failAfterAnswer(driver.app, (o) => driverApp.reportPosition(driver.driverId, { lat: 1, lon: 2 }, o));
      assert.deepEqual(await db.selectFrom('drivers').select(['last_lat', 'last_located_at']).where('id', '=', driver.driverId).executeTakeFirstOrThrow(), located);

      await lifecycle.requestCancel(auth(dealer), a);
      await failAfterAnswer(desk, (o) => lifecycle.decideCancel(deskAuth, a, 'canceled', o));
      assert.equal((await moveOf(a)).cancel_status, 'pending', 'still undecided');

      const hooks = await count('webhooks');
      const fields = { rooftopId: t.rooftopId, targetUrl: receiver.url(), secret: SECRET, eventTypes: ['*'], description: null };
      await failAfterAnswer(dealer, (o) => webhooks.service.create(fields, o));
      assert.equal(await count('webhooks'), hooks, 'no subscription');
      const hookId = JSON.parse(await webhooks.service.create(fields)).webhook_id as number;
      const deliveries = await count('webhook_deliveries');
      await failAfterAnswer(dealer, (o) => webhooks.service.sendTest(auth(dealer), hookId, o));
      assert.equal(await count('webhook_deliveries'), deliveries, 'the attempt is not recorded');

      const drivers = await count('drivers');
      await failAfterAnswer(desk, (o) =>
        addDriverRecord(t.deps.database, { name: 'Never Added', phone: '804-555-0177' }, { ids: t.deps.ids, clock: t.clock }, o),
      );
      assert.equal(await count('drivers'), drivers, 'no driver');
    });
  });
}
