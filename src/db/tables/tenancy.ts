// Who may call the API and for which rooftops: the dealers' rooftops, API clients and their
// rooftops, idempotency keys, and the installation's own settings.
import type { Generated } from 'kysely';

export interface SettingsTable {
  key: string;
  value: string;
}

/** A named US street address and where it is: a rooftop's, and every location a move runs between. */
export interface PlaceColumns {
  name: string;
  address_one: string;
  address_two: string | null;
  city: string;
  state: string;
  zip: string;
  lat: number;
  lon: number;
}

export interface RooftopTable extends PlaceColumns {
  id: Generated<number>;
  timezone: string;
  /** JSON WeeklyHours, null = the default Mon–Sat 07:00–19:00. */
  business_hours: string | null;
  /** JSON array of local 'YYYY-MM-DD' dates. */
  holidays: string;
  /** 1: every booking must name a third_party_payer (spec §12.4). */
  payer_required: Generated<number>;
  /** The payer a booking without third_party_payer is billed to; null: the rooftop itself. */
  default_payer_id: Generated<number | null>;
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
