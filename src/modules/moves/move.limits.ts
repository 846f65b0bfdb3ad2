// The longest values of the move fields, as sent (after trimming). Booking (move objects), editing
// (PATCH /v1/moves/:id) and listing (reference_id) read with these, and their schemas state them.
export const MOVE_MAX = {
  /** reference_id / reference_num (PATCH: reference_num). */
  reference: 200,
  dealerContact: 200,
  specialInstructions: 2000,
  /** vehicle stock, make, model and color. */
  vehicleText: 50,
  /** vehicle year as sent: a 4-digit year is all that passes, the room is for a message about it. */
  vehicleYear: 10,
  /** VIN as sent: 17 characters pass; longer text is refused before its characters are checked. */
  vin: 40,
} as const;

/** The earliest model year (spec §5: 1900 to next year + 1). */
export const VEHICLE_YEAR_MIN = 1900;
