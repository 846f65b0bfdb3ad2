// Decides the customer texts as events are written (an EventSubscriber): inside the transaction
// that wrote the events, it renders the text, inserts its sms_messages row — unique per move and
// trigger, so a trigger texts at most once whatever repeats — and queues an `sms.send` job. No
// network here: the job sends after the commit, so a rolled-back change texts nobody and a
// committed one always gets its text, however the process dies in between.
import type { Transaction } from '../../db/executor.ts';
import { enqueue } from '../../jobs/job-queue.ts';
import type { RooftopRow } from '../../db/schema.ts';
import type { EventContext, EventSubscriber, LoggedEvent } from '../events/event-log.ts';
import type { EventType } from '../events/event-types.ts';
import type { CustomerAction } from '../moves/kinds/move-kind.ts';
import type { ScenarioView } from '../moves/move-document.ts';
import { loadScenario } from '../moves/moves.repository.ts';
import { findRooftop } from '../rooftops/rooftops.repository.ts';
import { renderSms, type SmsContext } from './sms-templates.ts';
import {
  customerLocationId,
  isTextingKind,
  type Leg,
  TEXTING_KINDS,
  type TextingKind,
  triggerOf,
  TRIGGERING_EVENTS,
  triggerPlan,
} from './sms-triggers.ts';
import { insertMessage, isOptedOut, scenariosOfMovesOfKinds } from './sms.repository.ts';

export const SMS_SEND_JOB = 'sms.send';

export interface SmsSendJob {
  messageId: number;
}

export class SmsNotifier implements EventSubscriber {
  constructor(private readonly deps: { publicUrl: string }) {}

  async onEvents(trx: Transaction, events: LoggedEvent[], context?: EventContext): Promise<void> {
    const candidates = events.filter((e) => TRIGGERING_EVENTS.has(e.type as EventType));
    if (!candidates.length) return;
    // The writer's view of the scenario, when it covers every candidate, is what the queries below would read.
    const known = context?.view;
    if (known && candidates.every((e) => known.moves.some((m) => m.id === Number(e.move_id)))) {
      if (!isTextingKind(known.scenario.kind)) return;
      const rooftop = context.rooftop?.id === known.scenario.rooftop_id ? context.rooftop : undefined;
      await this.textFor(trx, known, candidates, rooftop);
      return;
    }
    // One indexed query tells whether any of these moves belongs to a booking that texts.
    const scenarioOf = await scenariosOfMovesOfKinds(trx, [...new Set(candidates.map((e) => Number(e.move_id)))], TEXTING_KINDS);
    if (!scenarioOf.size) return;

    for (const scenarioId of new Set(scenarioOf.values())) {
      const view = await loadScenario(trx, scenarioId);
      if (!view) continue;
      const mine = candidates.filter((e) => scenarioOf.get(Number(e.move_id)) === scenarioId);
      await this.textFor(trx, view, mine);
    }
  }

  private async textFor(trx: Transaction, view: ScenarioView, events: LoggedEvent[], knownRooftop?: RooftopRow): Promise<void> {
    const { scenario } = view;
    const phone = scenario.customer_phone_e164;
    if (!phone) return;
    const legs: Leg[] = view.moves.map((m) => ({
      cardinality: m.cardinality,
      role: m.role,
      pickupLocationId: m.pickup_location_id,
      deliveryLocationId: m.delivery_location_id,
    }));
    const plan = triggerPlan(scenario.kind, scenario.customer_action, legs);
    if (!plan.length) return;

    let rooftop: RooftopRow | null = knownRooftop ?? null;
    for (const event of events) {
      const move = view.moves.find((m) => m.id === Number(event.move_id));
      if (!move) continue;
      const trigger = triggerOf(plan, move.cardinality, event.type);
      if (!trigger) continue;
      rooftop ??= (await findRooftop(trx, scenario.rooftop_id)) ?? null;
      if (!rooftop) return;

      const customerPlace = view.locations.get(customerLocationId(scenario.kind, scenario.customer_action, legs) ?? -1);
      const customersCar = view.moves.find((m) => m.role === 'customer_move') ?? move;
      const context: SmsContext = {
        rooftopName: rooftop.name,
        kind: scenario.kind as TextingKind,
        action: scenario.customer_action as CustomerAction,
        customerName: scenario.customer_name,
        appointmentMs: scenario.appointment_time,
        // The customer's local time; the rooftop's zone when the address has none.
        timeZone: customerPlace?.timezone ?? rooftop.timezone,
        vehicle: { year: customersCar.vehicle_year, make: customersCar.vehicle_make, model: customersCar.vehicle_model },
        driverName: move.driver_id === null ? null : (view.driverNames.get(move.driver_id) ?? null),
        trackingLink: move.tracking_token ? `${this.deps.publicUrl}/track/${move.tracking_token}` : null,
      };

      // An opted-out number still gets its row (the dealer sees the text was withheld), never a send.
      const optedOut = await isOptedOut(trx, phone);
      const now = Number(event.created_at);
      const id = await insertMessage(trx, {
        moveId: move.id,
        rooftopId: move.rooftop_id,
        trigger,
        to: phone,
        body: renderSms(trigger, context),
        status: optedOut ? 'suppressed' : 'queued',
        now,
      });
      if (id === null || optedOut) continue;
      await enqueue(trx, {
        kind: SMS_SEND_JOB,
        payload: { messageId: id } satisfies SmsSendJob,
        runAt: now,
        now,
        dedupeKey: `sms:${id}`,
        rooftopId: move.rooftop_id,
      });
    }
  }
}
