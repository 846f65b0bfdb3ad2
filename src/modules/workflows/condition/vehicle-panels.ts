/**
 * The vocabulary of a condition report (spec §10.4): where on the car a finding sits, what kind of
 * damage it is, and which standard photo angles show which panels. Pure data and one pure rule;
 * the damage diff uses it to decide whether a panel was looked at, at each end of a move.
 */

/** Every place a finding can sit, in the order reports and diffs list them. `other`: nowhere locatable. */
export const PANELS = [
  'front-bumper',
  'hood',
  'windshield',
  'roof',
  'left-front-fender',
  'left-front-door',
  'left-rear-door',
  'left-quarter-panel',
  'right-front-fender',
  'right-front-door',
  'right-rear-door',
  'right-quarter-panel',
  'rear-bumper',
  'rear-window',
  'trunk',
  'wheels',
  'interior',
  'other',
] as const;
export type Panel = (typeof PANELS)[number];

export const DAMAGE_TYPES = ['scratch', 'dent', 'chip', 'crack', 'scuff', 'missing-part', 'broken', 'stain', 'other'] as const;
export type DamageType = (typeof DAMAGE_TYPES)[number];

/** Severity is an integer from 1 (minor) to 4 (severe). */
export const SEVERITY = { min: 1, max: 4 } as const;

/** The standard photo angles of the default workflow set (§10.1): 8 around the car, the cabin, the odometer. */
export const ANGLES = [
  'front',
  'front-left',
  'left',
  'rear-left',
  'rear',
  'rear-right',
  'right',
  'front-right',
  'interior',
  'odometer',
] as const;
export type Angle = (typeof ANGLES)[number];

// The four faces of the body; a straight-on photo shows one, a three-quarter photo the two it sits between.
const FRONT_FACE: readonly Panel[] = ['front-bumper', 'hood', 'windshield'];
const REAR_FACE: readonly Panel[] = ['rear-bumper', 'trunk', 'rear-window'];
const LEFT_FACE: readonly Panel[] = ['left-front-fender', 'left-front-door', 'left-rear-door', 'left-quarter-panel', 'wheels'];
const RIGHT_FACE: readonly Panel[] = ['right-front-fender', 'right-front-door', 'right-rear-door', 'right-quarter-panel', 'wheels'];

// Why the roof is only in the three-quarter views: a straight-on shot taken at standing height meets
// the roof edge-on (and on an SUV or van not at all), so a dent on it cannot be judged from there. The
// three-quarter shots are taken from further back, across the body's diagonal, and are where the roof's
// surface shows. Counting the roof as seen in a straight-on shot would let a roof dent found at delivery
// be called `new` when nobody could have seen it at pickup; a close-up of the roof always counts.
// `other` is never shown by an angle: a finding nobody can locate is only seen through its own close-up.
export const PANELS_OF_ANGLE: Readonly<Record<Angle, readonly Panel[]>> = {
  front: FRONT_FACE,
  'front-left': [...FRONT_FACE, ...LEFT_FACE, 'roof'],
  left: LEFT_FACE,
  'rear-left': [...REAR_FACE, ...LEFT_FACE, 'roof'],
  rear: REAR_FACE,
  'rear-right': [...REAR_FACE, ...RIGHT_FACE, 'roof'],
  right: RIGHT_FACE,
  'front-right': [...FRONT_FACE, ...RIGHT_FACE, 'roof'],
  interior: ['interior'],
  odometer: [],
};

/**
 * The panels a slot's evidence shows: those covered by the angles that were photographed, plus every
 * panel a damage close-up was taken of (a close-up proves somebody looked at that panel).
 */
export function visiblePanels(angles: Iterable<Angle>, closeUps: Iterable<Panel> = []): Set<Panel> {
  const visible = new Set<Panel>(closeUps);
  for (const angle of angles) {
    for (const panel of PANELS_OF_ANGLE[angle]) visible.add(panel);
  }
  return visible;
}
