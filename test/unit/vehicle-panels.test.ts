import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  ANGLES,
  DAMAGE_TYPES,
  PANELS,
  PANELS_OF_ANGLE,
  SEVERITY,
  visiblePanels,
  type Panel,
} from '../../src/modules/workflows/condition/vehicle-panels.ts';

/** Panels as a sorted list, so set contents compare regardless of insertion order. */
const sorted = (panels: Iterable<Panel>) => [...panels].sort();

describe('the vocabulary', () => {
  test('panels, damage types and severity are the ones §10.4 names', () => {
    assert.equal(PANELS.length, 18);
    assert.equal(new Set(PANELS).size, PANELS.length, 'no panel twice');
    assert.deepEqual(DAMAGE_TYPES, ['scratch', 'dent', 'chip', 'crack', 'scuff', 'missing-part', 'broken', 'stain', 'other']);
    assert.deepEqual(SEVERITY, { min: 1, max: 4 });
  });

  test('every angle lists only known panels, each once', () => {
    const known = new Set<string>(PANELS);
    for (const angle of ANGLES) {
      const shown = PANELS_OF_ANGLE[angle];
      assert.equal(new Set(shown).size, shown.length, `${angle} lists a panel twice`);
      for (const panel of shown) assert.ok(known.has(panel), `${angle} shows unknown ${panel}`);
    }
  });
});

describe('PANELS_OF_ANGLE', () => {
  test('every panel but `other` is shown by some angle, and `other` by none', () => {
    const shownSomewhere = visiblePanels(ANGLES);
    assert.deepEqual(sorted(shownSomewhere), sorted(PANELS.filter((panel) => panel !== 'other')));
  });

  test('straight-on views show their own face only', () => {
    assert.deepEqual(sorted(PANELS_OF_ANGLE.front), ['front-bumper', 'hood', 'windshield']);
    assert.deepEqual(sorted(PANELS_OF_ANGLE.rear), ['rear-bumper', 'rear-window', 'trunk']);
    assert.deepEqual(sorted(PANELS_OF_ANGLE.left), ['left-front-door', 'left-front-fender', 'left-quarter-panel', 'left-rear-door', 'wheels']);
    assert.deepEqual(sorted(PANELS_OF_ANGLE.right), ['right-front-door', 'right-front-fender', 'right-quarter-panel', 'right-rear-door', 'wheels']);
  });

  test('a three-quarter view shows the two faces it sits between, the roof and the wheels', () => {
    const threeQuarters = [
      ['front-left', 'front', 'left'],
      ['rear-left', 'rear', 'left'],
      ['rear-right', 'rear', 'right'],
      ['front-right', 'front', 'right'],
    ] as const;
    for (const [view, end, flank] of threeQuarters) {
      const expected = new Set<Panel>([...PANELS_OF_ANGLE[end], ...PANELS_OF_ANGLE[flank], 'roof', 'wheels']);
      assert.deepEqual(sorted(PANELS_OF_ANGLE[view]), sorted(expected), view);
    }
  });

  test('only the three-quarter views show the roof', () => {
    const showingRoof = ANGLES.filter((angle) => PANELS_OF_ANGLE[angle].includes('roof'));
    assert.deepEqual(showingRoof, ['front-left', 'rear-left', 'rear-right', 'front-right']);
  });

  test('the interior photo shows the interior; the odometer photo shows no panel', () => {
    assert.deepEqual(PANELS_OF_ANGLE.interior, ['interior']);
    assert.deepEqual(PANELS_OF_ANGLE.odometer, []);
  });
});

describe('visiblePanels', () => {
  test('is the union of the photographed angles', () => {
    assert.deepEqual(sorted(visiblePanels(['front', 'odometer'])), ['front-bumper', 'hood', 'windshield']);
    assert.deepEqual(sorted(visiblePanels(['interior', 'rear'])), ['interior', 'rear-bumper', 'rear-window', 'trunk']);
  });

  test('adds the panels a close-up was taken of, including `other`', () => {
    assert.deepEqual(sorted(visiblePanels(['front'], ['roof', 'other'])), ['front-bumper', 'hood', 'other', 'roof', 'windshield']);
  });

  test('no photos show nothing', () => {
    assert.equal(visiblePanels([]).size, 0);
  });

  test('accepts any iterable, such as a set', () => {
    assert.deepEqual(sorted(visiblePanels(new Set(['odometer'] as const), new Set<Panel>(['trunk']))), ['trunk']);
  });
});
