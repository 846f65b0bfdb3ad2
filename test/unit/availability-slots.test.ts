// The pure rules of availability (spec §11.3): the day's slot grid in the rooftop's zone, a slot's
// trip as a booking reckons it, and the precedence of the reasons a slot is unavailable.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_HOURS, type ServiceLotCalendar } from '../../src/modules/scheduling/business-hours.ts';
import type { CapacityPicture, Trip } from '../../src/modules/scheduling/capacity/capacity.ts';
import { ACTION_SHAPES, CONSUMER_ACTIONS } from '../../src/modules/scheduling/availability/consumer-actions.ts';
import { daySlots, isIsoDate, isSlotStart, localDate, plusDays } from '../../src/modules/scheduling/availability/slot-grid.ts';
import { capacityReason, fixedReason, type SlotFacts, slotReason, slotTrip } from '../../src/modules/scheduling/availability/slot-rules.ts';

const utc = (iso: string) => Date.parse(iso);
const RULES = { handoffBufferMinutes: 10, pairWaitMinutes: 0 };
const NEW_YORK: ServiceLotCalendar = { timezone: 'America/New_York', hours: DEFAULT_HOURS, holidays: ['2026-03-20'] };

describe('the slot grid', () => {
  test('a plain day: 48 slots from local midnight, 30 minutes apart', () => {
    const slots = daySlots('2026-03-25', 'America/New_York');
    assert.equal(slots.length, 48);
    assert.equal(slots[0], utc('2026-03-25T04:00:00Z')); // 00:00 EDT
    assert.equal(slots.at(-1), utc('2026-03-26T03:30:00Z')); // 23:30 EDT
    assert.ok(slots.every((s, i) => i === 0 || s - slots[i - 1]! === 30 * 60_000));
  });

  test('spring forward has 46 slots, fall back 50; none skipped or repeated', () => {
    const spring = daySlots('2026-03-08', 'America/New_York');
    assert.equal(spring.length, 46);
    assert.equal(spring[0], utc('2026-03-08T05:00:00Z')); // 00:00 EST
    assert.equal(spring.at(-1), utc('2026-03-09T03:30:00Z')); // 23:30 EDT
    const fall = daySlots('2026-11-01', 'America/New_York');
    assert.equal(fall.length, 50);
    assert.equal(fall[0], utc('2026-11-01T04:00:00Z')); // 00:00 EDT
    assert.equal(fall.at(-1), utc('2026-11-02T04:30:00Z')); // 23:30 EST
    assert.equal(new Set(fall).size, 50);
  });

  test('a zone without daylight saving, and one half an hour off the hour', () => {
    assert.equal(daySlots('2026-07-01', 'America/Phoenix')[0], utc('2026-07-01T07:00:00Z'));
    const kolkata = daySlots('2026-07-01', 'Asia/Kolkata');
    assert.equal(kolkata.length, 48);
    assert.equal(kolkata[0], utc('2026-06-30T18:30:00Z'));
  });

  test('isSlotStart: on the local grid only', () => {
    assert.equal(isSlotStart(utc('2026-03-25T14:00:00Z'), 'America/New_York'), true);
    assert.equal(isSlotStart(utc('2026-03-25T14:30:00Z'), 'America/New_York'), true);
    assert.equal(isSlotStart(utc('2026-03-25T14:15:00Z'), 'America/New_York'), false);
    assert.equal(isSlotStart(utc('2026-03-25T14:00:01Z'), 'America/New_York'), false);
    assert.equal(isSlotStart(utc('2026-07-01T18:30:00Z'), 'Asia/Kolkata'), true);
    assert.equal(isSlotStart(utc('2026-07-01T18:00:00Z'), 'Asia/Kolkata'), true);
    assert.equal(isSlotStart(utc('2026-07-01T18:15:00Z'), 'Asia/Kolkata'), false);
  });

  test('dates: real ones only; the local date; calendar days ahead', () => {
    for (const ok of ['2026-03-25', '2028-02-29']) assert.equal(isIsoDate(ok), true, ok);
    for (const bad of ['2026-02-30', '2027-02-29', '2026-13-01', '2026-3-25', '25/03/2026', '2026-03-25T00:00:00Z', '']) assert.equal(isIsoDate(bad), false, bad);
    assert.equal(localDate(utc('2026-03-19T03:59:00Z'), 'America/New_York'), '2026-03-18');
    assert.equal(plusDays('2026-03-18', 365), '2027-03-18');
  });
});

describe("a slot's trip", () => {
  test('minus the drive: the ready-by is the start less leg 0, floored to the minute; the span per occupancy', () => {
    const trip = slotTrip(utc('2026-03-25T14:00:00Z'), { legMinutes: [23.4, 23.4], minusDrive: true }, RULES);
    assert.equal(trip.readyBy, utc('2026-03-25T13:36:00Z'));
    assert.equal(trip.span.from, trip.readyBy);
    assert.equal(trip.span.until, trip.readyBy + Math.round((46.8 + 30) * 60_000));
  });

  test('without: the ready-by is the start', () => {
    const trip = slotTrip(utc('2026-03-25T14:00:00Z'), { legMinutes: [20], minusDrive: false }, RULES);
    assert.equal(trip.readyBy, utc('2026-03-25T14:00:00Z'));
    assert.equal(trip.span.until, utc('2026-03-25T14:40:00Z'));
  });

  test('every consumer_action has a shape whose legs chain end to end and start or end at the lot', () => {
    for (const action of CONSUMER_ACTIONS) {
      const { legs, consumerEnd } = ACTION_SHAPES[action];
      legs.forEach((leg, i) => i === 0 || assert.equal(leg[0], legs[i - 1]![1], action));
      assert.ok(legs.some((leg) => leg.includes(consumerEnd)), action);
    }
  });
});

/** A capacity picture that fits what `fits` says, recording the questions. */
function picture(fits: (trip: Trip, ignoreHolds: boolean) => boolean): CapacityPicture & { asked: Trip[] } {
  const asked: Trip[] = [];
  return { asked, fits: (trip, o) => (asked.push(trip), fits(trip, o?.ignoreHolds ?? false)) };
}

describe('the reasons, in order', () => {
  const shape = { legMinutes: [23, 23], minusDrive: true };
  const at = (iso: string) => slotTrip(utc(iso), shape, RULES);
  const facts = (o: Partial<SlotFacts> = {}): SlotFacts => ({ outsideRegion: false, calendar: NEW_YORK, noticeUntil: utc('2026-03-18T14:00:00Z'), ...o });
  const ask = { rooftopId: 1, manual: false };
  const full = picture(() => false);
  const free = picture(() => true);

  test('outside_region before everything', () => {
    assert.equal(slotReason(at('2026-03-18T02:00:00Z'), facts({ outsideRegion: true }), full, ask), 'outside_region');
  });

  test('closed: a ready-by before opening, at closing, on a Sunday or a holiday — before lead_time', () => {
    assert.equal(fixedReason(at('2026-03-18T11:20:00Z'), facts()), 'closed'); // ready 06:57 EDT, lead time too
    assert.equal(fixedReason(at('2026-03-25T11:30:00Z'), facts()), null); // ready 07:07 EDT
    assert.equal(fixedReason(at('2026-03-25T23:23:00Z'), facts()), 'closed'); // ready 19:00 EDT: closing is exclusive
    assert.equal(fixedReason(at('2026-03-25T23:22:00Z'), facts()), null); // ready 18:59 EDT; the trip may run past closing
    assert.equal(fixedReason(at('2026-03-22T15:00:00Z'), facts()), 'closed'); // Sunday
    assert.equal(fixedReason(at('2026-03-20T15:00:00Z'), facts()), 'closed'); // the holiday
  });

  test('lead_time: starting before now + the notice', () => {
    assert.equal(fixedReason(at('2026-03-18T13:30:00Z'), facts()), 'lead_time');
    assert.equal(fixedReason(at('2026-03-18T14:00:00Z'), facts()), null);
  });

  test('no_driver_capacity when nothing fits even without holds; held when only holds keep it out', () => {
    const held = picture((_, ignoreHolds) => ignoreHolds);
    assert.equal(capacityReason(full, { ...ask, from: 0, until: 1 }), 'no_driver_capacity');
    assert.equal(capacityReason(held, { ...ask, from: 0, until: 1 }), 'held');
    assert.equal(capacityReason(free, { ...ask, from: 0, until: 1 }), null);
  });

  test('capacity is asked about the whole occupied span, and only once the time allows the slot', () => {
    const p = picture(() => true);
    const trip = at('2026-03-25T14:00:00Z');
    assert.equal(slotReason(trip, facts(), p, ask), null);
    assert.deepEqual(p.asked[0], { rooftopId: 1, manual: false, from: trip.span.from, until: trip.span.until });
    const q = picture(() => true);
    assert.equal(slotReason(at('2026-03-22T15:00:00Z'), facts(), q, ask), 'closed');
    assert.equal(q.asked.length, 0);
  });
});
