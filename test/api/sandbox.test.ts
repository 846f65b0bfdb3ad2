// Sandbox sequences (spec §7): real state changes from durable jobs, only in sandbox mode.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createDeps } from '../../src/deps.ts';
import type { Worker } from '../../src/jobs/worker.ts';
import { engines } from '../support/databases.ts';
import { PUBLIC_URL, startTestApp, type TestApp } from '../support/app.ts';
import { conciergeLoanerRequest } from '../support/requests.ts';

/** The default workflow's photo steps at each end: 8 angles, the odometer and the interior. */
const PHOTO_STEPS = 10;
const photos = () => Array.from({ length: PHOTO_STEPS }, () => 'photo.status.changed');

/** A whole run of one move: the sandbox driver photographs and signs each end before completing it. */
const FULL_RUN = [
  'move.created',
  'move.dispatched',
  'move.pickup.started',
  'move.pickup.arrived',
  ...photos(),
  'move.pickup.successful',
  'move.delivery.started',
  'move.delivery.arrived',
  ...photos(),
  'move.delivery.successful',
  'move.bol.ready',
];

/** Run due jobs until none are left (bounded). */
async function drain(worker: Worker): Promise<void> {
  for (let i = 0; i < 200; i++) if ((await worker.runOnce()) === 0) return;
  assert.fail('jobs kept coming');
}

for (const engine of engines()) {
  describe(`sandbox sequences on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine, { SANDBOX: '1' });
    });
    after(() => t.close());

    const book = async () => (await t.request('POST', '/v1/concierge-loaner-moves', { body: conciergeLoanerRequest() })).json();
    const mock = (moveId: number | string, body: unknown) => t.request('POST', `/v1/mock/${moveId}`, { body });
    const eventTypes = async (moveId: number) =>
      (await t.deps.database.db.selectFrom('events').select(['type', 'sequence']).where('move_id', '=', moveId).orderBy('sequence').execute()).map(
        (e) => `${e.sequence}:${e.type}`,
      );

    test('new-to-successful drives a pair to the end with the events a real driver produces', async () => {
      const doc = await book();
      const res = await mock(doc.customer_move.move_id, { sequence: 'new-to-successful', interval: 0 });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), {
        move_id: doc.customer_move.move_id,
        sequence: 'new-to-successful',
        interval: 0,
        // Dispatch, and per leg six steps and two inspections.
        actions: 17,
      });
      await drain(t.deps.worker);

      const now = (await t.request('GET', `/v1/moves/${doc.loaner_move.move_id}`)).json();
      for (const role of ['loaner_move', 'customer_move']) {
        assert.equal(now[role].status, 'delivery successful');
        assert.equal(now[role].driver_name, 'Sandbox Driver');
        assert.match(now[role].tracking_link, new RegExp(`^${PUBLIC_URL}/track/`));
        assert.deepEqual(await eventTypes(now[role].move_id), FULL_RUN.map((type, i) => `${i + 1}:${type}`));
        // Spec §10.5: sample photos and a clean, signed report at each end.
        for (const slot of ['pickup', 'delivery'] as const) {
          const list = now[role][`${slot}_photos`];
          assert.equal(list.length, PHOTO_STEPS, `${role} ${slot} photos`);
          assert.ok(list.every((p: { status: string }) => p.status === 'done'));
          const data = now[role][`${slot}_workflow_data`];
          assert.deepEqual(data.damages, []);
          assert.equal(data['signer-name'], 'Sandbox Signer');
          assert.equal(typeof data.odometer, 'number');
        }
      }
      // Leg 1 started only after leg 0 was delivered.
      assert.ok(Date.parse(now.customer_move.pickup_started) >= Date.parse(now.loaner_move.delivery_successful));
      // Steps were recorded where they happen.
      const steps = await t.deps.database.db.selectFrom('move_steps').selectAll().where('move_id', '=', doc.loaner_move.move_id).execute();
      assert.equal(steps.length, 6);
      assert.equal(steps[0]!.lat, now.loaner_move.pickup_location.lat);
      assert.equal(steps[5]!.lat, now.loaner_move.delivery_location.lat);
    });

    test('one sandbox driver serves every sequence', async () => {
      const a = await book();
      const b = await book();
      await Promise.all([
        mock(a.loaner_move.move_id, { sequence: 'new-to-successful', interval: 0 }),
        mock(b.loaner_move.move_id, { sequence: 'new-to-successful', interval: 0 }),
      ]);
      await drain(t.deps.worker);
      const sandboxDrivers = await t.deps.database.db.selectFrom('drivers').select('id').where('sandbox', '=', 1).execute();
      assert.equal(sandboxDrivers.length, 1);
    });

    test('new-to-delivery-started on leg 1 delivers leg 0 first and stops at delivery started', async () => {
      const doc = await book();
      await mock(doc.customer_move.move_id, { sequence: 'new-to-delivery-started', interval: 0 });
      await drain(t.deps.worker);
      const now = (await t.request('GET', `/v1/moves/${doc.customer_move.move_id}`)).json();
      assert.equal(now.loaner_move.status, 'delivery successful');
      assert.equal(now.customer_move.status, 'delivery started');
      assert.equal(now.customer_move.delivery_arrived, null);
    });

    test('pending-to-partial: the driver sets out, the dealer cancels, the pair ends partial', async () => {
      const doc = await book();
      await mock(doc.loaner_move.move_id, { sequence: 'pending-to-partial', interval: 0 });
      await drain(t.deps.worker);
      const now = (await t.request('GET', `/v1/moves/${doc.loaner_move.move_id}`)).json();
      assert.equal(now.loaner_move.cancel_status, 'partial');
      assert.equal(now.customer_move.cancel_status, 'partial');
      assert.deepEqual(await eventTypes(doc.loaner_move.move_id), [
        '1:move.created',
        '2:move.dispatched',
        '3:move.pickup.started',
        '4:move.cancel.pending',
        '5:move.cancel.partial',
      ]);
      assert.deepEqual(await eventTypes(doc.customer_move.move_id), [
        '1:move.created',
        '2:move.dispatched',
        '3:move.cancel.pending',
        '4:move.cancel.partial',
      ]);
    });

    test('attempted-to-rescheduled: the driver arrives, ops book it again for the next day (move.rescheduled)', async () => {
      const doc = await book();
      const res = await mock(doc.customer_move.move_id, { sequence: 'attempted-to-rescheduled', interval: 0 });
      assert.equal(res.statusCode, 200, res.body);
      // Dispatch, pickup started and arrived on leg 0, the reschedule.
      assert.equal(res.json().actions, 4);
      await drain(t.deps.worker);

      const now = (await t.request('GET', `/v1/moves/${doc.loaner_move.move_id}`)).json();
      for (const role of ['loaner_move', 'customer_move']) {
        assert.equal(now[role].cancel_status, 'rescheduled');
        assert.equal(now[role].cancel_reason, 'Customer not home');
      }
      assert.equal(now.loaner_move.status, 'pickup arrived');
      assert.deepEqual(await eventTypes(doc.loaner_move.move_id), [
        '1:move.created',
        '2:move.dispatched',
        '3:move.pickup.started',
        '4:move.pickup.arrived',
        '5:move.rescheduled',
      ]);
      assert.deepEqual(await eventTypes(doc.customer_move.move_id), ['1:move.created', '2:move.dispatched', '3:move.rescheduled']);
      const [event] = await t.deps.database.db.selectFrom('events').select('data').where('move_id', '=', doc.loaner_move.move_id).where('type', '=', 'move.rescheduled').execute();
      const data = JSON.parse(event!.data);
      assert.deepEqual(data.move, now);
      // The next day, same time: the new pair, booked as the dealer would have booked it.
      const fresh = (await t.request('GET', `/v1/moves/${data.newMove.loaner_move.move_id}`)).json();
      assert.deepEqual(data.newMove, fresh);
      assert.equal(Date.parse(fresh.appointment_time_utc) - Date.parse(doc.appointment_time_utc), 24 * 3600_000);
      assert.equal(fresh.loaner_move.status, null);
      assert.equal(fresh.customer_move.vehicle.vin, doc.customer_move.vehicle.vin);
    });

    test('the interval spaces the changes, and a restart mid-sequence resumes it', async () => {
      // Earlier tests left cancel decisions due later; let them run first so each poll below is ours.
      t.clock.advance(120_000);
      await drain(t.deps.worker);
      const doc = await book();
      await mock(doc.loaner_move.move_id, { sequence: 'new-to-successful', interval: 60_000 });
      await drain(t.deps.worker); // the dispatch (and whatever it queued that is due now)
      const status = async () => (await t.request('GET', `/v1/moves/${doc.loaner_move.move_id}`)).json().loaner_move.status;
      assert.equal(await status(), 'dispatched');

      // "Restart": a new process on the same database, with its own worker, picks the chain up.
      const photoDir = (t.deps.config.photos.store as { dir: string }).dir;
      const config = loadConfig({ DATABASE_URL: t.scratch.url, PUBLIC_URL, SANDBOX: '1', PHOTO_DIR: photoDir });
      const restarted = await createDeps(config, {
        clock: t.clock,
        database: openDatabase(t.scratch.config, { poolSize: 2 }),
        logger: pino({ level: 'silent' }),
      });
      // Other jobs (texts, webhooks) ride along; count the sandbox's own steps.
      const sandboxStepsDone = async () =>
        Number(
          (
            await t.deps.database.db
              .selectFrom('jobs')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('kind', '=', 'sandbox.step')
              .where('state', '=', 'done')
              .executeTakeFirstOrThrow()
          ).n,
        );
      try {
        const before = await sandboxStepsDone();
        // Six steps and two inspections per leg after the dispatch.
        for (let i = 1; i <= 16; i++) {
          t.clock.advance(60_000);
          await drain(restarted.worker);
          assert.equal(await sandboxStepsDone(), before + i, `one sandbox step per interval (${i})`);
        }
        t.clock.advance(60_000);
        await drain(restarted.worker);
        assert.equal(await sandboxStepsDone(), before + 16, 'the sequence is over');
      } finally {
        await restarted.close();
      }
      const now = (await t.request('GET', `/v1/moves/${doc.loaner_move.move_id}`)).json();
      assert.equal(now.customer_move.status, 'delivery successful');
      assert.equal(Date.parse(now.customer_move.delivery_successful) - Date.parse(now.loaner_move.pickup_started), 15 * 60_000);
    });

    test('a sequence needs a new booking, a known sequence and a move of mine', async () => {
      const doc = await book();
      await t.request('POST', '/v1/cancelation', { body: { move_id: doc.loaner_move.move_id } });
      const started = await mock(doc.loaner_move.move_id, { sequence: 'new-to-successful' });
      assert.equal(started.statusCode, 409);
      assert.equal(started.json().code, 'move_not_modifiable');

      const fresh = await book();
      const bad = await mock(fresh.loaner_move.move_id, { sequence: 'new-to-moon', interval: -1 });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(bad.json().errors.map((e: any) => [e.code, e.field]), [
        ['field_invalid', 'sequence'],
        ['field_invalid', 'interval'],
      ]);
      const other = await t.addClient('dealer', [await t.addRooftop({ name: 'Elsewhere' })]);
      const foreign = await t.request('POST', `/v1/mock/${fresh.loaner_move.move_id}`, {
        token: other.token,
        body: { sequence: 'new-to-successful' },
      });
      assert.equal(foreign.statusCode, 404);
      assert.equal(foreign.json().code, 'move_invalid');
    });
  });

  describe(`sandbox endpoint outside sandbox mode on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    test('POST /v1/mock/:id does not exist in production mode', async () => {
      const doc = (await t.request('POST', '/v1/concierge-loaner-moves', { body: conciergeLoanerRequest() })).json();
      const res = await t.request('POST', `/v1/mock/${doc.loaner_move.move_id}`, { body: { sequence: 'new-to-successful' } });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().code, 'not_found');
      assert.equal((await t.request('GET', `/v1/moves/${doc.loaner_move.move_id}`)).json().loaner_move.status, null);
    });
  });
}
