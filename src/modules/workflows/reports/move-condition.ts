// A move's condition (spec §10.4) as one pure reading of its loaded rows: each end's report, the
// comparison of the two, and their documents. GET /v1/moves/:id/condition, the vehicle's history and
// the evidence pack all read from here, and the comparison is definitions' own (the one the
// lifecycle signed and emitted move.damage.detected with), so no two of them can disagree.
import type { MoveRow, MoveSlotRow, PhotoRow } from '../../../db/schema.ts';
import { formatInstant } from '../../../lib/instant.ts';
import type { MoveContext } from '../../moves/view/scenario-view.ts';
import { PANELS } from '../condition/vehicle-panels.ts';
import { type Comparison, compareEnds, findingsOf, panelsSeen, readingsOf, REPORT_STEPS } from '../definitions/condition-report.ts';
import { PRIOR_DAMAGES_REVIEW_KEY } from '../definitions/prior-damages.ts';
import { type SlotState, slotState } from '../definitions/slot-rules.ts';
import type { Slot } from '../definitions/workflow-step.ts';
import { type Links, photoDocument } from '../records/photo-document.ts';
import type { ConditionDocument, HistoryReport } from './condition.schemas.ts';

/** One end of the move as its report shows it. */
export interface SlotReport {
  row: MoveSlotRow;
  state: SlotState;
  /** The slot's current photos (not the signature), oldest first. */
  photos: PhotoRow[];
  /** The signer's image, once signed. */
  signature: PhotoRow | null;
  /** Somebody wrote it: a driver's step has a value, or a photo or signature was uploaded. */
  written: boolean;
  warnings: string[];
}

export interface MoveCondition {
  move: MoveRow;
  pickup: SlotReport | null;
  delivery: SlotReport | null;
  /** Both ends compared (deltas and the odometer warning as soon as both readings exist). */
  comparison: Comparison | null;
  /** The damage diff is a verdict, given only once the delivery report is signed. */
  diffReady: boolean;
}

export function moveCondition(view: MoveContext, move: MoveRow): MoveCondition {
  const photos = view.photos.get(move.id) ?? [];
  const rows = view.slots.get(move.id) ?? [];
  const stateOf = (slot: Slot) => {
    const row = rows.find((r) => r.slot === slot);
    return row ? { row, state: slotState(row, photos) } : undefined;
  };
  const pickup = stateOf('pickup');
  const delivery = stateOf('delivery');
  const laneMiles = view.lanes.get(move.lane_id)?.distance_miles ?? null;
  const comparison = pickup && delivery ? compareEnds(pickup.state, delivery.state, laneMiles) : null;
  return {
    move,
    pickup: pickup ? slotReport(pickup, photos, []) : null,
    delivery: delivery ? slotReport(delivery, photos, comparison?.warnings ?? []) : null,
    comparison,
    diffReady: comparison !== null && delivery!.row.signed_at !== null,
  };
}

function slotReport({ row, state }: { row: MoveSlotRow; state: SlotState }, movePhotos: PhotoRow[], warnings: string[]): SlotReport {
  const signatureId = state.data[REPORT_STEPS.signature];
  const driverSteps = new Set(state.steps.filter((s) => !s.config.allow_server_edits).map((s) => s.id));
  const wroteData = Object.keys(state.data).some((key) => driverSteps.has(key) || key === PRIOR_DAMAGES_REVIEW_KEY);
  const photos = movePhotos.filter((p) => p.slot === row.slot);
  return {
    row,
    state,
    photos: photos.filter((p) => p.kind === 'photo'),
    signature: photos.find((p) => p.kind === 'signature' && p.id === signatureId) ?? null,
    written: wroteData || photos.length > 0,
    warnings,
  };
}

/** The report's document (see ReportSchema). */
export function reportDocument(report: SlotReport, links: Links) {
  const readings = readingsOf(report.state);
  const visible = panelsSeen(report.state);
  return {
    slot: report.row.slot,
    workflow_id: report.row.workflow_id,
    signed_at: report.row.signed_at === null ? null : formatInstant(report.row.signed_at),
    report_sha256: report.row.report_sha256,
    odometer: readings.odometer,
    fuel_level: readings.fuelLevel,
    keys: readings.keys,
    notes: readings.notes,
    signer_name: readings.signerName,
    damages: findingsOf(report.state),
    visible_panels: PANELS.filter((panel) => visible.has(panel)),
    photos: report.photos.map((p) => photoDocument(p, links)),
    warnings: report.warnings,
  };
}

/** A report nobody has written yet is shown as null. */
const shown = (report: SlotReport | null, links: Links) => (report?.written ? reportDocument(report, links) : null);

export function conditionDocument(c: MoveCondition, links: Links): ConditionDocument {
  return {
    move_id: c.move.id,
    pickup: shown(c.pickup, links),
    delivery: shown(c.delivery, links),
    diff: c.diffReady ? c.comparison!.diff : null,
    odometer_delta: c.comparison?.odometerDelta ?? null,
    fuel_delta: c.comparison?.fuelDelta ?? null,
  };
}

/** One signed report of a vehicle's history: the move's, as GET /v1/moves/:id/condition shows it. */
export function historyReport(c: MoveCondition, slot: string, links: Links): HistoryReport | null {
  const report = slot === 'pickup' ? c.pickup : slot === 'delivery' ? c.delivery : null;
  return report ? { move_id: c.move.id, ...reportDocument(report, links) } : null;
}
