// A slot's condition report and the comparison of the two ends (spec §10.4), from the slot states.
// Pure: GET /v1/moves/:id/condition, the lifecycle's signing (hash, damage event) and the evidence
// pack all build from here, so they can never disagree about what was found.
import { type DamageDiff, type DamageFinding, diffDamages } from '../condition/damage-diff.ts';
import { odometerWarning, readingDelta } from '../condition/readings-check.ts';
import { reportSha256 } from '../condition/report-hash.ts';
import { type Angle, ANGLES, type Panel, visiblePanels } from '../condition/vehicle-panels.ts';
import { currentPhotoOf, type SlotState } from './slot-rules.ts';

/** The built-in steps a report reads its fields from (a custom set that has none of them reports null). */
export const REPORT_STEPS = {
  odometer: 'odometer',
  fuelLevel: 'fuel-level',
  keys: 'keys',
  damages: 'damages',
  notes: 'driver-notes',
  signerName: 'signer-name',
  signature: 'signature',
} as const;

const numberOr = (v: unknown) => (typeof v === 'number' ? v : null);

export function findingsOf(state: SlotState): DamageFinding[] {
  const value = state.data[REPORT_STEPS.damages];
  return Array.isArray(value) ? (value as DamageFinding[]) : [];
}

/** The panels the slot's photos show: each photographed angle's, and each finding's with a close-up. */
export function panelsSeen(state: SlotState): Set<Panel> {
  const angles = state.steps
    .filter((s) => s.type === 'photo' && s.config.angle && (ANGLES as readonly string[]).includes(s.config.angle))
    .filter((s) => currentPhotoOf(state, s.id) !== undefined)
    .map((s) => s.config.angle as Angle);
  const closeUps = findingsOf(state).filter((f) => f.photo_ids.length > 0).map((f) => f.panel);
  return visiblePanels(angles, closeUps);
}

/** The data the driver's report is: the server-editable steps are the dealer's, kept out of the seal. */
export function driverData(state: SlotState): Record<string, unknown> {
  const dealers = new Set(state.steps.filter((s) => s.config.allow_server_edits).map((s) => s.id));
  return Object.fromEntries(Object.entries(state.data).filter(([key]) => !dealers.has(key)));
}

/** The seal stored when the slot is signed (spec §10.4 `report_sha256`). */
export function sealOf(state: SlotState, moveId: number): string {
  const photos = state.photos.map((p) => ({ id: p.id, step_id: p.step_id, sha256: p.sha256 }));
  return reportSha256({ slot: state.slot, move_id: moveId, data: driverData(state), photos });
}

export interface SlotReadings {
  odometer: number | null;
  fuelLevel: number | null;
  keys: number | null;
  notes: string | null;
  signerName: string | null;
}

export function readingsOf(state: SlotState): SlotReadings {
  const d = state.data;
  return {
    odometer: numberOr(d[REPORT_STEPS.odometer]),
    fuelLevel: numberOr(d[REPORT_STEPS.fuelLevel]),
    keys: numberOr(d[REPORT_STEPS.keys]),
    notes: typeof d[REPORT_STEPS.notes] === 'string' ? (d[REPORT_STEPS.notes] as string) : null,
    signerName: typeof d[REPORT_STEPS.signerName] === 'string' ? (d[REPORT_STEPS.signerName] as string) : null,
  };
}

export interface Comparison {
  diff: DamageDiff;
  odometerDelta: number | null;
  fuelDelta: number | null;
  /** For the delivery report: what does not fit (the odometer rule). */
  warnings: string[];
}

/** Pickup against delivery: the damage diff per panel, and the readings' deltas. */
export function compareEnds(pickup: SlotState, delivery: SlotState, laneMiles: number | null): Comparison {
  const diff = diffDamages(
    { damages: findingsOf(pickup), visible: panelsSeen(pickup) },
    { damages: findingsOf(delivery), visible: panelsSeen(delivery) },
  );
  const a = readingsOf(pickup);
  const b = readingsOf(delivery);
  const warning = odometerWarning(a.odometer, b.odometer, laneMiles);
  return {
    diff,
    odometerDelta: readingDelta(a.odometer, b.odometer),
    fuelDelta: readingDelta(a.fuelLevel, b.fuelLevel),
    warnings: warning ? [warning] : [],
  };
}
