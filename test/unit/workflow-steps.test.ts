// A set's steps as one move runs them (spec §10.1), and which set and pre-filled data a booking's move
// gets: pure rules, over the built-in set as migration 017 wrote it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WorkflowRow, WorkflowSetRow } from '../../src/db/schema.ts';
import { BUILT_IN_SET, BUILT_IN_WORKFLOWS } from '../../src/db/migrations/017-built-in-set.ts';
import { defaultSet, planMoveWorkflows } from '../../src/modules/workflows/definitions/booking-workflows.ts';
import { type Step, stepDocument, tailorSteps } from '../../src/modules/workflows/definitions/workflow-step.ts';
import type { FieldProblem } from '../../src/lib/errors.ts';

const builtInSteps = (type: 'pickup' | 'delivery') => BUILT_IN_WORKFLOWS.find((w) => w.type === type)!.steps as Step[];
const set = (id: number, rooftop: number | null, isDefault = 0): WorkflowSetRow => ({
  id,
  rooftop_id: rooftop,
  name: rooftop === null ? BUILT_IN_SET.name : `Set ${id}`,
  description: '',
  is_default: isDefault,
  created_at: 0,
  updated_at: 0,
});
const workflows = (setId: number, firstId: number): WorkflowRow[] =>
  (['pickup', 'delivery'] as const).map((type, i) => ({
    id: firstId + i,
    workflow_set_id: setId,
    type,
    name: `${type} ${setId}`,
    description: '',
    steps: JSON.stringify(builtInSteps(type)),
  }));

describe('tailoring a set to a move', () => {
  const required = (steps: Step[]) => steps.filter((s) => s.config.required).map((s) => s.id);

  test('the signature is required at pickup on the concierge kinds only, and always at delivery', () => {
    for (const kind of ['concierge', 'concierge-loaner'] as const) {
      assert.ok(required(tailorSteps(builtInSteps('pickup'), { kind, role: 'customer_move' })).includes('signature'), kind);
    }
    for (const kind of ['one-way', 'round-trip'] as const) {
      assert.ok(!required(tailorSteps(builtInSteps('pickup'), { kind, role: 'move' })).includes('signature'), kind);
      assert.ok(required(tailorSteps(builtInSteps('delivery'), { kind, role: 'move' })).includes('signature'), kind);
    }
    assert.deepEqual(required(tailorSteps(builtInSteps('delivery'), { kind: 'one-way', role: 'move' })), [
      'odometer',
      'fuel-level',
      'damages',
      'signer-name',
      'signature',
    ]);
  });

  test("consumer-info-complete is on the loaner leg's pickup only, server-editable, gating delivery_started", () => {
    const loaner = tailorSteps(builtInSteps('pickup'), { kind: 'concierge-loaner', role: 'loaner_move' });
    const customer = tailorSteps(builtInSteps('pickup'), { kind: 'concierge-loaner', role: 'customer_move' });
    const step = loaner.find((s) => s.id === 'consumer-info-complete');
    assert.deepEqual(step?.config, { allow_server_edits: true, gate: 'delivery_started', label: "Customer's details complete", required: false });
    assert.equal(customer.find((s) => s.id === 'consumer-info-complete'), undefined);
  });

  test('a tailored step keeps no set-level keys, and its document starts with the documented key', () => {
    for (const s of tailorSteps(builtInSteps('pickup'), { kind: 'concierge', role: 'customer_move' })) {
      assert.ok(!('legs' in s.config) && !('required_for' in s.config), s.id);
      const doc = stepDocument(s);
      assert.deepEqual(Object.keys(doc), ['id', 'type', 'config']);
      assert.deepEqual(Object.keys(doc.config).slice(0, 2), ['allow_server_edits', 'required']);
    }
  });
});

describe("a booking's workflow choice", () => {
  const choices = { sets: [set(1, null), set(7, 3)], workflows: [...workflows(1, 1), ...workflows(7, 20)], kind: 'one-way' as const };
  const plan = (request: { setId: number | null; data?: Record<string, unknown> }, given = choices) => {
    const problems: FieldProblem[] = [];
    const planned = planMoveWorkflows(given, { path: 'move', role: 'move', request: { setId: request.setId, data: { pickup: request.data ?? null, delivery: null } } }, problems);
    return { planned, problems: problems.map((p) => [p.code, p.field]) };
  };

  test("without workflowset_id: the rooftop's default set, else the built-in one", () => {
    assert.equal(defaultSet(choices.sets).id, 1);
    assert.equal(defaultSet([set(1, null), set(7, 3, 1)]).id, 7);
    assert.equal(plan({ setId: null }).planned?.setId, 1);
    assert.deepEqual(plan({ setId: 7 }).planned?.slots.map((s) => s.workflowId), [20, 21]);
  });

  test('another set id is field_invalid at the move', () => {
    assert.deepEqual(plan({ setId: 99 }), { planned: undefined, problems: [['field_invalid', 'move.workflowset_id']] });
  });

  test('pre-filled data: keys that are no step are kept as given; steps the driver records are refused', () => {
    const kept = plan({ setId: null, data: { additional_field: 'Hello World!' } });
    assert.deepEqual(kept.problems, []);
    assert.deepEqual(kept.planned?.slots[0]?.data, { additional_field: 'Hello World!' });
    const refused = plan({ setId: null, data: { odometer: 12, 'fuel-level': 50, 'prior-damages-review': [] } });
    assert.deepEqual(refused.problems, [
      ['field_invalid', 'move.pickup_workflow_data.odometer'],
      ['field_invalid', 'move.pickup_workflow_data.fuel-level'],
      ['field_invalid', 'move.pickup_workflow_data.prior-damages-review'],
    ]);
  });

  test('a value kept as given is at most 8 levels deep and 4 KiB as JSON', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 5000; i++) deep = { deeper: deep };
    const nested = (levels: number) => {
      let v: unknown = 1;
      for (let i = 0; i < levels; i++) v = [v];
      return v;
    };
    const result = plan({ setId: null, data: { deep, eight: nested(8), nine: nested(9), big: 'x'.repeat(5000), fine: { a: [1, { b: 2 }] } } });
    assert.deepEqual(result.problems, [
      ['field_invalid', 'move.pickup_workflow_data.deep'],
      ['field_invalid', 'move.pickup_workflow_data.nine'],
      ['field_invalid', 'move.pickup_workflow_data.big'],
    ]);
  });

  test('a server-editable step is checked against its type', () => {
    const loanerChoices = { ...choices, kind: 'concierge-loaner' as const };
    const problems: FieldProblem[] = [];
    const request = (value: unknown) => ({ setId: null, data: { pickup: { 'consumer-info-complete': value }, delivery: null } });
    const ok = planMoveWorkflows(loanerChoices, { path: 'loaner_move', role: 'loaner_move', request: request(true) }, problems);
    assert.deepEqual(ok?.slots[0]?.data, { 'consumer-info-complete': true });
    planMoveWorkflows(loanerChoices, { path: 'loaner_move', role: 'loaner_move', request: request('yes') }, problems);
    assert.deepEqual(problems.map((p) => p.field), ['loaner_move.pickup_workflow_data.consumer-info-complete']);
  });
});
