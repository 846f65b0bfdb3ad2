// Realistic booking requests, built fresh for each test so mutations never leak between tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Copies of shared/spec/examples, kept in the repo so a clone tests on its own.
const specDir = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The reference request/response of the spec, untouched. */
export const referenceRequest = (): Record<string, any> =>
  JSON.parse(readFileSync(`${specDir}concierge-loaner.request.json`, 'utf8'));
export const referenceResponse = (): Record<string, any> =>
  JSON.parse(readFileSync(`${specDir}concierge-loaner.response.json`, 'utf8'));

/**
 * The reference request with the appointment moved into the future of TEST_NOW (Wed 2026-03-25 14:00 UTC),
 * and the dealer's `consumer-info-complete` sent with it: the loaner's delivery waits for it (spec §10.1).
 */
export function conciergeLoanerRequest(): Record<string, any> {
  const body = referenceRequest();
  body.appointment_time_utc = '2026-03-25T14:00:00Z';
  body.loaner_move.pickup_workflow_data = { 'consumer-info-complete': true };
  return body;
}

// ── Concierge, One-way and Round-trip requests (spec §5.2–§5.4), Richmond-area addresses ────────

/** The service lot of the test rooftop (the reference loaner pickup). */
export const serviceLotLocation = (): Record<string, any> => ({
  name: "Denny's Automobiles",
  address_one: '11161 Research Plaza Way',
  city: 'Richmond',
  state: 'VA',
  zip: '23236',
});

/** The reference customer's address (Church Hill). */
export const customerLocation = (): Record<string, any> => ({
  name: 'Harry Stevens',
  address_one: '210 S Mulberry St',
  city: 'Richmond',
  state: 'VA',
  zip: '23220',
});

/** Downtown Richmond (City Hall). */
export const downtownLocation = (): Record<string, any> => ({
  name: 'Richmond City Hall',
  address_one: '900 E Broad St',
  city: 'Richmond',
  state: 'VA',
  zip: '23219',
});

/** A body shop on West Broad Street. */
export const westBroadLocation = (): Record<string, any> => ({
  name: 'West Broad Collision',
  address_one: '5000 W Broad St',
  city: 'Richmond',
  state: 'VA',
  zip: '23230',
});

/** The reference customer's vehicle: every field given. */
export const customerVehicle = (): Record<string, any> => ({
  stock: 'BK0018',
  vin: '5GAKRBED5BJ262438',
  year: '2011',
  make: 'Buick',
  model: 'Enclave',
  color: 'white',
  manual: false,
});

/**
 * POST /v1/concierge-moves for Wed 2026-03-25 14:00 UTC (10:00 EDT). `pickup`: the car goes from
 * the customer to the service lot; `return`: from the service lot back to the customer.
 */
export function conciergeRequest(action: 'pickup' | 'return' = 'pickup'): Record<string, any> {
  const [pickup, delivery] =
    action === 'pickup' ? [customerLocation(), serviceLotLocation()] : [serviceLotLocation(), customerLocation()];
  return {
    appointment_time_utc: '2026-03-25T14:00:00Z',
    customer_name: 'Harry Stevens',
    customer_phone: '804-555-0134',
    customer_action: action,
    customer_move: {
      reference_id: 'RO# 12346',
      dealer_contact: 'Jane Smith',
      special_instructions: action === 'pickup' ? 'Keys with the customer' : 'Vehicle parked in spot 13C',
      vehicle: customerVehicle(),
      pickup_location: pickup,
      delivery_location: delivery,
    },
  };
}

/** POST /v1/one-way-moves: a used car from the service lot to a body shop, ready Wed 2026-03-25 14:00 UTC. */
export function oneWayRequest(): Record<string, any> {
  return {
    ready_by_time_utc: '2026-03-25T14:00:00Z',
    move: {
      reference_id: 'PO-7781',
      dealer_contact: 'Jane Smith',
      special_instructions: 'Front bumper repair, estimate on the dash',
      vehicle: { stock: 'U2231', vin: '1HGCM82633A004352', year: '2003', make: 'Honda', model: 'Accord', color: 'silver', manual: false },
      pickup_location: serviceLotLocation(),
      delivery_location: westBroadLocation(),
    },
  };
}

/**
 * POST /v1/round-trip-moves: a demo car from the service lot to a customer downtown, and the
 * customer's trade-in back, ready Wed 2026-03-25 14:00 UTC.
 */
export function roundTripRequest(): Record<string, any> {
  return {
    ready_by_time_utc: '2026-03-25T14:00:00Z',
    move_one: {
      reference_id: 'DEMO-55',
      dealer_contact: 'Jane Smith',
      special_instructions: 'Demo for Ms. Lee, full tank',
      vehicle: { stock: 'N4410', vin: null, year: 2026, make: 'Buick', model: 'Envision', color: 'blue', manual: false },
      pickup_location: serviceLotLocation(),
    },
    move_two: {
      reference_num: 'TRADE-55',
      dealer_contact: 'Jane Smith',
      special_instructions: 'Trade-in appraisal; photos at pickup',
      vehicle: customerVehicle(),
      pickup_location: downtownLocation(),
    },
  };
}

// ── Lifecycle fixtures ───────────────────────────────────────────────────────────────────────────

/**
 * The reference concierge-loaner request as a `return` (Wed 2026-03-25 14:00 UTC): the customer's
 * car waits at the service lot and the loaner is with the customer, so the two pickups swap.
 */
export function conciergeLoanerReturnRequest(): Record<string, any> {
  const body = conciergeLoanerRequest();
  body.customer_action = 'return';
  [body.loaner_move.pickup_location, body.customer_move.pickup_location] = [
    body.customer_move.pickup_location,
    body.loaner_move.pickup_location,
  ];
  return body;
}

/** oneWayRequest() ready at another instant (e.g. to order a driver's moves). */
export function oneWayRequestReadyBy(readyBy: string): Record<string, any> {
  return { ...oneWayRequest(), ready_by_time_utc: readyBy };
}
