// Writing a planned booking, in the caller's transaction: duplicate check, locations, lanes, the
// scenario and its moves, the stored document and the move.created events. Nothing is decided here.
import type { Transaction } from '../../../db/executor.ts';
import type { LaneRow, LocationRow, NewMove } from '../../../db/schema.ts';
import type { EventLog } from '../../events/event-log.ts';
import { findOrCreateLane, lanePair } from '../../lanes/lanes.repository.ts';
import { findOrCreateLocations, updateLocationGeocode } from '../../locations/locations.repository.ts';
import { improvesOn } from '../../locations/stored-geocode.ts';
import { refuseDuplicates } from './duplicate-check.ts';
import type { ScenarioView } from '../move-document.ts';
import { insertMoves, insertScenario } from '../moves.repository.ts';
import { storeRenderedDocument } from '../scenario-document.ts';
import type { PlannedBooking } from './booking-plan.ts';
import { insertSlots } from '../../workflows/records/slots.repository.ts';
import type { MoveSlotRow } from '../../../db/schema.ts';
import { ApiError } from '../../../lib/errors.ts';
import { consumeHold } from '../../scheduling/holds/hold-use.ts';
import type { BookingQuote } from '../../billing/charges/booking-price.ts';
import { insertCharges } from '../../billing/charges/charges.repository.ts';
import { quotedChargeRows } from '../../billing/charges/quoted-charges.ts';
import { chargesByMove } from '../../billing/charges/charge-record.ts';

export interface BookingResult {
  view: ScenarioView;
  /** The scenario's document, serialized once: the response body and the move.created events' data. */
  json: string;
}

export async function persistBooking(
  trx: Transaction,
  plan: PlannedBooking,
  deps: { events: EventLog; publicUrl: string; quote: BookingQuote },
): Promise<BookingResult> {
  const { command, now } = plan;
  const { draft, rooftopId } = command;
  if (command.duplicateCheck) await refuseDuplicates(trx, command.duplicateCheck, rooftopId, plan.legs);
  const { locations, placedAnew } = await writeLocations(trx, plan);
  const legLanes = await writeLanes(trx, plan, locations, placedAnew);

  const scenario = await insertScenario(trx, {
    rooftop_id: rooftopId,
    client_id: command.clientId,
    kind: command.type.kind,
    usecase_key: draft.usecaseKey,
    customer_action: draft.customer?.action ?? null,
    customer_name: draft.customer?.name ?? null,
    customer_phone: draft.customer?.phone ?? null,
    customer_phone_e164: draft.customer?.phoneE164 ?? null,
    appointment_time: draft.appointmentMs,
    ready_by_time: plan.readyByMs,
    earliest_available_time: plan.earliestMs,
    busy_from: plan.busy.from,
    busy_until: plan.busy.until,
    message: plan.message,
    hide_service_location: command.hideServiceLocation ? 1 : 0,
    // The payer billed, as the booking service chose it (spec §12.4; null: the rooftop).
    payer_id: command.thirdPartyPayer ?? null,
    created_at: now,
    updated_at: now,
  });
  // The hold it names is used with it, or nothing is booked (a hold unknown, expired or used).
  if (command.holdId) {
    const problem = await consumeHold(trx, { id: command.holdId, rooftopId, by: `scenario:${scenario.id}`, now, field: 'hold_id' });
    if (problem) throw ApiError.fromProblems([problem]);
  }

  const moves = await insertMoves(trx, moveRows(plan, scenario.id, locations, legLanes));
  const slots = slotRows(plan, moves.map((m) => m.id));
  await insertSlots(trx, slots);
  // The quote, pinned to the contract that priced it (spec §12.2).
  const charges = await insertCharges(trx, quotedChargeRows(deps.quote, moves, command.thirdPartyPayer ?? null, now));

  const view: ScenarioView = {
    scenario,
    moves,
    locations: new Map([...locations.values()].map((l) => [l.id, l])),
    lanes: new Map(legLanes.map((l) => [l.id, l])),
    driverNames: new Map(),
    slots: new Map(moves.map((m) => [m.id, slots.filter((s) => s.move_id === m.id)])),
    photos: new Map(),
    charges: chargesByMove(charges),
  };
  const json = await storeRenderedDocument(trx, view, { publicUrl: deps.publicUrl, now });
  await deps.events.append(trx, { moves, type: 'move.created', data: json, now, firstOfNewMoves: true, context: { view, rooftop: plan.rooftop } });
  return { view, json };
}

/** The scenario's moves, one per leg, in cardinality order. */
function moveRows(plan: PlannedBooking, scenarioId: number, locations: Map<string, LocationRow>, legLanes: LaneRow[]): NewMove[] {
  const { rooftopId } = plan.command;
  const { now } = plan;
  return plan.legs.map((leg, cardinality) => {
    const v = leg.move.vehicle;
    return {
      scenario_id: scenarioId,
      rooftop_id: rooftopId,
      cardinality,
      role: leg.role,
      lane_id: legLanes[cardinality]!.id,
      pickup_location_id: locations.get(leg.pickup.dedupeKey)!.id,
      delivery_location_id: locations.get(leg.delivery.dedupeKey)!.id,
      reference_id: leg.move.referenceId,
      dealer_contact: leg.move.dealerContact,
      special_instructions: leg.move.specialInstructions,
      vehicle_stock: v.stock,
      vehicle_vin: v.vin,
      vehicle_year: v.year,
      vehicle_make: v.make,
      vehicle_model: v.model,
      vehicle_color: v.color,
      vehicle_manual: v.manual ? 1 : 0,
      vehicle_gvwr_class: v.gvwrClass,
      workflow_set_id: plan.workflows[cardinality]!.setId,
      // The move's own (VIN) warnings, then what geocoding and routing warned of.
      warnings: JSON.stringify([...leg.move.warnings, ...(plan.warnings[cardinality] ?? [])]),
      status: null,
      cancel_status: null,
      event_sequence: 1,
      created_at: now,
      updated_at: now,
    };
  });
}

/** Each move's pickup and delivery slots, as planned (by leg, so index = cardinality = the move's). */
function slotRows(plan: PlannedBooking, moveIds: number[]): MoveSlotRow[] {
  return plan.workflows.flatMap((w, cardinality) =>
    w.slots.map((s) => ({
      move_id: moveIds[cardinality]!,
      slot: s.slot,
      workflow_id: s.workflowId,
      workflow_name: s.name,
      workflow_description: s.description,
      steps: JSON.stringify(s.steps),
      data: JSON.stringify(s.data),
      signed_at: null,
      report_sha256: null,
      updated_at: plan.now,
    })),
  );
}

/**
 * Each distinct place, found (the rooftop's same address) or created, by dedupe key. A stored
 * place the booking located more exactly (it sat at its ZIP's centre) is placed anew.
 */
async function writeLocations(
  trx: Transaction,
  plan: PlannedBooking,
): Promise<{ locations: Map<string, LocationRow>; placedAnew: Set<number> }> {
  const { rooftopId } = plan.command;
  const found = await findOrCreateLocations(
    trx,
    rooftopId,
    plan.places.map((place) => {
      const g = plan.geocodes.get(place.dedupeKey)!;
      return {
        rooftop_id: rooftopId,
        dedupe_key: place.dedupeKey,
        name: place.name,
        ...place.address,
        lat: g.lat,
        lon: g.lon,
        google_place_id: g.google_place_id,
        full_address: g.full_address ?? place.fullAddress,
        timezone: g.timezone,
        geocode_precision: g.precision,
        region_id: plan.serviceArea.regionOf(g),
        created_at: plan.now,
      };
    }),
  );
  const locations = new Map<string, LocationRow>();
  const placedAnew = new Set<number>();
  for (const place of plan.places) {
    let row = found.get(place.dedupeKey)!;
    const g = plan.geocodes.get(place.dedupeKey)!;
    if (improvesOn(row, g)) {
      row = await updateLocationGeocode(trx, row.id, g, g.full_address ?? row.full_address, plan.serviceArea.regionOf(g));
      placedAnew.add(row.id);
    }
    locations.set(place.dedupeKey, row);
  }
  return { locations, placedAnew };
}

/** Each leg's lane; both legs of a swap share one, since lanes are unordered pairs. */
async function writeLanes(
  trx: Transaction,
  plan: PlannedBooking,
  locations: Map<string, LocationRow>,
  placedAnew: Set<number>,
): Promise<LaneRow[]> {
  const lanesByPair = new Map<string, LaneRow>();
  const legLanes: LaneRow[] = [];
  for (const [i, leg] of plan.legs.entries()) {
    const a = locations.get(leg.pickup.dedupeKey)!.id;
    const b = locations.get(leg.delivery.dedupeKey)!.id;
    const pair = lanePair(a, b).join('-');
    let lane = lanesByPair.get(pair);
    lane ??= await findOrCreateLane(trx, {
      rooftopId: plan.command.rooftopId,
      locationIds: [a, b],
      estimate: plan.estimates[i]!,
      now: plan.now,
      replace: placedAnew.has(a) || placedAnew.has(b),
    });
    lanesByPair.set(pair, lane);
    legLanes.push(lane);
  }
  return legLanes;
}
