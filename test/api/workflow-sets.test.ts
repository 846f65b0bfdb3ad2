// Workflow sets (spec §10.1, ours): the ops desk and scoped ops clients create, list, read and edit
// a rooftop's sets; dealers list what their bookings may name; the default a booking runs follows
// the rooftop's choice; an edit never reaches a move already booked; the built-in set is read-only;
// and bad sets are refused with every problem at its path, nothing written.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BUILT_IN_SET, BUILT_IN_WORKFLOWS } from '../../src/db/migrations/017-built-in-set.ts';
import { REPORT_STEPS } from '../../src/modules/workflows/definitions/condition-report.ts';
import { SIGNER_NAME_STEP } from '../../src/modules/workflows/photos/photos.service.ts';
import { readNewWorkflowSet } from '../../src/modules/workflows/sets/workflow-set-request.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { assertError, type Problem } from '../support/lifecycle.ts';
import { oneWayRequest } from '../support/requests.ts';

type Doc = Record<string, any>;
const SET_KEYS = ['id', 'name', 'description', 'rooftop', 'is_default', 'built_in', 'pickup', 'delivery', 'created_at', 'updated_at'];
const WORKFLOW_KEYS = ['id', 'name', 'description', 'type', 'steps'];

const pickupWorkflow = (): Doc => ({
  name: 'Body Shop Pickup',
  description: 'Photos, the odometer and the estimate',
  steps: [
    { id: 'front', type: 'photo', config: { allow_server_edits: false, angle: 'front', label: 'Front', colour: 'ignored' } },
    { id: 'odometer', type: 'integer', config: { allow_server_edits: false, required: true, min: 0, max: 1_000_000 } },
    { id: 'estimate-approved', type: 'boolean', config: { allow_server_edits: true, gate: 'pickup_started', legs: ['move'] } },
    { id: 'loaner-only', type: 'string', config: { allow_server_edits: false, legs: ['loaner_move'] } },
    { id: 'signer-name', type: 'string', config: { allow_server_edits: false, required_for: ['concierge'] } },
    { id: 'signature', type: 'signature', config: { allow_server_edits: false, required_for: ['concierge'] } },
  ],
});
const deliveryWorkflow = (): Doc => ({
  name: 'Body Shop Drop-off',
  description: 'Keys to the front desk',
  steps: [{ id: 'keys', type: 'integer', config: { allow_server_edits: false, required: true, min: 0, max: 5 } }],
});
const setBody = (rooftop: number, over: Doc = {}): Doc => ({
  rooftop,
  name: 'Body shop',
  description: 'For cars going to the body shop',
  pickup: pickupWorkflow(),
  delivery: deliveryWorkflow(),
  unknown_field: 'ignored',
  ...over,
});

for (const engine of engines()) {
  describe(`workflow sets on ${engine}`, () => {
    let t: TestApp;
    let desk: string;
    let scopedOps: string;
    let other: number;
    let otherDealer: string;
    let builtInId: number;
    before(async () => {
      t = await startTestApp(engine);
      desk = (await t.addClient('ops', 'all')).token;
      scopedOps = (await t.addClient('ops', [t.rooftopId])).token;
      other = await t.addRooftop({ name: 'Elsewhere Motors' });
      otherDealer = (await t.addClient('dealer', [other])).token;
      builtInId = (await t.deps.database.db.selectFrom('workflow_sets').select('id').where('rooftop_id', 'is', null).executeTakeFirstOrThrow()).id;
    });
    after(() => t.close());

    const counts = async () => {
      const db = t.deps.database.db;
      const n = async (table: 'workflow_sets' | 'workflows') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      return [await n('workflow_sets'), await n('workflows')] as const;
    };
    const create = async (body: Doc, token = desk) => {
      const res = await t.request('POST', '/v1/ops/workflow-sets', { token, body });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as Doc;
    };
    const patch = (id: number, body: Doc, token = desk) => t.request('PATCH', `/v1/ops/workflow-sets/${id}`, { token, body });
    const bookOneWay = async (move: Doc = {}, token = t.token) => {
      const body = oneWayRequest();
      Object.assign(body.move, move);
      return t.request('POST', '/v1/one-way-moves', { token, body });
    };
    const bookedMove = async (move: Doc = {}) => {
      const res = await bookOneWay(move);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().move as Doc;
    };
    const stepsOf = async (moveId: number, slot: 'pickup' | 'delivery') => {
      const res = await t.request('GET', `/v1/moves/${moveId}/workflows/${slot}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as Doc;
    };
    const bookable = async (token = t.token, query = '') => {
      const res = await t.request('GET', `/v1/workflow-sets${query}`, { token });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as Doc;
    };

    test('the built-in set passes the rules a new set must pass, and the signer step is the one the upload writes', async () => {
      const [pickup, delivery] = BUILT_IN_WORKFLOWS.map(({ name, description, steps }) => ({ name, description, steps }));
      const read = await readNewWorkflowSet({ rooftop: 1, ...BUILT_IN_SET, pickup, delivery }, async () => null);
      assert.deepEqual(read.workflows.pickup.steps, BUILT_IN_WORKFLOWS[0]!.steps);
      assert.deepEqual(read.workflows.delivery.steps, BUILT_IN_WORKFLOWS[1]!.steps);
      assert.equal(SIGNER_NAME_STEP, REPORT_STEPS.signerName);
    });

    test('the desk creates a set: its document, unknown fields dropped, read back the same; nothing else changes', async () => {
      const [sets, workflows] = await counts();
      const doc = await create(setBody(t.rooftopId));
      assert.deepEqual(Object.keys(doc), SET_KEYS);
      assert.deepEqual(
        { ...doc, id: 0, pickup: null, delivery: null },
        { ...doc, id: 0, name: 'Body shop', description: 'For cars going to the body shop', rooftop: t.rooftopId, is_default: false, built_in: false, pickup: null, delivery: null },
      );
      assert.match(doc.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      for (const slot of ['pickup', 'delivery'] as const) {
        assert.deepEqual(Object.keys(doc[slot]), WORKFLOW_KEYS);
        assert.equal(doc[slot].type, slot);
      }
      assert.equal(doc.pickup.name, 'Body Shop Pickup');
      assert.deepEqual(doc.pickup.steps[0], { id: 'front', type: 'photo', config: { allow_server_edits: false, required: false, label: 'Front', angle: 'front' } });
      assert.deepEqual(doc.pickup.steps[2].config, { allow_server_edits: true, required: false, gate: 'pickup_started', legs: ['move'] });
      assert.deepEqual(doc.delivery.steps.map((s: Doc) => s.id), ['keys']);
      assert.deepEqual(await counts(), [sets + 1, workflows + 2]);

      const read = await t.request('GET', `/v1/ops/workflow-sets/${doc.id}`, { token: desk });
      assert.equal(read.statusCode, 200, read.body);
      assert.deepEqual(read.json(), doc);
    });

    test('a scoped ops client creates for its rooftop only; another rooftop is field_invalid, and its sets are not found', async () => {
      const mine = await create(setBody(t.rooftopId, { name: 'Scoped' }), scopedOps);
      assert.equal(mine.rooftop, t.rooftopId);
      const theirs = await create(setBody(other, { name: 'Theirs' }));
      const before = await counts();
      const res = await t.request('POST', '/v1/ops/workflow-sets', { token: scopedOps, body: setBody(other) });
      assertError(res, 400, 'field_invalid', [['field_invalid', 'rooftop']]);
      assertError(await t.request('POST', '/v1/ops/workflow-sets', { token: desk, body: setBody(999_999) }), 400, 'field_invalid', [['field_invalid', 'rooftop']]);
      assert.deepEqual(await counts(), before);

      assertError(await t.request('GET', `/v1/ops/workflow-sets/${theirs.id}`, { token: scopedOps }), 404, 'not_found');
      assertError(await patch(theirs.id, { name: 'Mine now' }, scopedOps), 404, 'not_found');
      assertError(await t.request('GET', '/v1/ops/workflow-sets/abc', { token: desk }), 404, 'not_found');
      assertError(await t.request('GET', '/v1/ops/workflow-sets/99999999', { token: desk }), 404, 'not_found');
      assertError(await patch(0, { name: 'x' }), 404, 'not_found');
      const builtIn = await t.request('GET', `/v1/ops/workflow-sets/${builtInId}`, { token: scopedOps });
      assert.equal(builtIn.json().built_in, true);
    });

    test('lists: the desk sees every set, a scoped client the built-in set and its own; ?rooftop narrows', async () => {
      const mine = await create(setBody(t.rooftopId, { name: 'Listed mine' }));
      const theirs = await create(setBody(other, { name: 'Listed theirs' }));
      const ids = async (token: string, query = '') => {
        const res = await t.request('GET', `/v1/ops/workflow-sets${query}`, { token });
        assert.equal(res.statusCode, 200, res.body);
        return res.json().workflow_sets.map((s: Doc) => s.id) as number[];
      };
      const all = await ids(desk);
      assert.ok(all.includes(builtInId) && all.includes(mine.id) && all.includes(theirs.id));
      assert.deepEqual(all, [...all].sort((a, b) => a - b), 'oldest first');
      const scoped = await ids(scopedOps);
      assert.ok(scoped.includes(builtInId) && scoped.includes(mine.id) && !scoped.includes(theirs.id));
      const narrowed = await ids(desk, `?rooftop=${other}`);
      assert.ok(narrowed.includes(builtInId) && narrowed.includes(theirs.id) && !narrowed.includes(mine.id));
      assertError(await t.request('GET', `/v1/ops/workflow-sets?rooftop=${other}`, { token: scopedOps }), 400, 'field_invalid', [['field_invalid', 'rooftop']]);
      assertError(await t.request('GET', '/v1/ops/workflow-sets?rooftop=x', { token: desk }), 400, 'field_invalid', [['field_invalid', 'rooftop']]);
    });

    test('PATCH changes the name and replaces a workflow whole; absent fields stay; an empty body is field_missing', async () => {
      const set = await create(setBody(t.rooftopId, { name: 'To edit' }));
      t.clock.advance(60_000);
      const replaced = { name: 'Short pickup', description: 'Odometer only', steps: [pickupWorkflow().steps[1]] };
      const res = await patch(set.id, { name: 'Edited', pickup: replaced, rooftop: other }, scopedOps);
      assert.equal(res.statusCode, 200, res.body);
      const doc = res.json();
      assert.deepEqual([doc.name, doc.description, doc.rooftop], ['Edited', set.description, t.rooftopId]);
      assert.equal(doc.pickup.id, set.pickup.id, 'the workflow keeps its id');
      assert.deepEqual([doc.pickup.name, doc.pickup.steps.map((s: Doc) => s.id)], ['Short pickup', ['odometer']]);
      assert.deepEqual(doc.delivery, set.delivery);
      assert.notEqual(doc.updated_at, set.updated_at);
      assert.equal(doc.created_at, set.created_at);
      assertError(await patch(set.id, {}), 400, 'field_missing');
      assertError(await patch(set.id, { name: null, is_default: 'yes' }), 400, 'field_missing', [['field_missing', 'name'], ['field_invalid', 'is_default']]);
    });

    test('the built-in set cannot be changed, not even by the desk', async () => {
      const before = (await t.request('GET', `/v1/ops/workflow-sets/${builtInId}`, { token: desk })).body;
      const res = await patch(builtInId, { name: 'Mine' });
      assertError(res, 403, 'missing_scope');
      assert.match(res.json().message, /the built-in set cannot be changed; create your own/);
      assert.equal((await t.request('GET', `/v1/ops/workflow-sets/${builtInId}`, { token: desk })).body, before);
    });

    test('the default: a booking that names no set runs the rooftop default, which follows is_default', async () => {
      const first = await create(setBody(t.rooftopId, { name: 'First default', is_default: true }));
      let move = await bookedMove();
      assert.equal(move.workflowset, first.id);
      const pickup = await stepsOf(move.move_id, 'pickup');
      assert.deepEqual(pickup.steps.map((s: Doc) => s.id), ['front', 'odometer', 'estimate-approved', 'signer-name', 'signature'], 'tailored to the one-way leg');
      assert.equal(pickup.name, 'Body Shop Pickup');
      assert.equal(pickup.id, first.pickup.id);
      assert.deepEqual((await bookable()).default_workflowset_id, first.id);

      const second = await create(setBody(t.rooftopId, { name: 'Second default', is_default: true }), scopedOps);
      assert.equal((await t.request('GET', `/v1/ops/workflow-sets/${first.id}`, { token: desk })).json().is_default, false);
      move = await bookedMove();
      assert.equal(move.workflowset, second.id);
      assert.equal((await bookable()).default_workflowset_id, second.id);

      // Switching back by PATCH; then no default at all: the built-in set runs.
      assert.equal((await patch(first.id, { is_default: true })).json().is_default, true);
      assert.equal((await t.request('GET', `/v1/ops/workflow-sets/${second.id}`, { token: desk })).json().is_default, false);
      assert.equal((await bookedMove()).workflowset, first.id);
      assert.equal((await patch(first.id, { is_default: false })).statusCode, 200);
      move = await bookedMove();
      assert.equal(move.workflowset, builtInId);
      assert.equal((await stepsOf(move.move_id, 'pickup')).name, 'Standard Pickup');
      // Another rooftop's default is its own business.
      const res = await bookOneWay({}, otherDealer);
      assert.equal(res.json().move.workflowset, builtInId);
    });

    test('sets made default at the same time leave the rooftop exactly one default', async () => {
      const rooftop = await t.addRooftop({ name: 'Race Motors' });
      const made = await Promise.all([1, 2, 3, 4].map((i) => create(setBody(rooftop, { name: `Race ${i}`, is_default: true }))));
      const defaults = await t.deps.database.db.selectFrom('workflow_sets').select('id').where('rooftop_id', '=', rooftop).where('is_default', '=', 1).execute();
      assert.equal(defaults.length, 1);
      assert.ok(made.some((m) => m.id === defaults[0]!.id));
    });

    test('a booking may name its own rooftop\'s set, not another rooftop\'s (field_invalid at move.workflowset_id)', async () => {
      const mine = await create(setBody(t.rooftopId, { name: 'Named' }));
      const theirs = await create(setBody(other, { name: 'Not yours' }));
      assert.equal((await bookedMove({ workflowset_id: mine.id })).workflowset, mine.id);
      assert.equal((await bookedMove({ workflowset_id: builtInId })).workflowset, builtInId);
      const moves = await t.count('moves');
      assertError(await bookOneWay({ workflowset_id: theirs.id }), 400, 'field_invalid', [['field_invalid', 'move.workflowset_id']]);
      assert.equal(await t.count('moves'), moves);
    });

    test('editing a set changes no move already booked: it keeps the steps it was booked with', async () => {
      const set = await create(setBody(t.rooftopId, { name: 'Snapshot' }));
      const booked = await bookedMove({ workflowset_id: set.id });
      const [pickupBefore, deliveryBefore] = [await stepsOf(booked.move_id, 'pickup'), await stepsOf(booked.move_id, 'delivery')];
      const edited = await patch(set.id, {
        pickup: { name: 'Renamed pickup', description: 'New', steps: [{ id: 'driver-notes', type: 'string', config: { allow_server_edits: false, required: true } }] },
        delivery: { name: 'Renamed delivery', description: 'New', steps: [] },
      });
      assert.equal(edited.statusCode, 200, edited.body);
      assert.deepEqual(await stepsOf(booked.move_id, 'pickup'), pickupBefore);
      assert.deepEqual(await stepsOf(booked.move_id, 'delivery'), deliveryBefore);
      const later = await bookedMove({ workflowset_id: set.id });
      const pickup = await stepsOf(later.move_id, 'pickup');
      assert.deepEqual([pickup.name, pickup.steps.map((s: Doc) => s.id)], ['Renamed pickup', ['driver-notes']]);
      assert.deepEqual((await stepsOf(later.move_id, 'delivery')).steps, []);
    });

    test('GET /v1/workflow-sets: a dealer sees the built-in set and its rooftop\'s own only; a dealer_admin names its rooftop', async () => {
      const mine = await create(setBody(t.rooftopId, { name: 'Dealer sees' }));
      const theirs = await create(setBody(other, { name: 'Dealer does not see' }));
      const ids = (await bookable()).workflow_sets.map((s: Doc) => s.id);
      assert.equal(ids[0], builtInId);
      assert.ok(ids.includes(mine.id) && !ids.includes(theirs.id));
      const otherIds = (await bookable(otherDealer)).workflow_sets.map((s: Doc) => s.id);
      assert.ok(otherIds.includes(theirs.id) && !otherIds.includes(mine.id));

      const admin = (await t.addClient('dealer_admin', [t.rooftopId, other])).token;
      assertError(await t.request('GET', '/v1/workflow-sets', { token: admin }), 400, 'field_missing', [['field_missing', 'rooftop']]);
      assert.ok((await bookable(admin, `?rooftop=${other}`)).workflow_sets.some((s: Doc) => s.id === theirs.id));
      assertError(await t.request('GET', '/v1/workflow-sets?rooftop=999999', { token: t.token }), 400, 'field_invalid', [['field_invalid', 'rooftop']]);
      assert.equal((await bookable(desk, `?rooftop=${t.rooftopId}`)).workflow_sets[0].id, builtInId, 'ops may read it too');
    });

    test('roles: a dealer may not use the ops endpoints; no token is access_denied', async () => {
      const set = await create(setBody(t.rooftopId, { name: 'Roles' }));
      const before = await counts();
      assertError(await t.request('POST', '/v1/ops/workflow-sets', { body: setBody(t.rooftopId) }), 403, 'missing_scope');
      assertError(await t.request('GET', '/v1/ops/workflow-sets'), 403, 'missing_scope');
      assertError(await t.request('GET', `/v1/ops/workflow-sets/${set.id}`), 403, 'missing_scope');
      assertError(await patch(set.id, { name: 'Dealer edit' }, t.token), 403, 'missing_scope');
      assertError(await t.request('GET', '/v1/workflow-sets', { token: null }), 401, 'access_denied');
      assert.deepEqual(await counts(), before);
    });

    test('an Idempotency-Key replays the answer and creates one set', async () => {
      const headers = { 'idempotency-key': `set-${engine}` };
      const body = setBody(t.rooftopId, { name: 'Once' });
      const first = await t.request('POST', '/v1/ops/workflow-sets', { token: desk, body, headers });
      const before = await counts();
      const again = await t.request('POST', '/v1/ops/workflow-sets', { token: desk, body, headers });
      assert.equal(again.statusCode, 200);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.body, first.body);
      assert.deepEqual(await counts(), before);
    });

    test('a bad set: every problem listed with its dotted path, nothing written', async () => {
      const before = await counts();
      const body = {
        rooftop: 'one',
        name: ' ',
        description: 'x'.repeat(501),
        is_default: 'yes',
        pickup: {
          name: 'P',
          steps: [
            { id: 'Front Photo', type: 'photo', config: { allow_server_edits: true, angle: 'roof' } },
            { id: 'odometer', type: 'string', config: { allow_server_edits: false, min: 5 } },
            { id: 'cic', type: 'boolean', config: { allow_server_edits: false, gate: 'delivery_started' } },
            { id: 'signature', type: 'signature', config: { allow_server_edits: false } },
            { id: 'cic', type: 'number', config: { allow_server_edits: false, min: 5, max: 1, legs: [] } },
            { id: 'notes', type: 'damages', config: { allow_server_edits: true, required_for: ['valet'] } },
            'a step',
            { id: 'x', type: 'text', config: { label: 'y'.repeat(101) } },
          ],
        },
        delivery: { name: 'D', description: 'd', steps: [{ id: 'gate', type: 'boolean', config: { allow_server_edits: true, gate: 'pickup_successful' } }] },
      };
      const res = await t.request('POST', '/v1/ops/workflow-sets', { token: desk, body });
      const steps = (i: number, key: string) => `pickup.steps.${i}.${key}`;
      const expected: Problem[] = [
        ['field_invalid', 'rooftop'],
        ['field_missing', 'name'],
        ['field_invalid', 'description'],
        ['field_invalid', 'is_default'],
        ['field_missing', 'pickup.description'],
        ['field_invalid', steps(0, 'id')],
        ['field_invalid', steps(0, 'config.angle')],
        ['field_invalid', steps(0, 'config.allow_server_edits')],
        ['field_invalid', steps(1, 'type')],
        ['field_invalid', steps(1, 'config.min')],
        ['field_invalid', steps(2, 'config.gate')],
        ['field_invalid', 'pickup.steps.3'],
        ['field_invalid', steps(4, 'id')],
        ['field_invalid', steps(4, 'config.max')],
        ['field_invalid', steps(4, 'config.legs')],
        ['field_invalid', steps(5, 'id')],
        ['field_invalid', steps(5, 'config.allow_server_edits')],
        ['field_invalid', steps(5, 'config.required_for.0')],
        ['field_invalid', 'pickup.steps.6'],
        ['field_invalid', steps(7, 'type')],
        ['field_missing', steps(7, 'config.allow_server_edits')],
        ['field_invalid', steps(7, 'config.label')],
        ['field_invalid', 'delivery.steps.0.config.gate'],
      ];
      assertError(res, 400, 'field_invalid', expected);
      assert.deepEqual(await counts(), before);
    });

    test('more rules: at most 60 steps, one signature, the signer on every leg the signature is, damages only as "damages"', async () => {
      const before = await counts();
      const refused = async (pickup: Doc, problems: Problem[]) =>
        assertError(await t.request('POST', '/v1/ops/workflow-sets', { token: desk, body: setBody(t.rooftopId, { pickup }) }), 400, problems[0]![0], problems);
      const step = (id: string, type = 'boolean', config: Doc = {}) => ({ id, type, config: { allow_server_edits: false, ...config } });
      await refused({ ...pickupWorkflow(), steps: Array.from({ length: 61 }, (_, i) => step(`s${i}`)) }, [['field_invalid', 'pickup.steps']]);
      await refused({ ...pickupWorkflow(), steps: 'none' }, [['field_invalid', 'pickup.steps']]);
      await refused({ name: 'P', description: 'p' }, [['field_missing', 'pickup.steps']]);
      const signer = step('signer-name', 'string', { legs: ['loaner_move'] });
      await refused({ ...pickupWorkflow(), steps: [signer, step('signature', 'signature'), step('second', 'signature')] }, [
        ['field_invalid', 'pickup.steps.0.config.legs'],
        ['field_invalid', 'pickup.steps.2.type'],
      ]);
      await refused({ ...pickupWorkflow(), steps: [step('signer-name', 'string', { allow_server_edits: true }), step('damages', 'damages', { gate: 'pickup_successful' })] }, [
        ['field_invalid', 'pickup.steps.0.config.allow_server_edits'],
      ]);
      assert.deepEqual(await counts(), before);
      // 60 steps are fine, and an empty workflow too.
      const sixty = await create(setBody(t.rooftopId, { pickup: { ...pickupWorkflow(), steps: Array.from({ length: 60 }, (_, i) => step(`s${i}`)) }, delivery: { ...deliveryWorkflow(), steps: [] } }));
      assert.equal(sixty.pickup.steps.length, 60);
    });
  });
}
