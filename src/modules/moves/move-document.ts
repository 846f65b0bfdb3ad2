// The move document: what a booking returns, what GET /v1/moves/:id returns, and what every event
// carries. One renderer from stored rows, so the three can never disagree. Key order is part of
// the contract (the reference response); extensions always follow the reference keys.
import type { MoveRow, ScenarioRow } from '../../db/schema.ts';
import { formatInstant } from '../../lib/instant.ts';
import { locationDocument } from '../locations/location-document.ts';
import { type Links, photoDocument } from '../workflows/records/photo-document.ts';
import type { MoveRole, MoveKind, TopField } from './kinds/move-kind.ts';
import type { MoveContext, ScenarioView } from './view/scenario-view.ts';
import { renderCharge } from '../billing/charges/charge-document.ts';
import { SETTLED } from '../billing/charges/charge-status.ts';
import { isPairLayout } from './kinds/move-kinds.ts';

export type { Links } from '../workflows/records/photo-document.ts';

export type { MoveContext, ScenarioView } from './view/scenario-view.ts';
export { locationDocument } from '../locations/location-document.ts';

const iso = (ms: number | null) => (ms === null ? null : formatInstant(ms));

/** The move's charge object, `{}` when it has none (doc). */
const chargeOf = (view: MoveContext, moveId: number) => renderCharge(view.charges?.get(moveId) ?? null);

/** A slot's workflow data (step id → value) as stored; {} for a move booked before inspections. */
function workflowData(view: MoveContext, moveId: number, slot: string): Record<string, unknown> {
  const row = view.slots.get(moveId)?.find((s) => s.slot === slot);
  return row ? (JSON.parse(row.data) as Record<string, unknown>) : {};
}

/** The photos a slot lists (signature images are shown in the data, not as photos). */
function slotPhotos(view: MoveContext, moveId: number, slot: string, links: Links) {
  return (view.photos.get(moveId) ?? []).filter((p) => p.slot === slot && p.kind === 'photo').map((p) => photoDocument(p, links));
}

export function moveDocument(m: MoveRow, view: MoveContext, links: Links) {
  const { publicUrl } = links;
  const location = (id: number) => {
    const row = view.locations.get(id);
    if (!row) throw new Error(`location ${id} of move ${m.id} not loaded`);
    return locationDocument(row, publicUrl);
  };
  const lane = view.lanes.get(m.lane_id);
  return {
    move_id: m.id,
    status: m.status,
    cancel_status: m.cancel_status,
    pickup_started: iso(m.pickup_started),
    pickup_arrived: iso(m.pickup_arrived),
    pickup_successful: iso(m.pickup_successful),
    delivery_started: iso(m.delivery_started),
    delivery_arrived: iso(m.delivery_arrived),
    delivery_successful: iso(m.delivery_successful),
    tracking_link: m.tracking_token ? `${publicUrl}/track/${m.tracking_token}` : null,
    move_uri: `${publicUrl}/v1/moves/${m.id}`,
    lane_uri: `${publicUrl}/v1/lanes/${m.lane_id}`,
    reference_id: m.reference_id,
    dealer_contact: m.dealer_contact,
    special_instructions: m.special_instructions,
    vehicle: {
      stock: m.vehicle_stock,
      vin: m.vehicle_vin,
      year: m.vehicle_year,
      make: m.vehicle_make,
      model: m.vehicle_model,
      color: m.vehicle_color,
      manual: m.vehicle_manual === 1,
    },
    pickup_location: location(m.pickup_location_id),
    // Extensions (spec §5: "may follow the reference keys").
    reference_num: m.reference_id,
    delivery_location: location(m.delivery_location_id),
    usecase_key: view.scenario.usecase_key,
    cardinality: m.cardinality,
    distance_miles: lane?.distance_miles ?? null,
    duration_minutes: lane?.duration_minutes ?? null,
    driver_name: m.driver_id === null ? null : (view.driverNames.get(m.driver_id) ?? null),
    rooftop: m.rooftop_id,
    // A reschedule's reason (spec §11.5: "cancel_status: rescheduled and cancel_reason").
    cancel_reason: m.cancel_reason,
    // Inspections (spec §10.2): in each move object, since every leg has its own.
    workflowset: m.workflow_set_id,
    pickup_workflow_data: workflowData(view, m.id, 'pickup'),
    delivery_workflow_data: workflowData(view, m.id, 'delivery'),
    pickup_photos: slotPhotos(view, m.id, 'pickup', links),
    delivery_photos: slotPhotos(view, m.id, 'delivery', links),
    // Money (spec §12.2): settled seven days after the move completed; its charge is final then.
    settled: view.charges?.get(m.id)?.status === SETTLED,
  };
}

export type MoveDocument = ReturnType<typeof moveDocument>;

/**
 * The move object as dealers and ops get it — bookings, GET /v1/moves(/:id), events and webhooks:
 * the move, then the address of its page in the portal (issue 16), last of our extensions. The
 * driver app shows moveDocument alone: drivers have no portal login, so the link would lead nowhere.
 */
export function dealerMoveDocument(m: MoveRow, view: MoveContext, links: Links) {
  return { ...moveDocument(m, view, links), move_details_url: `${links.publicUrl}/portal/moves/${m.id}` };
}

function topField(field: TopField, s: ScenarioRow): string | null {
  switch (field) {
    case 'ready_by_time_utc':
      return formatInstant(s.ready_by_time);
    case 'appointment_time_utc':
      return iso(s.appointment_time);
    case 'customer_name':
      return s.customer_name;
    case 'customer_phone':
      return s.customer_phone;
    case 'customer_action':
      return s.customer_action;
  }
}

/** The scenario's document in its move type's layout. */
export function scenarioDocument(view: ScenarioView, type: MoveKind, links: Links): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  const byRole = new Map<MoveRole, MoveRow>(view.moves.map((m) => [m.role as MoveRole, m]));
  const pair = isPairLayout(type);
  for (const part of type.layout) {
    if ('move' in part) {
      const move = byRole.get(part.move);
      if (!move) throw new Error(`scenario ${view.scenario.id} has no ${part.move}`);
      const object: Record<string, unknown> = dealerMoveDocument(move, view, links);
      // A pair's charges sit in each move object (ours), a single move's at the top level (doc).
      if (pair) object.charge = chargeOf(view, move.id);
      doc[part.move] = object;
    } else {
      doc[part.field] = topField(part.field, view.scenario);
    }
  }
  doc.earliest_available_time = formatInstant(view.scenario.earliest_available_time);
  doc.message = view.scenario.message;
  doc.usecase_key = view.scenario.usecase_key;
  doc.warnings = view.moves.flatMap((m) => JSON.parse(m.warnings) as { field: string; message: string }[]);
  // The booking's third_party_payer echoed (spec §12.4), as billed: the rooftop's default when none was sent.
  doc.third_party_payer = view.scenario.payer_id;
  if (!pair) doc.charge = chargeOf(view, view.moves[0]!.id);
  return doc;
}
