// The longest appointment fields taken (after trimming). The readers refuse past them and the
// request schemas state them, so the OpenAPI document says what is refused.
import { MOVE_MAX } from '../../moves/move.limits.ts';

export const APPOINTMENT_MAX = {
  externalId: 200,
  sourceStatus: 100,
  holdId: 100,
  consumerName: 200,
  /** RFC 5321's longest address. */
  consumerEmail: 254,
  /** The vehicle's make, model and color go to the Concierge's vehicle as they are. */
  vehicleText: MOVE_MAX.vehicleText,
  /** driver_notes become the Concierge's special_instructions. */
  driverNotes: MOVE_MAX.specialInstructions,
  /** config, as JSON text. */
  configJson: 4096,
} as const;

/** GET /v1/appointments: the page size taken, like GET /v1/moves. */
export const APPOINTMENT_PAGE = { min: 1, max: 200, default: 50 } as const;
/** The longest `from` / `to` / `cursor` taken. */
export const APPOINTMENT_QUERY_MAX = 64;
/** next_cursor is `a<id>`. */
export const CURSOR_PREFIX = 'a';
