// The move's facts the final charge reads (spec §12.2), taken from the move's own rows: the wait at
// each stop from the driver's timestamps, the fuel levels from the signed condition reports (§10),
// whether the move has completed, and what a partial cancelation is evidenced by. Pure, and over
// structural row types: billing imports no move module.
import type { MoveRow, MoveSlotRow } from '../../../db/schema.ts';
import { formatInstant } from '../../../lib/instant.ts';
import type { FuelFacts, WaitStop } from './charge-rules.ts';
import type { Evidence } from './charge-types.ts';

/** A move as the final charge reads it. */
export type PricedMove = Pick<
  MoveRow,
  | 'id'
  | 'cardinality'
  | 'cancel_status'
  | 'pickup_started'
  | 'pickup_arrived'
  | 'pickup_successful'
  | 'delivery_arrived'
  | 'delivery_successful'
  | 'cancel_decided_at'
  | 'cancel_decided_by'
>;

/** An inspection slot as the final charge reads it (its data is the workflow's JSON object). */
export type PricedSlot = Pick<MoveSlotRow, 'slot' | 'data' | 'signed_at' | 'report_sha256'>;

/** The workflow step the condition report keeps the fuel level in (§10.1, the built-in set). */
export const FUEL_STEP = 'fuel-level';

/** The cancel statuses that end the move's attempt: its charge is final from then on. */
const ENDING_CANCEL_STATUSES: readonly string[] = ['canceled', 'partial', 'rescheduled'];

/** Completed: delivered, or its cancelation decided for good (or rescheduled). A failed cancelation goes on. */
export const hasCompleted = (move: PricedMove): boolean =>
  move.delivery_successful !== null || (move.cancel_status !== null && ENDING_CANCEL_STATUSES.includes(move.cancel_status));

/**
 * The stops where the driver waited: arrived → picked up, arrived → delivered. A stop the driver
 * has reached but not left yet is passed on open (left_ms null): it bills nothing until it closes.
 */
export function waitStopsOf(move: PricedMove): WaitStop[] {
  const stops: WaitStop[] = [];
  if (move.pickup_arrived !== null) stops.push({ at_step: 'pickup', arrived_ms: move.pickup_arrived, left_ms: move.pickup_successful });
  if (move.delivery_arrived !== null) stops.push({ at_step: 'delivery', arrived_ms: move.delivery_arrived, left_ms: move.delivery_successful });
  return stops;
}

/**
 * A signed slot's fuel reading (percent 0–100), or null: not signed yet (the report may still
 * change until the driver completes it), no fuel step in its workflow, or no number there.
 */
function signedFuelLevel(slot: PricedSlot | undefined): number | null {
  if (!slot || slot.signed_at === null) return null;
  const value = (JSON.parse(slot.data) as Record<string, unknown>)[FUEL_STEP];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The fuel facts of the move's condition reports; null when neither end has a signed reading. */
export function fuelFactsOf(slots: readonly PricedSlot[] | undefined): FuelFacts | null {
  const pickup = slots?.find((s) => s.slot === 'pickup');
  const delivery = slots?.find((s) => s.slot === 'delivery');
  const pickupLevel = signedFuelLevel(pickup);
  const deliveryLevel = signedFuelLevel(delivery);
  if (pickupLevel === null && deliveryLevel === null) return null;
  const evidence: Evidence = {};
  if (pickupLevel !== null) Object.assign(evidence, reportEvidence('pickup', pickup!));
  if (deliveryLevel !== null) Object.assign(evidence, reportEvidence('delivery', delivery!));
  // The vehicle's tank size is not recorded: the contract's default tank prices it.
  return { pickup_level: pickupLevel, delivery_level: deliveryLevel, tank_gallons: null, evidence };
}

const reportEvidence = (end: 'pickup' | 'delivery', slot: PricedSlot): Evidence => ({
  [`${end}_report_signed_at`]: formatInstant(slot.signed_at!),
  [`${end}_report_sha256`]: slot.report_sha256,
});

/** What a CANCEL_PARTIAL line shows: when the driver set out, when and by whom the cancelation was decided. */
export function cancelEvidenceOf(move: PricedMove): Evidence {
  return {
    pickup_started_at: move.pickup_started === null ? null : formatInstant(move.pickup_started),
    cancel_decided_at: move.cancel_decided_at === null ? null : formatInstant(move.cancel_decided_at),
    cancel_decided_by: move.cancel_decided_by,
  };
}
