// A booking and what it points at: its scenario, the scenario's moves and stored document, the
// locations and lanes they run between, and the per-move event log.
import type { Generated } from 'kysely';
import type { PlaceColumns } from './tenancy.ts';

export interface LocationTable extends PlaceColumns {
  id: Generated<number>;
  rooftop_id: number;
  dedupe_key: string;
  google_place_id: string | null;
  full_address: string;
  timezone: string | null;
  geocode_precision: string;
  /** The rooftop's region it lies in (spec §11.1); null outside every region. */
  region_id: Generated<number | null>;
  created_at: number;
}

export interface LaneTable {
  id: Generated<number>;
  rooftop_id: number;
  /** The smaller location id of the unordered pair. */
  location_a_id: number;
  location_b_id: number;
  distance_miles: number;
  duration_minutes: number;
  estimator: string;
  created_at: number;
}

export interface ScenarioTable {
  id: Generated<number>;
  rooftop_id: number;
  client_id: string;
  kind: string;
  usecase_key: string;
  customer_action: string | null;
  customer_name: string | null;
  /** As the dealer sent it (echoed back). */
  customer_phone: string | null;
  customer_phone_e164: string | null;
  appointment_time: number | null;
  ready_by_time: number;
  earliest_available_time: number;
  message: string | null;
  /** 1: the tracking page never shows the service lot's address (booking `config.hide_service_location`). */
  hide_service_location: Generated<number>;
  /** The time the scenario occupies its driver (spec §11.2): from its ready-by to the end of its last leg. */
  busy_from: number | null;
  busy_until: number | null;
  /** The scenario a reschedule booked this one to replace. */
  rescheduled_from: Generated<number | null>;
  /** The third-party payer billed (spec §12.4); null: the rooftop. */
  payer_id: Generated<number | null>;
  created_at: number;
  updated_at: number;
}

/** A scenario's current document, serialized (see migration 012). */
export interface ScenarioDocumentTable {
  scenario_id: number;
  /** The PUBLIC_URL its links were rendered with. */
  public_url: string;
  json: string;
  /** Until when it may be served as stored: its photo links expire (null: it has none). */
  fresh_until: number | null;
}

export interface MoveTable {
  id: Generated<number>;
  scenario_id: number;
  rooftop_id: number;
  cardinality: number;
  /** The key of the move object in the booking document: loaner_move, customer_move, move, move_one, move_two. */
  role: string;
  lane_id: number;
  pickup_location_id: number;
  delivery_location_id: number;
  reference_id: string | null;
  dealer_contact: string | null;
  special_instructions: string | null;
  vehicle_stock: string | null;
  vehicle_vin: string | null;
  vehicle_year: string | null;
  vehicle_make: string | null;
  vehicle_model: string | null;
  vehicle_color: string | null;
  vehicle_manual: number;
  /** GVWR class 1–6 sent with the booking (spec §12.1); null prices as class 1. */
  vehicle_gvwr_class: number | null;
  /** JSON array of { field, message }. */
  warnings: string;
  status: string | null;
  cancel_status: string | null;
  pickup_started: number | null;
  pickup_arrived: number | null;
  pickup_successful: number | null;
  delivery_started: number | null;
  delivery_arrived: number | null;
  delivery_successful: number | null;
  tracking_token: string | null;
  driver_id: number | null;
  /** The last event sequence number written for this move. */
  event_sequence: number;
  cancel_requested_at: number | null;
  cancel_decided_at: number | null;
  /** 'rule' (automatic) or 'ops' (override). */
  cancel_decided_by: string | null;
  /** Why it was rescheduled (spec §11.5); null otherwise. */
  cancel_reason: Generated<string | null>;
  /** The workflow set its inspections run (spec §10.1); null only for moves booked before inspections. */
  workflow_set_id: number | null;
  created_at: number;
  updated_at: number;
}

export interface EventTable {
  /** Monotonic position: the cursor order of GET /v1/events. */
  position: Generated<number>;
  id: string;
  rooftop_id: number;
  /** Null for an appointment's event. */
  move_id: number | null;
  /** Set for an appointment's event (spec §11.4); sequence then counts per appointment. */
  appointment_id: Generated<number | null>;
  /** Set for an invoice's event (spec §12.3); sequence then counts per invoice. */
  invoice_id: Generated<number | null>;
  type: string;
  sequence: number;
  created_at: number;
  /** JSON of the move's GET document at the time of the event. */
  data: string;
  /** Commit order, given by the sequencer after commit; null until then. */
  log_position: number | null;
}
