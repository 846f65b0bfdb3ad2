// The appointment's pure rules (spec §11.4): statuses, the field table, what a valet lacks, what a
// change decides, and how a valet becomes a Concierge booking body.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AppointmentRow, LocationRow } from '../../src/db/schema.ts';
import { ApiError } from '../../src/lib/errors.ts';
import { decideChange } from '../../src/modules/scheduling/appointments/appointment-change.ts';
import { valuesOf } from '../../src/modules/scheduling/appointments/appointment-document.ts';
import type { AppointmentValues } from '../../src/modules/scheduling/appointments/appointment-fields.ts';
import {
  cancelRefusal,
  frozenFields,
  notModifiableReason,
  problemsOf,
  settledStatus,
  valetProblems,
} from '../../src/modules/scheduling/appointments/appointment-rules.ts';
import { asAppointmentError, meetingTime, valetBookingBody } from '../../src/modules/scheduling/appointments/valet-booking.ts';

const NOW = Date.parse('2026-03-18T12:00:00Z');
const AT = Date.parse('2026-03-25T14:00:00Z');

function row(over: Partial<AppointmentRow> = {}): AppointmentRow {
  return {
    id: 7, rooftop_id: 1, status: 'new', external_id: 'SPK-1', source: 'spark', source_status: null, transport_type: null,
    consumer_vehicle_direction: 'to_dealer', appointment_time: AT, consumer_name: 'Harry Stevens', consumer_phone: '804-555-0134',
    consumer_email: null, vehicle_make: 'Buick', vehicle_model: 'Enclave', vehicle_year: 2011, vehicle_color: null, vehicle_vin: null,
    vehicle_manual: 0, consumer_at_pickup: 1, pickup_location_id: 10, delivery_location_id: 20, driver_notes: null, config: null,
    move_id: null, workflow_set_id: null, hold_id: null, event_sequence: 1, created_at: NOW, updated_at: NOW,
    ...over,
  };
}

const change = (r: AppointmentRow, values: Partial<AppointmentValues>, readOnly: Record<string, unknown> = {}) =>
  decideChange(r, { kind: 'patch', values: { ...valuesOf(r), ...values }, readOnly }, NOW);

function refusal(fn: () => unknown): [string, string[]] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ApiError);
    return [err.code, err.problems.map((p) => p.field)];
  }
  assert.fail('expected a refusal');
}

describe('appointment statuses', () => {
  test('canceled, refunded and failed are final; a passed time stops a PUT', () => {
    for (const s of ['canceled', 'refunded', 'failed'] as const) assert.match(notModifiableReason(s, false)!, new RegExp(s));
    assert.equal(notModifiableReason('ready', false), null);
    assert.match(notModifiableReason('new', true)!, /passed/);
  });

  test('a transport settles the status: none is new, a valet lacking data pending, else ready', () => {
    assert.equal(settledStatus(null, []), 'new');
    assert.equal(settledStatus('shuttle', []), 'ready');
    assert.equal(settledStatus('valet', [{ code: 'field_missing', field: 'pickup_location_id', message: '' }]), 'pending');
  });

  test('DELETE: a canceled one answers as it is; refunded and failed refuse', () => {
    assert.equal(cancelRefusal('canceled'), null);
    assert.equal(cancelRefusal('ready'), null);
    assert.ok(cancelRefusal('refunded'));
  });
});

describe('the field table', () => {
  test('new and pending: every field; ready, paying, paid: the contact, notes and config only', () => {
    assert.deepEqual(frozenFields('pending', ['vehicle_make', 'appointment_time']), []);
    for (const s of ['ready', 'paying', 'paid'] as const) {
      assert.deepEqual(frozenFields(s, ['consumer_name', 'vehicle_make', 'config', 'transportation_type']), ['vehicle_make', 'transportation_type']);
    }
    assert.deepEqual(frozenFields('canceled', ['consumer_name']), ['consumer_name']);
  });
});

describe('what a valet lacks', () => {
  test('each missing field, and the same place twice', () => {
    const v = valuesOf(row({ pickup_location_id: null, vehicle_manual: null, consumer_phone: null }));
    assert.deepEqual(valetProblems(v).map((p) => p.field), ['pickup_location_id', 'consumer_phone', 'vehicle_manual']);
    assert.deepEqual(valetProblems(valuesOf(row({ pickup_location_id: 20 }))).map((p) => [p.code, p.field]), [['field_invalid', 'pickup_location_id']]);
    assert.deepEqual(valetProblems(valuesOf(row())), []);
  });

  test('only a pending valet lists problems', () => {
    const v = valuesOf(row({ pickup_location_id: null }));
    assert.equal(problemsOf('pending', 'valet', v).length, 1);
    assert.deepEqual(problemsOf('new', null, v), []);
  });
});

describe('deciding a change', () => {
  test('the same values: nothing to do', () => {
    assert.deepEqual(change(row(), { consumer_name: 'Harry Stevens' }), { kind: 'unchanged' });
  });

  test('a complete valet while open is booked; an incomplete one is pending; another transport is ready', () => {
    assert.equal(change(row(), { transportation_type: 'valet' }).kind, 'book');
    const pending = change(row({ pickup_location_id: null }), { transportation_type: 'valet' });
    assert.deepEqual(pending.kind === 'write' && [pending.status, pending.changed], ['pending', ['transportation_type']]);
    const rideshare = change(row(), { transportation_type: 'rideshare' });
    assert.equal(rideshare.kind === 'write' && rideshare.status, 'ready');
  });

  test('settled: frozen fields refused by name; the contact changes keep the status', () => {
    const ready = row({ status: 'ready', transport_type: 'valet', move_id: 5 });
    assert.deepEqual(refusal(() => change(ready, { vehicle_make: 'Honda', consumer_name: 'H. S.', pickup_location_id: 11 })), [
      'appointment_not_modifiable',
      ['vehicle_make', 'pickup_location_id'],
    ]);
    const d = change(ready, { consumer_name: 'H. S.' });
    assert.deepEqual(d.kind === 'write' && [d.status, d.changed], ['ready', ['consumer_name']]);
  });

  test('read-only keys: the stored value passes, another is field_invalid', () => {
    assert.deepEqual(change(row(), { consumer_name: 'X' }, { id: 7, status: 'new', customer_id: 1 }).kind, 'write');
    assert.deepEqual(refusal(() => change(row(), { consumer_name: 'X' }, { status: 'canceled', move_id: 3 })), ['field_invalid', ['status', 'move_id']]);
  });

  test('a new time in the past is field_invalid', () => {
    assert.deepEqual(refusal(() => change(row(), { appointment_time: NOW - 3600_000 })), ['field_invalid', ['appointment_time']]);
  });

  test('a PUT of a past or terminal appointment is refused', () => {
    const past = row({ appointment_time: NOW - 1 });
    assert.equal(refusal(() => decideChange(past, { kind: 'replace', values: valuesOf(past), readOnly: {} }, NOW))[0], 'appointment_not_modifiable');
    assert.equal(change(past, { consumer_name: 'X' }).kind, 'write', 'a PATCH keeps the field table');
    assert.equal(refusal(() => change(row({ status: 'canceled' }), { consumer_name: 'X' }))[0], 'appointment_not_modifiable');
  });
});

describe('the valet as a booking', () => {
  const place = (id: number, name: string, zip: string): LocationRow =>
    ({ id, name, address_one: '1 Main St', address_two: null, city: 'Richmond', state: 'VA', zip, lat: 37.5, lon: -77.4 }) as LocationRow;
  const input = (config: Record<string, unknown> | null) => ({
    rooftopId: 1,
    values: { ...valuesOf(row()), config, driver_notes: 'Gate 4' },
    consumer: place(10, 'Harry Stevens', '23220'),
    dealership: place(20, "Denny's", '23236'),
    meetMs: meetingTime(AT, 22.8, 10),
  });

  test('the driver meets the consumer a drive and a handoff before, rounded down to the minute', () => {
    assert.equal(new Date(meetingTime(AT, 22.8, 10)).toISOString(), '2026-03-25T13:27:00.000Z');
  });

  test('a Concierge pickup, or a Concierge + Loaner with config.loaner', () => {
    const plain = valetBookingBody(input(null)) as any;
    assert.equal(plain.appointment_time_utc, '2026-03-25T13:27:00Z');
    assert.equal(plain.customer_action, 'pickup');
    assert.equal(plain.customer_move.pickup_location.zip, '23220');
    assert.equal(plain.customer_move.delivery_location.zip, '23236');
    assert.equal(plain.customer_move.special_instructions, 'Gate 4');
    assert.deepEqual(plain.customer_move.vehicle, { vin: null, year: '2011', make: 'Buick', model: 'Enclave', color: null, manual: false });
    const loaner = valetBookingBody(input({ loaner: true, hide_service_location: true })) as any;
    assert.equal(loaner.loaner_move.pickup_location.zip, '23236');
    assert.equal(loaner.customer_move.delivery_location, undefined);
    assert.deepEqual(loaner.config, { hide_service_location: true });
  });

  test("the booking's problems are told under the appointment's fields", () => {
    const err = new ApiError('field_invalid', 'x', [
      { code: 'field_invalid', field: 'customer_move.vehicle.make', message: 'customer_move.vehicle.make is bad' },
      { code: 'address_invalid', field: 'loaner_move.pickup_location.zip', message: 'bad zip' },
      { code: 'field_invalid', field: 'appointment_time_utc', message: 'appointment_time_utc is in the past' },
    ]);
    const told = asAppointmentError(err, input(null)) as ApiError;
    assert.deepEqual(told.problems.map((p) => [p.code, p.field]), [
      ['field_invalid', 'vehicle_make'],
      ['address_invalid', 'delivery_location_id'],
      ['field_invalid', 'appointment_time'],
    ]);
    assert.match(told.problems[2]!.message, /13:27:00Z/);
  });
});
