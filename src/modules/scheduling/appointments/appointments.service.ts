// Appointments (spec §11.4): staging records of a service appointment until a transport is chosen;
// a valet then becomes moves, booked through the one booking pipeline in the same transaction as
// the appointment's own change. Every change writes its appointment.* event in its transaction.
import type { Database } from '../../../db/database.ts';
import type { Transaction, WriteOptions } from '../../../db/executor.ts';
import type { AppointmentRow, LocationRow } from '../../../db/schema.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError, type FieldProblem, notFound } from '../../../lib/errors.ts';
import { nextCursor, keysetPage } from '../../../lib/keyset.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import type { EventLog } from '../../events/event-log.ts';
import type { EventType } from '../../events/event-types.ts';
import type { LatLon, RouteEstimate } from '../../lanes/route-estimator.ts';
import { findLaneByPair, lanePair } from '../../lanes/lanes.repository.ts';
import { findLocation } from '../../locations/locations.repository.ts';
import type { BookingService } from '../../moves/booking/booking.service.ts';
import { consumeHold } from '../holds/hold-use.ts';
import { type ChangeDecision, type ChangeKind, decideChange, valuesAfter } from './appointment-change.ts';
import { type AppointmentDocument, appointmentDocument, appointmentJson } from './appointment-document.ts';
import type { AppointmentValues, NewAppointment, ReadOnlySent } from './appointment-fields.ts';
import { CURSOR_PREFIX } from './appointment-limits.ts';
import { type AppointmentStatus, cancelRefusal } from './appointment-rules.ts';
import {
  type AppointmentChanges,
  type AppointmentFilter,
  findAppointment,
  findAppointmentPage,
  insertAppointmentOnce,
  lockAppointment,
  updateAppointment,
} from './appointments.repository.ts';
import { asAppointmentError, consumerLeg, meetingTime, valetCommand } from './valet-booking.ts';

export interface AppointmentDeps {
  database: Database;
  clock: Clock;
  events: EventLog;
  booking: BookingService;
  /** The offline drive estimate (no provider call) for a lane not routed yet. */
  router: { offline(a: LatLon, b: LatLon): Promise<RouteEstimate> };
  /** HANDOFF_BUFFER_MINUTES: the pickup inspection, before the drive to the dealership. */
  handoffBufferMinutes: number;
}

/** An answer: the appointment object, serialized, and whether this request created it. */
export interface AppointmentAnswer {
  json: string;
  created: boolean;
}

export type AppointmentList = { appointments: AppointmentDocument[]; next_cursor: string | null };

const jsonOf = (row: AppointmentRow) => appointmentJson(appointmentDocument(row));
const bool = (b: boolean | null) => (b === null ? null : b ? 1 : 0);

/** The columns a set of values is stored in. */
function columnsOf(v: AppointmentValues): AppointmentChanges {
  return {
    source_status: v.source_status,
    transport_type: v.transportation_type,
    appointment_time: v.appointment_time,
    consumer_name: v.consumer_name,
    consumer_phone: v.consumer_phone,
    consumer_email: v.consumer_email,
    vehicle_make: v.vehicle_make,
    vehicle_model: v.vehicle_model,
    vehicle_year: v.vehicle_year,
    vehicle_color: v.vehicle_color,
    vehicle_vin: v.vehicle_vin,
    vehicle_manual: bool(v.vehicle_manual),
    consumer_at_pickup: v.consumer_at_pickup ? 1 : 0,
    pickup_location_id: v.pickup_location_id,
    delivery_location_id: v.delivery_location_id,
    driver_notes: v.driver_notes,
    config: v.config === null ? null : JSON.stringify(v.config),
  };
}

export class AppointmentService {
  constructor(private readonly deps: AppointmentDeps) {}

  /** POST: a new appointment, or the one a repeat of its (source, external_id) names (nothing written then). */
  async create(input: NewAppointment, options: WriteOptions = {}): Promise<AppointmentAnswer> {
    const { db } = this.deps.database;
    const now = this.deps.clock.now();
    await this.locationsOf(input.rooftopId, input.values);
    return db.transaction().execute(async (trx) => {
      const { row, created } = await insertAppointmentOnce(trx, {
        ...columnsOf(input.values),
        rooftop_id: input.rooftopId,
        status: 'new',
        external_id: input.externalId,
        source: input.source,
        consumer_vehicle_direction: 'to_dealer',
        consumer_at_pickup: input.values.consumer_at_pickup ? 1 : 0,
        delivery_location_id: input.values.delivery_location_id,
        hold_id: input.holdId,
        created_at: now,
        updated_at: now,
      });
      if (!created) return { json: jsonOf(row), created };
      if (input.holdId !== null) {
        const problem = await consumeHold(trx, { id: input.holdId, rooftopId: input.rooftopId, by: `appointment:${row.id}`, now, field: 'hold_id' });
        if (problem) throw ApiError.fromProblems([problem]);
      }
      const json = await this.logged(trx, row, 'appointment.created', now);
      await options.inTransaction?.(trx, json);
      return { json, created };
    });
  }

  async get(auth: AuthContext, id: number): Promise<string> {
    return jsonOf(await this.find(auth, id));
  }

  async list(auth: AuthContext, filter: Omit<AppointmentFilter, 'rooftopIds'>): Promise<AppointmentList> {
    const rows = await findAppointmentPage(this.deps.database.db, { ...filter, rooftopIds: auth.rooftopIds });
    const page = keysetPage(rows, filter.limit);
    return {
      appointments: page.page.map(appointmentDocument),
      next_cursor: nextCursor(page, (last) => `${CURSOR_PREFIX}${last.id}`),
    };
  }

  /** PUT (full replace) or PATCH (the fields sent): see appointment-change.ts for what is allowed. */
  async change(auth: AuthContext, id: number, change: { kind: ChangeKind; values: Partial<AppointmentValues>; readOnly: ReadOnlySent }): Promise<string> {
    const now = this.deps.clock.now();
    const row = await this.find(auth, id);
    const values = valuesAfter(row, change.kind, change.values);
    const decision = decideChange(row, { kind: change.kind, values, readOnly: change.readOnly }, now);
    if (decision.kind === 'unchanged') return jsonOf(row);
    const locations = await this.locationsOf(row.rooftop_id, values, decision.changed);
    if (decision.kind === 'book') return this.bookValet(auth, row, values, locations, now);
    return this.write(auth, row, decision, now);
  }

  /** DELETE: canceled (ours). Its moves are left as they are: a move is canceled by POST /v1/cancelation. */
  async cancel(auth: AuthContext, id: number): Promise<string> {
    const now = this.deps.clock.now();
    return this.deps.database.db.transaction().execute(async (trx) => {
      const row = await lockAppointment(trx, id, auth.rooftopIds);
      if (!row) throw notFound('appointment');
      const refusal = cancelRefusal(row.status as AppointmentStatus);
      if (refusal) throw new ApiError('appointment_not_modifiable', `this appointment cannot be canceled: ${refusal}`);
      if (row.status === 'canceled') return jsonOf(row);
      const after = await updateAppointment(trx, id, { status: 'canceled', updated_at: now });
      return this.logged(trx, after, 'appointment.canceled', now);
    });
  }

  private async find(auth: AuthContext, id: number): Promise<AppointmentRow> {
    const row = await findAppointment(this.deps.database.db, id, auth.rooftopIds);
    if (!row) throw notFound('appointment');
    return row;
  }

  /**
   * The stored locations the values name, each the rooftop's (else field_invalid naming it: another
   * rooftop's is reported like a missing one). `only`: check just these fields (the ones changed).
   */
  private async locationsOf(rooftopId: number, v: AppointmentValues, only?: readonly string[]) {
    const { db } = this.deps.database;
    const problems: FieldProblem[] = [];
    const found = new Map<string, LocationRow>();
    for (const field of ['pickup_location_id', 'delivery_location_id'] as const) {
      const id = v[field];
      if (id === null) continue;
      const row = await findLocation(db, id, [rooftopId]);
      if (row) found.set(field, row);
      else if (!only || only.includes(field)) problems.push({ code: 'field_invalid', field, message: `${field}: the rooftop has no location ${id}` });
    }
    if (problems.length) throw ApiError.fromProblems(problems);
    return { consumer: found.get('pickup_location_id'), dealership: found.get('delivery_location_id') };
  }

  /** A change that books nothing, in one transaction with its event; refused if the appointment changed meanwhile. */
  private async write(auth: AuthContext, before: AppointmentRow, d: Extract<ChangeDecision, { kind: 'write' }>, now: number): Promise<string> {
    return this.deps.database.db.transaction().execute(async (trx) => {
      await this.relock(trx, auth, before);
      const after = await updateAppointment(trx, before.id, { ...columnsOf(d.values), status: d.status, updated_at: now });
      const becameReady = d.status === 'ready' && before.status !== 'ready';
      return this.logged(trx, after, becameReady ? 'appointment.ready' : 'appointment.updated', now);
    });
  }

  /** A complete valet: its Concierge (+ Loaner) booked, and the appointment ready, in the booking's transaction. */
  private async bookValet(
    auth: AuthContext,
    before: AppointmentRow,
    values: AppointmentValues,
    places: { consumer?: LocationRow; dealership?: LocationRow },
    now: number,
  ): Promise<string> {
    const { consumer, dealership } = places;
    if (!consumer || !dealership) throw new Error('a complete valet names both of its locations');
    const drive = await this.driveMinutes(before.rooftop_id, consumer, dealership);
    const input = { rooftopId: before.rooftop_id, values, consumer, dealership, meetMs: meetingTime(values.appointment_time!, drive, this.deps.handoffBufferMinutes) };
    const command = valetCommand(input, auth, this.deps.booking.readContext());
    let answer = '';
    try {
      await this.deps.booking.book(command, {
        inTransaction: async (trx, documentJson) => {
          await this.relock(trx, auth, before);
          const leg = consumerLeg(documentJson);
          const after = await updateAppointment(trx, before.id, {
            ...columnsOf(values),
            status: 'ready',
            move_id: leg.moveId,
            workflow_set_id: leg.workflowSetId,
            updated_at: now,
          });
          answer = await this.logged(trx, after, 'appointment.ready', now);
        },
      });
    } catch (err) {
      throw asAppointmentError(err, input);
    }
    return answer;
  }

  /** The lane's drive when the rooftop has routed it, else the offline estimate (never a paid call). */
  private async driveMinutes(rooftopId: number, a: LocationRow, b: LocationRow): Promise<number> {
    const lane = await findLaneByPair(this.deps.database.db, rooftopId, ...lanePair(a.id, b.id));
    if (lane) return lane.duration_minutes;
    return (await this.deps.router.offline({ lat: a.lat, lon: a.lon }, { lat: b.lat, lon: b.lon })).durationMinutes;
  }

  /** Locks the row for the change and checks nobody changed it since it was read. */
  private async relock(trx: Transaction, auth: AuthContext, before: AppointmentRow): Promise<void> {
    const now = await lockAppointment(trx, before.id, auth.rooftopIds);
    if (!now) throw notFound('appointment');
    if (now.event_sequence !== before.event_sequence) {
      throw new ApiError('appointment_not_modifiable', 'the appointment changed while this request ran: read it again and send the change again');
    }
  }

  /** Writes the appointment's event (data: the object as it now is); returns the object, serialized. */
  private async logged(trx: Transaction, row: AppointmentRow, type: EventType, now: number): Promise<string> {
    const json = jsonOf(row);
    await this.deps.events.appendOfAppointment(trx, { appointment: { id: row.id, rooftop_id: row.rooftop_id }, type, data: json, now });
    return json;
  }
}
