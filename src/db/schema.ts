// Table shapes as Kysely sees them. Instants are epoch milliseconds (bigint), booleans 0/1,
// JSON is text: one representation that SQLite and PostgreSQL store alike.
import type { Generated, Insertable, Selectable } from 'kysely';

export interface SettingsTable {
  key: string;
  value: string;
}

export interface RooftopTable {
  id: Generated<number>;
  name: string;
  address_one: string;
  address_two: string | null;
  city: string;
  state: string;
  zip: string;
  lat: number;
  lon: number;
  timezone: string;
  /** JSON WeeklyHours, null = the default Mon–Sat 07:00–19:00. */
  business_hours: string | null;
  /** JSON array of local 'YYYY-MM-DD' dates. */
  holidays: string;
  created_at: number;
}

export interface ApiClientTable {
  client_id: string;
  secret_hash: string;
  role: string;
  driver_id: number | null;
  revoked_at: number | null;
  created_at: number;
  /** 1: an ops dispatch desk for every rooftop, present and future (client_rooftops unused). */
  all_rooftops: Generated<number>;
}

export interface ClientRooftopTable {
  client_id: string;
  rooftop_id: number;
}

export interface LocationTable {
  id: Generated<number>;
  rooftop_id: number;
  dedupe_key: string;
  name: string;
  address_one: string;
  address_two: string | null;
  city: string;
  state: string;
  zip: string;
  lat: number;
  lon: number;
  google_place_id: string | null;
  full_address: string;
  timezone: string | null;
  geocode_precision: string;
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
  created_at: number;
  updated_at: number;
}

/** A scenario's current document, serialized (see migration 012). */
export interface ScenarioDocumentTable {
  scenario_id: number;
  /** The PUBLIC_URL its links were rendered with. */
  public_url: string;
  json: string;
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
  created_at: number;
  updated_at: number;
}

export interface EventTable {
  /** Monotonic position: the cursor order of GET /v1/events. */
  position: Generated<number>;
  id: string;
  rooftop_id: number;
  move_id: number;
  type: string;
  sequence: number;
  created_at: number;
  /** JSON of the move's GET document at the time of the event. */
  data: string;
  /** Commit order, given by the sequencer after commit; null until then. */
  log_position: number | null;
}

export interface IdempotencyKeyTable {
  client_id: string;
  key: string;
  request_hash: string;
  state: 'running' | 'done';
  status_code: number | null;
  content_type: string | null;
  response_body: string | null;
  created_at: number;
  locked_until: number;
  /** The process holding a running claim (host:pid:nonce); null before migration 016. */
  locked_by: string | null;
}

export interface DriverTable {
  id: Generated<number>;
  name: string;
  /** E.164. */
  phone: string;
  can_drive_manual: number;
  active: number;
  sandbox: number;
  last_lat: number | null;
  last_lon: number | null;
  last_located_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface MoveStepTable {
  id: Generated<number>;
  move_id: number;
  driver_id: number | null;
  /** The status the step moved to, e.g. 'pickup started'. */
  step: string;
  lat: number | null;
  lon: number | null;
  odometer: number | null;
  fuel_level: number | null;
  notes: string | null;
  created_at: number;
}

/** The outbox (src/jobs): one row per durable job. */
export interface JobTable {
  id: Generated<number>;
  kind: string;
  /** JSON. */
  payload: string;
  run_at: number;
  state: 'queued' | 'running' | 'done' | 'failed';
  /** Claims so far, including the current one. */
  attempts: number;
  max_attempts: number;
  locked_until: number | null;
  locked_by: string | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: number;
  updated_at: number;
  /** The rooftop the job works for: the worker shares its slots out fairly between rooftops. */
  rooftop_id: number | null;
  /** Jobs of one kind with the same key are capped together (a webhook delivery: its target's host). */
  concurrency_key: string | null;
}

export interface WebhookTable {
  id: Generated<number>;
  rooftop_id: number;
  target_url: string;
  /** Sealed signing secret. */
  secret: string;
  /** JSON array of event types. */
  event_types: string;
  description: string | null;
  active: number;
  disabled_reason: string | null;
  failing_since: number | null;
  deleted_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookDeliveryTable {
  id: Generated<number>;
  webhook_id: number;
  event_id: string;
  event_type: string;
  attempt: number;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  created_at: number;
}

export interface SmsMessageTable {
  id: Generated<number>;
  move_id: number;
  rooftop_id: number;
  trigger: string;
  to_phone: string;
  body: string;
  status: string;
  provider: string | null;
  provider_message_id: string | null;
  attempts: number;
  error: string | null;
  created_at: number;
  updated_at: number;
}

export interface SmsOptOutTable {
  phone: string;
  created_at: number;
}

export interface Schema {
  settings: SettingsTable;
  rooftops: RooftopTable;
  api_clients: ApiClientTable;
  client_rooftops: ClientRooftopTable;
  locations: LocationTable;
  lanes: LaneTable;
  scenarios: ScenarioTable;
  scenario_documents: ScenarioDocumentTable;
  moves: MoveTable;
  events: EventTable;
  idempotency_keys: IdempotencyKeyTable;
  drivers: DriverTable;
  move_steps: MoveStepTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  sms_messages: SmsMessageTable;
  sms_opt_outs: SmsOptOutTable;
  jobs: JobTable;
}

export type DriverRow = Selectable<DriverTable>;

export type RooftopRow = Selectable<RooftopTable>;
export type LocationRow = Selectable<LocationTable>;
export type LaneRow = Selectable<LaneTable>;
export type ScenarioRow = Selectable<ScenarioTable>;
export type MoveRow = Selectable<MoveTable>;
export type NewMove = Insertable<MoveTable>;
export type NewEvent = Insertable<EventTable>;
