import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  diffDamages,
  damageDetected,
  type DamageDiff,
  type DamageFinding,
  type SideEvidence,
} from '../../src/modules/workflows/condition/damage-diff.ts';
import { ANGLES, visiblePanels, type DamageType, type Panel } from '../../src/modules/workflows/condition/vehicle-panels.ts';

function finding(panel: Panel, type: DamageType, severity: number): DamageFinding {
  return { panel, type, severity, note: null, photo_ids: [] };
}

const ALL_ANGLES = visiblePanels(ANGLES);
const NOTHING_SEEN: ReadonlySet<Panel> = new Set();

function side(damages: DamageFinding[], visible: ReadonlySet<Panel> = ALL_ANGLES): SideEvidence {
  return { damages, visible };
}

/** Which list each panel landed in, as `verdict:panel` strings: one assertion shows the whole diff. */
function verdicts(diff: DamageDiff): string[] {
  return Object.entries(diff).flatMap(([verdict, list]) => list.map((c: { panel: Panel }) => `${verdict}:${c.panel}`));
}

describe('diffDamages: a finding only at delivery', () => {
  test('is new when the panel was photographed at pickup', () => {
    const dent = finding('hood', 'dent', 2);
    const diff = diffDamages(side([]), side([dent]));
    assert.deepEqual(diff.new, [{ panel: 'hood', pickup: [], delivery: [dent] }]);
    assert.deepEqual(verdicts(diff), ['new:hood']);
  });

  test('is not comparable when no pickup photo showed the panel', () => {
    const pickupSawOnlyTheFront = visiblePanels(['front']);
    const diff = diffDamages(side([], pickupSawOnlyTheFront), side([finding('left-rear-door', 'scratch', 1)]));
    assert.deepEqual(verdicts(diff), ['not_comparable:left-rear-door']);
  });

  test('a close-up of the panel at pickup makes it visible, so the finding is new', () => {
    const pickup = side([], visiblePanels(['front'], ['left-rear-door']));
    const diff = diffDamages(pickup, side([finding('left-rear-door', 'scratch', 1)]));
    assert.deepEqual(verdicts(diff), ['new:left-rear-door']);
  });
});

describe('diffDamages: findings at both ends', () => {
  test('a higher severity is worsened', () => {
    const diff = diffDamages(side([finding('trunk', 'dent', 1)]), side([finding('trunk', 'dent', 3)]));
    assert.deepEqual(verdicts(diff), ['worsened:trunk']);
  });

  test('a type not there at pickup is worsened, even at a lower severity', () => {
    const diff = diffDamages(side([finding('trunk', 'dent', 3)]), side([finding('trunk', 'scratch', 1)]));
    assert.deepEqual(verdicts(diff), ['worsened:trunk']);
  });

  test('the same type and highest severity is unchanged', () => {
    const diff = diffDamages(side([finding('trunk', 'dent', 2)]), side([finding('trunk', 'dent', 2)]));
    assert.deepEqual(verdicts(diff), ['unchanged:trunk']);
  });

  test('a lower severity of a type seen at pickup is improved', () => {
    const diff = diffDamages(side([finding('trunk', 'dent', 3)]), side([finding('trunk', 'dent', 1)]));
    assert.deepEqual(verdicts(diff), ['improved:trunk']);
  });

  test('both ends count even when neither end photographed the panel: each finding proves a look', () => {
    const diff = diffDamages(side([finding('roof', 'dent', 2)], NOTHING_SEEN), side([finding('roof', 'dent', 4)], NOTHING_SEEN));
    assert.deepEqual(verdicts(diff), ['worsened:roof']);
  });

  test('several findings on a panel are judged as a whole: highest severity and the set of types', () => {
    const pickup = [finding('hood', 'scratch', 1), finding('hood', 'dent', 3)];
    const sameWorst = diffDamages(side(pickup), side([finding('hood', 'dent', 3), finding('hood', 'scratch', 2)]));
    assert.deepEqual(verdicts(sameWorst), ['unchanged:hood'], 'a scratch 1→2 under a dent 3 leaves the worst at 3');
    const droppedOne = diffDamages(side(pickup), side([finding('hood', 'scratch', 1)]));
    assert.deepEqual(verdicts(droppedOne), ['improved:hood']);
    const addedOne = diffDamages(side(pickup), side([...pickup, finding('hood', 'chip', 1)]));
    assert.deepEqual(verdicts(addedOne), ['worsened:hood']);
  });

  test('the comparison carries every finding of the panel from both ends, in recorded order', () => {
    const pickup = [finding('hood', 'scratch', 1), finding('wheels', 'scuff', 1), finding('hood', 'dent', 3)];
    const delivery = [finding('hood', 'dent', 4)];
    const diff = diffDamages(side(pickup), side(delivery));
    assert.deepEqual(diff.worsened, [{ panel: 'hood', pickup: [pickup[0], pickup[2]], delivery }]);
  });
});

describe('diffDamages: a finding only at pickup', () => {
  test('gone at a delivery that photographed the panel is improved', () => {
    const chip = finding('windshield', 'chip', 1);
    const diff = diffDamages(side([chip]), side([], visiblePanels(['front'])));
    assert.deepEqual(diff.improved, [{ panel: 'windshield', pickup: [chip], delivery: [] }]);
    assert.deepEqual(verdicts(diff), ['improved:windshield']);
  });

  test('gone at a delivery that did not photograph the panel is not comparable', () => {
    const diff = diffDamages(side([finding('windshield', 'chip', 1)]), side([], visiblePanels(['rear'])));
    assert.deepEqual(verdicts(diff), ['not_comparable:windshield']);
  });
});

describe('diffDamages: the whole report', () => {
  test('no findings at either end gives five empty lists, in the documented key order', () => {
    const diff = diffDamages(side([]), side([]));
    assert.deepEqual(diff, { new: [], worsened: [], unchanged: [], improved: [], not_comparable: [] });
    assert.deepEqual(Object.keys(diff), ['new', 'worsened', 'unchanged', 'improved', 'not_comparable']);
  });

  test('panels are listed in PANELS order within each list, whatever order they were recorded in', () => {
    const delivery = [finding('wheels', 'scuff', 1), finding('front-bumper', 'scratch', 1), finding('right-rear-door', 'dent', 2)];
    const diff = diffDamages(side([]), side(delivery));
    assert.deepEqual(diff.new.map((c) => c.panel), ['front-bumper', 'right-rear-door', 'wheels']);
  });

  test('a mixed report sorts each panel into its own list', () => {
    const pickup = side([finding('hood', 'dent', 2), finding('trunk', 'scratch', 2), finding('interior', 'stain', 1)], visiblePanels(['front', 'rear']));
    const delivery = side([finding('hood', 'dent', 2), finding('trunk', 'scratch', 3), finding('left-front-door', 'dent', 1), finding('rear-bumper', 'scuff', 1)], visiblePanels(['front', 'rear']));
    assert.deepEqual(verdicts(diffDamages(pickup, delivery)), [
      'new:rear-bumper',
      'worsened:trunk',
      'unchanged:hood',
      'not_comparable:left-front-door',
      'not_comparable:interior',
    ]);
  });

  test('panel `other` is visible only through a close-up, at either end', () => {
    const unlocated = finding('other', 'missing-part', 2);
    assert.deepEqual(verdicts(diffDamages(side([]), side([unlocated]))), ['not_comparable:other'], 'no angle shows `other`');
    const closeUpAtPickup = side([], visiblePanels(ANGLES, ['other']));
    assert.deepEqual(verdicts(diffDamages(closeUpAtPickup, side([unlocated]))), ['new:other']);
    assert.deepEqual(verdicts(diffDamages(side([unlocated]), side([]))), ['not_comparable:other']);
    const closeUpAtDelivery = side([], visiblePanels([], ['other']));
    assert.deepEqual(verdicts(diffDamages(side([unlocated]), closeUpAtDelivery)), ['improved:other']);
  });

  test('a panel outside the list is refused, not silently dropped', () => {
    const stray = { ...finding('hood', 'dent', 1), panel: 'spoiler' as Panel };
    assert.throws(() => diffDamages(side([]), side([stray])), /unknown panel.*"spoiler"/);
  });
});

describe('damageDetected', () => {
  const empty: DamageDiff = { new: [], worsened: [], unchanged: [], improved: [], not_comparable: [] };
  const one = { panel: 'hood' as Panel, pickup: [], delivery: [] };

  test('is true when something is new or worsened', () => {
    assert.equal(damageDetected({ ...empty, new: [one] }), true);
    assert.equal(damageDetected({ ...empty, worsened: [one] }), true);
  });

  test('is false when nothing is new or worse, however much else changed', () => {
    assert.equal(damageDetected(empty), false);
    assert.equal(damageDetected({ ...empty, unchanged: [one], improved: [one], not_comparable: [one] }), false);
  });
});
