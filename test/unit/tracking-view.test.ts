// The tracking page's pure parts: wording, ETA arithmetic and formatting, local time, expiry, and
// what each place is to the customer.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LocationRow, MoveRow, RooftopRow, ScenarioRow } from '../../src/db/schema.ts';
import { escapeHtml } from '../../src/lib/html.ts';
import { etaTarget, etaView, formatDuration } from '../../src/modules/tracking/tracking-eta.ts';
import { type Place, placeKinds } from '../../src/modules/tracking/tracking-places.ts';
import { renderTrackingPage } from '../../src/modules/tracking/tracking-page.ts';
import { formatLocalTime, zoneAbbreviation } from '../../src/modules/tracking/tracking-time.ts';
import { buildTrackingStatus, isExpired, nextStop, tripEndedAt } from '../../src/modules/tracking/tracking-view.ts';
import { firstName, legTitle, stepTitle, subjectOf, vehicleLabel } from '../../src/modules/tracking/tracking-wording.ts';

const NY = 'America/New_York';
const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('tracking wording', () => {
  test('first names only', () => {
    assert.equal(firstName('Samantha Okafor'), 'Samantha');
    assert.equal(firstName('  Mary-Jane   van der Berg '), 'Mary-Jane');
    assert.equal(firstName('Cher'), 'Cher');
  });

  test('vehicle: year make model and colour, never stock or VIN', () => {
    const v = { vehicle_year: '2011', vehicle_make: 'Buick', vehicle_model: 'Enclave', vehicle_color: 'white' };
    assert.equal(vehicleLabel(v), '2011 Buick Enclave, white');
    assert.equal(vehicleLabel({ ...v, vehicle_color: null }), '2011 Buick Enclave');
    assert.equal(vehicleLabel({ ...v, vehicle_year: null }), 'Buick Enclave, white');
    assert.equal(vehicleLabel({ vehicle_year: null, vehicle_make: null, vehicle_model: null, vehicle_color: 'silver' }), 'Silver vehicle');
    assert.equal(vehicleLabel({ vehicle_year: null, vehicle_make: null, vehicle_model: null, vehicle_color: null }), null);
  });

  test('subjects and leg titles say which vehicle', () => {
    const none = { vehicle_make: null, vehicle_model: null };
    assert.deepEqual(subjectOf({ role: 'loaner_move', ...none }), { cap: 'Loaner', lower: 'the loaner' });
    assert.deepEqual(subjectOf({ role: 'customer_move', ...none }), { cap: 'Your vehicle', lower: 'your vehicle' });
    assert.deepEqual(subjectOf({ role: 'move', vehicle_make: 'Honda', vehicle_model: 'Accord' }), { cap: 'Honda Accord', lower: 'the Honda Accord' });
    assert.deepEqual(subjectOf({ role: 'move_two', ...none }), { cap: 'Vehicle', lower: 'the vehicle' });
    assert.equal(legTitle({ role: 'loaner_move', cardinality: 0 }, 2), 'Your loaner');
    assert.equal(legTitle({ role: 'customer_move', cardinality: 1 }, 2), 'Your vehicle');
    assert.equal(legTitle({ role: 'move', cardinality: 0 }, 1), 'The vehicle');
    assert.equal(legTitle({ role: 'move_two', cardinality: 1 }, 2), 'Vehicle 2');
  });

  test('step titles follow where the vehicle comes from and goes to', () => {
    const you: Place = { kind: 'customer', phrase: 'you' };
    const lot: Place = { kind: 'lot', phrase: "Denny's Automobiles" };
    const shop: Place = { kind: 'other', phrase: '5000 W Broad St' };
    const loaner = { cap: 'Loaner', lower: 'the loaner' };
    const yours = { cap: 'Your vehicle', lower: 'your vehicle' };
    const titles = (subject: typeof loaner, from: Place, to: Place) =>
      (['pickup_started', 'pickup_arrived', 'pickup_successful', 'delivery_started', 'delivery_arrived', 'delivery_successful'] as const).map(
        (s) => stepTitle(s, subject, from, to),
      );
    assert.deepEqual(titles(loaner, lot, you), [
      "Driver heading to Denny's Automobiles for the loaner",
      "Driver arrived at Denny's Automobiles",
      'Loaner picked up',
      'Loaner on its way to you',
      'Driver arrived with the loaner',
      'Loaner delivered to you',
    ]);
    assert.deepEqual(titles(yours, you, lot), [
      'Driver on the way to pick up your vehicle',
      'Driver arrived to pick up your vehicle',
      'Your vehicle picked up',
      "Your vehicle on its way to Denny's Automobiles",
      "Your vehicle arrived at Denny's Automobiles",
      "Your vehicle delivered to Denny's Automobiles",
    ]);
    assert.deepEqual(titles({ cap: 'Honda Accord', lower: 'the Honda Accord' }, lot, shop).slice(3), [
      'Honda Accord on its way to 5000 W Broad St',
      'Honda Accord arrived at 5000 W Broad St',
      'Honda Accord delivered',
    ]);
    assert.equal(stepTitle('pickup_arrived', yours, shop, lot), 'Driver arrived at the pickup');
  });
});

describe('tracking times', () => {
  test('local time: the time alone today, with the day otherwise; zone abbreviations follow DST', () => {
    const now = at('2026-03-18T12:00:00Z');
    assert.equal(formatLocalTime(at('2026-03-18T14:42:10Z'), NY, now), '10:42 AM');
    // 03:30 UTC on the 19th is still the evening of the 18th in Richmond — but not in UTC.
    assert.equal(formatLocalTime(at('2026-03-19T03:30:00Z'), NY, now), '11:30 PM');
    assert.equal(formatLocalTime(at('2026-03-19T13:05:00Z'), NY, now), 'Thu, Mar 19, 9:05 AM');
    assert.equal(formatLocalTime(at('2026-03-19T03:30:00Z'), 'UTC', now), 'Thu, Mar 19, 3:30 AM');
    assert.equal(zoneAbbreviation(at('2026-03-18T12:00:00Z'), NY), 'EDT');
    assert.equal(zoneAbbreviation(at('2026-03-07T12:00:00Z'), NY), 'EST');
    assert.equal(zoneAbbreviation(at('2026-07-01T12:00:00Z'), 'America/Phoenix'), 'MST');
  });

  test('durations', () => {
    assert.equal(formatDuration(1), '1 min');
    assert.equal(formatDuration(59), '59 min');
    assert.equal(formatDuration(60), '1 h');
    assert.equal(formatDuration(75), '1 h 15 min');
  });

  test('ETA: whole minutes, the arrival clock time in the zone, and the sentence', () => {
    const now = at('2026-03-18T14:30:50Z'); // 10:30:50 AM EDT
    const eta = etaView(now, 11.6, NY, '210 S Mulberry St, Richmond', 'driver_position');
    assert.deepEqual(eta, {
      minutes: 12,
      arrives_at: '2026-03-18T14:42:00Z',
      arrives_at_local: '10:42 AM EDT',
      text: 'Arriving in about 12 min, around 10:42 AM EDT',
      destination: '210 S Mulberry St, Richmond',
      source: 'driver_position',
    });
    assert.equal(etaView(now, 0.3, NY, 'x', 'driver_position').text, 'Arriving any minute now, around 10:30 AM EDT');
    assert.equal(etaView(now, 75.2, NY, 'x', 'pickup_location').text, 'Arriving in about 1 h 15 min, around 11:45 AM EDT');
    // Past midnight local: the day is named.
    assert.equal(etaView(at('2026-03-19T03:50:00Z'), 20, NY, 'x', 'driver_position').arrives_at_local, 'Thu, Mar 19, 12:10 AM EDT');
  });

  test('which steps have an ETA, and to where', () => {
    assert.equal(etaTarget(null), null);
    assert.equal(etaTarget('dispatched'), null);
    assert.equal(etaTarget('pickup started'), 'pickup');
    assert.equal(etaTarget('pickup arrived'), 'delivery');
    assert.equal(etaTarget('pickup successful'), 'delivery');
    assert.equal(etaTarget('delivery started'), 'delivery');
    assert.equal(etaTarget('delivery arrived'), null);
    assert.equal(etaTarget('delivery successful'), null);
    const legs = [
      { status: 'delivery successful', cancel_status: null, pickup_location_id: 1, delivery_location_id: 2 },
      { status: 'pickup started', cancel_status: null, pickup_location_id: 2, delivery_location_id: 1 },
    ];
    assert.deepEqual(nextStop(legs), { move: legs[1], locationId: 2 });
    assert.equal(nextStop([{ ...legs[1]!, cancel_status: 'canceled' }]), null);
  });
});

describe('tracking link expiry', () => {
  const base = { status: null, cancel_status: null, delivery_successful: null, cancel_decided_at: null, updated_at: 0 };
  const done = (ms: number) => ({ ...base, status: 'delivery successful', delivery_successful: ms, updated_at: ms });

  test('a trip ends when every move is delivered, or when it is canceled', () => {
    assert.equal(tripEndedAt([done(100), { ...base, status: 'pickup started' }]), null);
    assert.equal(tripEndedAt([done(100), done(300)]), 300);
    assert.equal(tripEndedAt([{ ...base, cancel_status: 'canceled', cancel_decided_at: 500 }, { ...base, cancel_status: 'canceled', cancel_decided_at: 500 }]), 500);
    assert.equal(tripEndedAt([{ ...base, status: 'pickup started', cancel_status: 'partial', cancel_decided_at: 700 }]), 700);
    // A failed cancelation goes on; a pending one has not decided anything yet.
    assert.equal(tripEndedAt([{ ...base, status: 'pickup successful', cancel_status: 'failed', cancel_decided_at: 700 }]), null);
    assert.equal(tripEndedAt([{ ...base, status: 'dispatched', cancel_status: 'pending' }]), null);
    assert.equal(tripEndedAt([]), null);
  });

  test('expired exactly 24 hours after the end', () => {
    const end = at('2026-03-18T15:00:00Z');
    assert.equal(isExpired([done(end)], end + 24 * HOUR - 1, 24), false);
    assert.equal(isExpired([done(end)], end + 24 * HOUR, 24), true);
    assert.equal(isExpired([{ ...base, status: 'delivery started' }], end + 1000 * HOUR, 24), false);
  });
});

// ── the whole view, from rows ────────────────────────────────────────────────────────────────────

const rooftop: RooftopRow = {
  id: 1,
  name: "Denny's Automobiles",
  address_one: '11161 Research Plaza Way',
  address_two: null,
  city: 'Richmond',
  state: 'VA',
  zip: '23236',
  lat: 37.4782,
  lon: -77.5854,
  timezone: NY,
  business_hours: null,
  holidays: '[]',
  payer_required: 0,
  default_payer_id: null,
  created_at: 0,
};

function location(id: number, address_one: string, zip: string, timezone: string | null = NY): LocationRow {
  return {
    id,
    rooftop_id: 1,
    dedupe_key: `k${id}`,
    name: `Place named after a person ${id}`,
    address_one,
    address_two: null,
    city: 'Richmond',
    state: 'VA',
    zip,
    lat: 37.5,
    lon: -77.5,
    google_place_id: null,
    full_address: `${address_one}, Richmond, VA ${zip}, USA`,
    timezone,
    geocode_precision: 'zip',
    region_id: null,
    created_at: 0,
  };
}

const LOT = location(10, '11161 Research Plaza Way', '23236');
const HOME = location(11, '210 S Mulberry St', '23220', 'America/Chicago');
const SHOP = location(12, '5000 W Broad St', '23230');
const locations = new Map([LOT, HOME, SHOP].map((l) => [l.id, l]));

function scenario(kind: string, action: string | null, hide = 0): ScenarioRow {
  return {
    id: 1,
    rooftop_id: 1,
    client_id: 'c',
    kind,
    usecase_key: kind,
    customer_action: action,
    customer_name: 'Harry Stevens',
    customer_phone: '888-888-8888',
    customer_phone_e164: '+18888888888',
    appointment_time: null,
    ready_by_time: 0,
    busy_from: null,
    busy_until: null,
    rescheduled_from: null,
    payer_id: null,
    earliest_available_time: 0,
    message: null,
    hide_service_location: hide,
    created_at: 0,
    updated_at: 0,
  };
}

function move(cardinality: number, role: string, from: number, to: number, steps: Partial<MoveRow> = {}): MoveRow {
  return {
    id: 100 + cardinality,
    scenario_id: 1,
    rooftop_id: 1,
    cardinality,
    role,
    lane_id: 1,
    pickup_location_id: from,
    delivery_location_id: to,
    reference_id: 'RO# 12345',
    dealer_contact: 'Jane Smith',
    special_instructions: 'Spot 13C',
    vehicle_stock: 'BK0018',
    vehicle_vin: '5GAKRBED5BJ262438',
    vehicle_year: role === 'loaner_move' ? null : '2011',
    vehicle_make: role === 'loaner_move' ? null : 'Buick',
    vehicle_model: role === 'loaner_move' ? null : 'Enclave',
    vehicle_color: role === 'loaner_move' ? null : 'white',
    vehicle_manual: 0,
    vehicle_gvwr_class: null,
    warnings: '[]',
    status: 'dispatched',
    cancel_status: null,
    pickup_started: null,
    pickup_arrived: null,
    pickup_successful: null,
    delivery_started: null,
    delivery_arrived: null,
    delivery_successful: null,
    tracking_token: `token${cardinality}`,
    driver_id: 7,
    event_sequence: 2,
    cancel_requested_at: null,
    cancel_decided_at: null,
    cancel_decided_by: null,
    cancel_reason: null,
    workflow_set_id: 1,
    created_at: 0,
    updated_at: 0,
    ...steps,
  };
}

describe('tracking view', () => {
  test('what each place is to the customer, for every kind of booking', () => {
    const kinds = (s: ScenarioRow, moves: MoveRow[]) => Object.fromEntries(placeKinds(s, moves, locations, rooftop));
    assert.deepEqual(kinds(scenario('concierge-loaner', 'pickup'), [move(0, 'loaner_move', 10, 11), move(1, 'customer_move', 11, 10)]), {
      10: 'lot',
      11: 'customer',
    });
    assert.deepEqual(kinds(scenario('concierge-loaner', 'return'), [move(0, 'customer_move', 10, 11), move(1, 'loaner_move', 11, 10)]), {
      10: 'lot',
      11: 'customer',
    });
    assert.deepEqual(kinds(scenario('concierge', 'pickup'), [move(0, 'customer_move', 11, 10)]), { 11: 'customer', 10: 'lot' });
    assert.deepEqual(kinds(scenario('concierge', 'return'), [move(0, 'customer_move', 10, 11)]), { 10: 'lot', 11: 'customer' });
    // No customer: the rooftop's own address is the lot, anything else is just a place.
    assert.deepEqual(kinds(scenario('one-way', null), [move(0, 'move', 10, 12)]), { 10: 'lot', 12: 'other' });
    assert.deepEqual(kinds(scenario('round-trip', null), [move(0, 'move_one', 12, 11), move(1, 'move_two', 11, 12)]), {
      12: 'other',
      11: 'other',
    });
  });

  const now = at('2026-03-18T15:00:00Z');
  const facts = (moves: MoveRow[], extra: Partial<Parameters<typeof buildTrackingStatus>[0]> = {}) => ({
    now,
    scenario: scenario('concierge-loaner', 'pickup'),
    moves,
    locations,
    rooftop,
    driverName: 'Samantha Okafor',
    dispatchedAt: at('2026-03-18T14:00:00Z'),
    eta: null,
    ...extra,
  });

  test('a pair on its way: the current step, times in the customer\'s own zone, the ETA, nothing private', () => {
    const moves = [
      move(0, 'loaner_move', 10, 11, {
        status: 'delivery started',
        pickup_started: at('2026-03-18T14:10:00Z'),
        pickup_arrived: at('2026-03-18T14:20:00Z'),
        pickup_successful: at('2026-03-18T14:25:00Z'),
        delivery_started: at('2026-03-18T14:30:00Z'),
      }),
      move(1, 'customer_move', 11, 10),
    ];
    const s = buildTrackingStatus(facts(moves, { eta: { durationMinutes: 22.7, source: 'driver_position' } }));
    assert.equal(s.state, 'in_progress');
    assert.equal(s.headline, 'Loaner on its way to you');
    assert.deepEqual(s.driver, { first_name: 'Samantha' });
    // The customer's place is in Chicago (a made-up zone for the test): times are Central.
    assert.deepEqual(s.time_zone, { name: 'America/Chicago', abbreviation: 'CDT' });
    assert.equal(s.legs[0]!.steps[4]!.at_local, '9:30 AM');
    assert.deepEqual(
      s.legs.flatMap((l) => l.steps.filter((x) => x.current).map((x) => `${l.leg}:${x.step}`)),
      ['0:delivery_started'],
    );
    assert.deepEqual(s.eta, {
      minutes: 23,
      arrives_at: '2026-03-18T15:23:00Z',
      arrives_at_local: '10:23 AM CDT',
      text: 'Arriving in about 23 min, around 10:23 AM CDT',
      destination: '210 S Mulberry St, Richmond',
      source: 'driver_position',
    });
    const all = JSON.stringify(s) + renderTrackingPage(s, { token: 'tok', assets: { css: 'a.css', js: 'a.js' } });
    for (const secret of ['Harry', '888', 'BK0018', '5GAKRBED5BJ262438', 'RO#', 'Jane', 'Spot 13C', 'Okafor', 'Place named', '"id"']) {
      assert.ok(!all.includes(secret), secret);
    }
  });

  test('the service lot address is only a next stop when not hidden', () => {
    const moves = [move(0, 'customer_move', 11, 10, { status: 'delivery started', delivery_started: now - HOUR })];
    const eta = { durationMinutes: 10, source: 'driver_position' as const };
    const shown = buildTrackingStatus(facts(moves, { scenario: scenario('concierge', 'pickup'), eta }));
    assert.equal(shown.eta?.destination, "Denny's Automobiles, 11161 Research Plaza Way, Richmond");
    const hidden = buildTrackingStatus(facts(moves, { scenario: scenario('concierge', 'pickup', 1), eta }));
    assert.equal(hidden.eta?.destination, "Denny's Automobiles");
    assert.ok(!JSON.stringify(hidden).includes('Research Plaza'));
  });

  test('assigned, completed and canceled trips', () => {
    const assigned = buildTrackingStatus(facts([move(0, 'loaner_move', 10, 11), move(1, 'customer_move', 11, 10)]));
    assert.equal(assigned.state, 'assigned');
    assert.equal(assigned.headline, 'Your driver has been assigned');
    assert.equal(assigned.eta, null);
    assert.deepEqual(assigned.legs[0]!.steps[0], {
      step: 'dispatched',
      title: 'Driver assigned',
      at: '2026-03-18T14:00:00Z',
      at_local: '9:00 AM',
      reached: true,
      current: true,
    });
    assert.equal(assigned.legs[1]!.steps.length, 6);

    const stamps = (ms: number) => ({
      status: 'delivery successful',
      pickup_started: ms,
      pickup_arrived: ms + 1,
      pickup_successful: ms + 2,
      delivery_started: ms + 3,
      delivery_arrived: ms + 4,
      delivery_successful: ms + 5,
    });
    const completed = buildTrackingStatus(
      facts([move(0, 'loaner_move', 10, 11, stamps(now - 2 * HOUR)), move(1, 'customer_move', 11, 10, stamps(now - HOUR))]),
    );
    assert.equal(completed.state, 'completed');
    assert.equal(completed.state_label, 'Completed');
    assert.equal(completed.headline, "Your vehicle delivered to Denny's Automobiles");

    const cancelAt = now - 10 * 60_000;
    const canceled = buildTrackingStatus(
      facts([
        move(0, 'loaner_move', 10, 11, { status: 'pickup started', pickup_started: now - HOUR, cancel_status: 'partial', cancel_decided_at: cancelAt }),
        move(1, 'customer_move', 11, 10, { cancel_status: 'partial', cancel_decided_at: cancelAt }),
      ]),
    );
    assert.equal(canceled.state, 'canceled');
    assert.equal(canceled.headline, 'This trip was canceled');
    assert.equal(canceled.legs.length, 1);
    assert.deepEqual(
      canceled.legs[0]!.steps.map((x) => [x.step, x.reached, x.current]),
      [
        ['dispatched', true, false],
        ['pickup_started', true, false],
        ['canceled', true, true],
      ],
    );
  });

  test('HTML escaping', () => {
    assert.equal(escapeHtml(`<a href="x">Tom & Jerry's</a>`), '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  });
});
