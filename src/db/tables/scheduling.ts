// Scheduling (spec §11): service regions, drivers' shifts, availability holds and appointments.
import type { Generated } from 'kysely';

export interface RegionTable {
  id: Generated<number>;
  rooftop_id: number;
  name: string;
  /** IANA zone: weekly shift patterns are laid out in it. */
  timezone: string;
  /** GeoJSON Polygon or MultiPolygon geometry. */
  area: string;
  min_lat: number;
  min_lon: number;
  max_lat: number;
  max_lon: number;
  created_at: number;
  updated_at: number;
}

export interface DriverShiftTable {
  id: Generated<number>;
  driver_id: number;
  /** Null: on duty for every rooftop. */
  region_id: number | null;
  starts_at: number;
  ends_at: number;
  created_at: number;
}

export interface AvailabilityHoldTable {
  /** uuid: the hold_id given to the caller. */
  id: string;
  rooftop_id: number;
  client_id: string;
  consumer_action: string;
  slot_start: number;
  busy_from: number;
  busy_until: number;
  manual: Generated<number>;
  pickup_location_id: number | null;
  delivery_location_id: number | null;
  expires_at: number;
  /** "scenario:<id>" or "appointment:<id>" once a booking or an appointment used it. */
  consumed_by: string | null;
  created_at: number;
}

export interface AppointmentTable {
  id: Generated<number>;
  rooftop_id: number;
  status: string;
  external_id: string | null;
  source: string;
  source_status: string | null;
  transport_type: string | null;
  consumer_vehicle_direction: string;
  appointment_time: number | null;
  consumer_name: string | null;
  consumer_phone: string | null;
  consumer_email: string | null;
  vehicle_make: string | null;
  vehicle_model: string | null;
  vehicle_year: number | null;
  vehicle_color: string | null;
  vehicle_vin: string | null;
  vehicle_manual: number | null;
  consumer_at_pickup: number;
  pickup_location_id: number | null;
  delivery_location_id: number;
  driver_notes: string | null;
  /** JSON object, or null. */
  config: string | null;
  move_id: number | null;
  workflow_set_id: number | null;
  hold_id: string | null;
  /** The last event sequence number written for this appointment. */
  event_sequence: Generated<number>;
  created_at: number;
  updated_at: number;
}
