// GET /v1/moves/:id answers the scenario's stored document (src/modules/moves/scenario-document.ts).
// What a dealer depends on: it is always the document the rows give now — after the booking, a
// dispatch, every driver step, an edit, a cancelation and a driver's rename — and a stored copy
// made with another PUBLIC_URL, or none at all, is never sent as it is.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadScenario } from '../../src/modules/moves/moves.repository.ts';
import { renderScenarioDocument } from '../../src/modules/moves/scenario-document.ts';
import { PUBLIC_URL, startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import {
  addCaller,
  addDriver,
  bookCase,
  type Caller,
  cancel,
  dispatchOk,
  documentOf,
  MOVE_TYPE_CASES,
  stepsOk,
  type TestDriver,
} from '../support/lifecycle.ts';

for (const engine of engines()) {
  describe(`stored move documents on ${engine}`, () => {
    let t: TestApp;
    let dealer: Caller;
    let ops: Caller;
    /** The all-rooftops dispatch desk: the only ops client that may make and rename drivers. */
    let desk: Caller;
    let driver: TestDriver;
    before(async () => {
      t = await startTestApp(engine);
      dealer = await addCaller(t, 'dealer', [t.rooftopId]);
      ops = await addCaller(t, 'ops', [t.rooftopId]);
      desk = await addCaller(t, 'ops', 'all');
      driver = await addDriver(t, desk, { name: 'Dana Wheeler', canDriveManual: true });
    });
    after(() => t.close());

    const scenarioOf = async (moveId: number) =>
      (await t.deps.database.db.selectFrom('moves').select('scenario_id').where('id', '=', moveId).executeTakeFirstOrThrow())
        .scenario_id;
    const stored = async (moveId: number) =>
      t.deps.database.db
        .selectFrom('scenario_documents')
        .selectAll()
        .where('scenario_id', '=', await scenarioOf(moveId))
        .executeTakeFirst();
    /** The document rendered from the rows as they are now: what GET must answer. */
    const rendered = async (moveId: number) =>
      renderScenarioDocument((await loadScenario(t.deps.database.db, await scenarioOf(moveId)))!, { publicUrl: PUBLIC_URL, now: t.clock.now() });

    /** GET answers the rows' document, and the stored copy is that same document. */
    async function assertCurrent(moveId: number, when: string) {
      const expected = await rendered(moveId);
      assert.equal(await documentOf(dealer, moveId), expected, `GET after ${when}`);
      const row = await stored(moveId);
      assert.ok(row, `a stored document after ${when}`);
      assert.equal(row.json, expected, `the stored document after ${when}`);
      assert.equal(row.public_url, PUBLIC_URL);
    }

    test('the booking answer is what GET answers, for every move type', async () => {
      for (const c of MOVE_TYPE_CASES) {
        const booked = await bookCase(dealer, c);
        for (const id of booked.ids) {
          assert.equal(await documentOf(dealer, id), booked.raw, `${c.name}: GET ${id} is the booking answer`);
          await assertCurrent(id, `booking ${c.name}`);
        }
      }
    });

    test('dispatch, every driver step, an edit and a cancelation each leave GET current', async () => {
      const [c] = MOVE_TYPE_CASES;
      const { ids } = await bookCase(dealer, c!);
      const [first, second] = ids as [number, number];

      const edited = await dealer.request('PATCH', `/v1/moves/${second}`, { vehicle_color: 'Midnight Blue' });
      assert.equal(edited.statusCode, 200, edited.body);
      assert.equal(edited.body, await documentOf(dealer, second));
      assert.match(edited.body, /Midnight Blue/);
      await assertCurrent(second, 'an edit');

      const dispatched = await dispatchOk(ops, first, driver.driverId);
      assert.equal(JSON.parse(await documentOf(dealer, first)).loaner_move.driver_name, 'Dana Wheeler');
      assert.deepEqual(JSON.parse(await documentOf(dealer, first)), dispatched);
      await assertCurrent(first, 'dispatch');

      await stepsOk(driver.app, first, ['pickup_started', 'pickup_arrived']);
      assert.equal(JSON.parse(await documentOf(dealer, second)).loaner_move.status, 'pickup arrived');
      await assertCurrent(first, 'two steps');

      await cancel(dealer, ops, first, 'partial');
      await assertCurrent(first, 'a cancelation');
    });

    test('an edit of ready_by (the scenario row and every leg) leaves GET current', async () => {
      const { ids } = await bookCase(dealer, MOVE_TYPE_CASES[0]!);
      const edited = await dealer.request('PATCH', `/v1/moves/${ids[0]}`, { ready_by: '2026-03-24T14:00:00Z', vehicle_color: 'Sage' });
      assert.equal(edited.statusCode, 200, edited.body);
      assert.equal(JSON.parse(edited.body).ready_by_time_utc, '2026-03-24T14:00:00Z');
      for (const id of ids) {
        assert.equal(await documentOf(dealer, id), edited.body);
        await assertCurrent(id, 'a ready_by edit');
      }
    });

    test("a driver's new name reaches GET of the moves they drive", async () => {
      const renamed = await addDriver(t, desk, { name: 'Sam Old-Name', canDriveManual: true });
      const { ids } = await bookCase(dealer, MOVE_TYPE_CASES[0]!);
      await dispatchOk(ops, ids[0]!, renamed.driverId);
      const other = await bookCase(dealer, MOVE_TYPE_CASES[0]!);
      await dispatchOk(ops, other.ids[0]!, driver.driverId);

      const res = await desk.request('PATCH', `/v1/ops/drivers/${renamed.driverId}`, { name: 'Sam New-Name' });
      assert.equal(res.statusCode, 200, res.body);
      const doc = JSON.parse(await documentOf(dealer, ids[0]!));
      assert.equal(doc.loaner_move.driver_name, 'Sam New-Name');
      assert.equal(doc.customer_move.driver_name, 'Sam New-Name');
      assert.equal(await documentOf(dealer, ids[0]!), await rendered(ids[0]!));
      // Only the documents naming that driver were let go of; the next change stores it again.
      assert.ok(await stored(other.ids[0]!), "another driver's move keeps its stored document");
      await stepsOk(renamed.app, ids[0]!, ['pickup_started']);
      await assertCurrent(ids[0]!, 'a step after the rename');

      // A patch that leaves the name alone keeps the stored documents.
      const phoneOnly = await desk.request('PATCH', `/v1/ops/drivers/${renamed.driverId}`, { phone: '804-555-0199' });
      assert.equal(phoneOnly.statusCode, 200, phoneOnly.body);
      assert.ok(await stored(ids[0]!));
    });

    test('a stored copy made with another PUBLIC_URL, or none, is rendered afresh', async () => {
      const { ids, raw } = await bookCase(dealer, MOVE_TYPE_CASES[0]!);
      const sid = await scenarioOf(ids[0]!);
      const db = t.deps.database.db;
      await db
        .updateTable('scenario_documents')
        .set({ public_url: 'https://old-host.example', json: raw.replaceAll(PUBLIC_URL, 'https://old-host.example') })
        .where('scenario_id', '=', sid)
        .execute();
      const body = await documentOf(dealer, ids[0]!);
      assert.equal(body, raw);
      assert.doesNotMatch(body, /old-host/);

      await db.deleteFrom('scenario_documents').where('scenario_id', '=', sid).execute();
      assert.equal(await documentOf(dealer, ids[0]!), raw, 'a scenario without a stored document (booked before it existed)');
    });

    test('a move of another rooftop, or none, is not found', async () => {
      const { ids } = await bookCase(dealer, MOVE_TYPE_CASES[0]!);
      const elsewhere = await addCaller(t, 'dealer', [await t.addRooftop({ name: 'Elsewhere Motors' })]);
      for (const [caller, id] of [[elsewhere, ids[0]!], [dealer, 987654321]] as const) {
        const res = await caller.request('GET', `/v1/moves/${id}`);
        assert.equal(res.statusCode, 404, res.body);
        assert.equal(res.json().errors[0].code, 'move_invalid');
      }
    });
  });
}
