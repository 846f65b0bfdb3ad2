// The drivers, and the steps they record on a move (the lifecycle's history).
import type { Generated } from 'kysely';

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

/** The trail of POST /v1/driver/location: one row per report per move the driver had under way. */
export interface DriverPositionTable {
  id: Generated<number>;
  driver_id: number;
  move_id: number;
  lat: number;
  lon: number;
  recorded_at: number;
}
