// The event log: one event per move and change, numbered per move (an appointment's: per
// appointment; an invoice's: per invoice), written inside the caller's transaction so a change and
// its events commit together or not at all. Whatever must follow an event — webhook deliveries, customer texts — subscribes here and queues its work in that same
// transaction, so nothing is lost between the change and its consequences.
import type { Selectable } from 'kysely';
import type { Transaction } from '../../db/executor.ts';
import type { EventTable, RooftopRow } from '../../db/schema.ts';
import type { IdGenerator } from '../../lib/ids.ts';
import type { ScenarioView } from '../moves/view/scenario-view.ts';
import type { EventType } from './event-types.ts';
import { insertEvents, nextAppointmentEventSequence, nextEventSequence, nextInvoiceEventSequence } from './events.repository.ts';

/** An event as written; its log positions are the database's to give. */
export type LoggedEvent = Omit<Selectable<EventTable>, 'position' | 'log_position'>;


/**
 * What the writer already holds about the events' scenario, as it stands in the transaction, so a
 * subscriber need not read it again (a booking's texts used to reload the scenario it had just
 * written: a fifth of its queries). Optional: a subscriber reads whatever it is not given.
 */
export interface EventContext {
  view?: ScenarioView;
  rooftop?: RooftopRow;
}

export interface EventSubscriber {
  /** Runs inside the transaction that wrote `events`; queue work, do no I/O beyond the database. */
  onEvents(trx: Transaction, events: LoggedEvent[], context?: EventContext): Promise<void>;
}

export class EventLog {
  private readonly subscribers: EventSubscriber[] = [];

  constructor(private readonly ids: IdGenerator) {}

  subscribe(subscriber: EventSubscriber): void {
    this.subscribers.push(subscriber);
  }

  async append(
    trx: Transaction,
    e: {
      moves: { id: number; rooftop_id: number }[];
      type: EventType;
      /** The scenario's document after the change. */
      data: string;
      now: number;
      /** Moves inserted in this transaction with event_sequence 1: their first event needs no counter bump. */
      firstOfNewMoves?: boolean;
      context?: EventContext;
    },
  ): Promise<LoggedEvent[]> {
    const rows: LoggedEvent[] = [];
    for (const move of e.moves) {
      rows.push({
        id: this.ids.uuid(),
        rooftop_id: move.rooftop_id,
        move_id: move.id,
        appointment_id: null,
        invoice_id: null,
        type: e.type,
        sequence: e.firstOfNewMoves ? 1 : await nextEventSequence(trx, move.id),
        created_at: e.now,
        data: e.data,
      });
    }
    return this.written(trx, rows, e.context);
  }

  /** An appointment's event (spec §11.4): numbered per appointment, data = the appointment object. */
  async appendOfAppointment(
    trx: Transaction,
    e: { appointment: { id: number; rooftop_id: number }; type: EventType; data: string; now: number },
  ): Promise<LoggedEvent[]> {
    const row: LoggedEvent = {
      id: this.ids.uuid(),
      rooftop_id: e.appointment.rooftop_id,
      move_id: null,
      appointment_id: e.appointment.id,
      invoice_id: null,
      type: e.type,
      sequence: await nextAppointmentEventSequence(trx, e.appointment.id),
      created_at: e.now,
      data: e.data,
    };
    return this.written(trx, [row]);
  }

  /** An invoice's event (spec §12.3): numbered per invoice, data = the invoice object. */
  async appendOfInvoice(
    trx: Transaction,
    e: { invoice: { id: number; rooftop_id: number }; type: EventType; data: string; now: number },
  ): Promise<LoggedEvent[]> {
    const row: LoggedEvent = {
      id: this.ids.uuid(),
      rooftop_id: e.invoice.rooftop_id,
      move_id: null,
      appointment_id: null,
      invoice_id: e.invoice.id,
      type: e.type,
      sequence: await nextInvoiceEventSequence(trx, e.invoice.id),
      created_at: e.now,
      data: e.data,
    };
    return this.written(trx, [row]);
  }

  private async written(trx: Transaction, rows: LoggedEvent[], context?: EventContext): Promise<LoggedEvent[]> {
    await insertEvents(trx, rows);
    for (const s of this.subscribers) await s.onEvents(trx, rows, context);
    return rows;
  }
}
