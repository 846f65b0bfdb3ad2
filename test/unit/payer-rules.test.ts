// Who a booking is billed to, and which payer settings a rooftop may have (spec §12.4).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { choosePayer } from '../../src/modules/billing/payers/payer-choice.ts';
import { applySettingChange, settingProblems } from '../../src/modules/billing/payers/payer-setting.ts';

const optional = { required: false, defaultPayerId: null };

describe('choosePayer', () => {
  test('a payer of the rooftop is billed; any other id is field_invalid at third_party_payer', () => {
    assert.deepEqual(choosePayer(optional, 7, true), { payerId: 7 });
    assert.deepEqual(choosePayer({ required: true, defaultPayerId: 3 }, 7, true), { payerId: 7 });
    const refused = choosePayer({ required: false, defaultPayerId: 3 }, 8, false);
    assert.ok('problem' in refused);
    assert.equal(refused.problem.code, 'field_invalid');
    assert.equal(refused.problem.field, 'third_party_payer');
  });

  test('none sent: field_missing when required (the default not used), else the default, else the rooftop', () => {
    const missing = choosePayer({ required: true, defaultPayerId: 3 }, null, false);
    assert.ok('problem' in missing);
    assert.deepEqual([missing.problem.code, missing.problem.field], ['field_missing', 'third_party_payer']);
    assert.deepEqual(choosePayer({ required: false, defaultPayerId: 3 }, null, false), { payerId: 3 });
    assert.deepEqual(choosePayer(optional, null, false), { payerId: null });
  });
});

describe('payer settings', () => {
  test('a change keeps what it does not name; null clears the default', () => {
    const current = { required: true, defaultPayerId: 4 };
    assert.deepEqual(applySettingChange(current, {}), current);
    assert.deepEqual(applySettingChange(current, { required: false }), { required: false, defaultPayerId: 4 });
    assert.deepEqual(applySettingChange(current, { defaultPayerId: null }), { required: true, defaultPayerId: null });
  });

  test("a default must be one of the rooftop's payers; requiring one needs a payer to name", () => {
    assert.deepEqual(settingProblems({ defaultPayerId: 4 }, { required: false, defaultPayerId: 4 }, [4, 5]), []);
    assert.deepEqual(settingProblems({ defaultPayerId: null }, optional, []), []);
    const fields = (ps: { field: string }[]) => ps.map((p) => p.field);
    assert.deepEqual(fields(settingProblems({ defaultPayerId: 9 }, { required: false, defaultPayerId: 9 }, [4])), ['default_payer_id']);
    assert.deepEqual(fields(settingProblems({ required: true, defaultPayerId: 9 }, { required: true, defaultPayerId: 9 }, [])), ['default_payer_id', 'payer_required']);
    // A setting stored before is not re-judged by a change that does not touch it.
    assert.deepEqual(settingProblems({ required: false }, { required: false, defaultPayerId: 4 }, [4]), []);
  });
});
