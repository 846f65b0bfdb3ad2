// A move's timeline (GET /v1/moves/:id/timeline): the scenario's sources, each read up to one row
// past the page after the cursor, merged in (instant, source, id) order and cut to the page. The
// first `limit + 1` items of the merge are among the first `limit + 1` rows of every source, so one
// bounded query per source is enough for any page.
import type { Database } from '../../db/database.ts';
import { moveNotFound } from '../../lib/errors.ts';
import { keysetPage } from '../../lib/keyset.ts';
import { CUSTOMER, SYSTEM, chargeMarks, driverActor, eventActor, uploaderActor } from './timeline-actors.ts';
import {
  chargeQuotedData,
  compareKeys,
  deliveryData,
  eventData,
  type KeyedItem,
  keyed,
  locationData,
  photoData,
  positionData,
  replyData,
  reportData,
  smsData,
  type TimelineItem,
  type TimelineKey,
  type TimelineType,
} from './timeline-items.ts';
import type { TimelineQuery } from './timeline-query.ts';
import {
  type ChargeRowOfTimeline,
  type EventRow,
  findCharges,
  findDeliveryRows,
  findEventRows,
  findLocationRows,
  findOptOut,
  findPhotoRows,
  findPositionRows,
  findReplyRows,
  findSignedSlots,
  findSmsRows,
  findTimelineScenario,
  type LocationRow,
  type OptOutRow,
  type PositionRow,
  type ReplyRow,
  type SlotRow,
  type SmsRow,
  type TimelineScenario,
} from './timeline.repository.ts';

export interface TimelinePage {
  items: TimelineItem[];
  /** The key of the page's last item when more follow; null on the last page. */
  nextAfter: TimelineKey | null;
}

export class TimelineService {
  constructor(private readonly deps: { database: Database }) {}

  /** The page of the timeline of the scenario of `moveId`; move_invalid when it is not one of these rooftops'. */
  async page(moveId: number, rooftopIds: number[], q: TimelineQuery): Promise<TimelinePage> {
    const db = this.deps.database.db;
    const scenario = await findTimelineScenario(db, moveId, rooftopIds);
    if (!scenario) throw moveNotFound();
    const p = { moveIds: scenario.moves.map((m) => m.id), after: q.after, take: q.limit + 1 };
    const [events, locations, positions, photos, sms, replies, deliveries, slots, charges, optOut] = await Promise.all([
      findEventRows(db, p),
      findLocationRows(db, p),
      findPositionRows(db, p),
      findPhotoRows(db, p),
      findSmsRows(db, p),
      findReplyRows(db, p),
      findDeliveryRows(db, { ...p, rooftopId: scenario.rooftopId }),
      findSignedSlots(db, p.moveIds),
      findCharges(db, scenario.id),
      findOptOut(db, scenario.customerPhoneE164),
    ]);
    const all: KeyedItem[] = [
      ...eventItems(events, scenario, charges),
      ...driverItems(locations, positions, slots, scenario),
      ...photos.map((r) =>
        keyed('photo', r.id, Number(r.received_at), { type: 'photo.received', actor: uploaderActor(r.uploader_id, r.uploader_name), move_id: Number(r.move_id), data: photoData(r) }),
      ),
      ...charges.map((r) =>
        keyed('charge', Number(r.id), Number(r.created_at), { type: 'charge.quoted', actor: SYSTEM, move_id: Number(r.move_id), data: chargeQuotedData(r) }),
      ),
      ...textItems(sms, replies, optOut),
      ...deliveries.map((r) =>
        keyed('delivery', Number(r.id), Number(r.created_at), {
          type: 'webhook.delivery',
          actor: SYSTEM,
          move_id: r.move_id === null ? null : Number(r.move_id),
          data: deliveryData(r),
        }),
      ),
    ];
    return pageOf(all, q);
  }
}

/** The merge: after the cursor, in order, cut to the page (the small sources were read whole). */
export function pageOf(all: KeyedItem[], q: TimelineQuery): TimelinePage {
  const after = q.after;
  const sorted = (after ? all.filter((k) => compareKeys(k.key, after) > 0) : all).sort((a, b) => compareKeys(a.key, b.key));
  const { page, hasMore } = keysetPage(sorted.slice(0, q.limit + 1), q.limit);
  const last = page.at(-1);
  return { items: page.map((k) => k.item), nextAfter: hasMore && last ? last.key : null };
}

/** What the driver reported: the sampled trail, the position of each step, the signed reports. */
function driverItems(locations: LocationRow[], positions: PositionRow[], slots: SlotRow[], scenario: TimelineScenario): KeyedItem[] {
  const driverOf = new Map(scenario.moves.map((m) => [m.id, { id: m.driver_id, name: m.driver_name }]));
  return [
    ...locations.map((r) =>
      keyed('location', Number(r.id), Number(r.recorded_at), {
        type: 'driver.location',
        actor: driverActor({ id: Number(r.driver_id), name: r.driver_name }),
        move_id: Number(r.move_id),
        data: locationData(r),
      }),
    ),
    ...positions.map((r) =>
      keyed('position', Number(r.id), Number(r.created_at), {
        type: 'driver.position',
        actor: driverActor({ id: r.driver_id === null ? null : Number(r.driver_id), name: r.driver_name }),
        move_id: Number(r.move_id),
        data: positionData(r),
      }),
    ),
    // The report is signed when its end's _successful step is recorded, by the move's driver.
    ...slots.map((r) =>
      keyed('report', Number(r.move_id) * 2 + (r.slot === 'delivery' ? 1 : 0), Number(r.signed_at), {
        type: 'condition_report.signed',
        actor: driverActor(driverOf.get(Number(r.move_id)) ?? null),
        move_id: Number(r.move_id),
        data: reportData(r),
      }),
    ),
  ];
}

/** The texts: ours to the customer, the customer's replies, and the number's opt-out. */
function textItems(sms: SmsRow[], replies: ReplyRow[], optOut: OptOutRow | undefined): KeyedItem[] {
  return [
    ...sms.map((r) => keyed('sms', Number(r.id), Number(r.created_at), { type: 'sms.message', actor: SYSTEM, move_id: Number(r.move_id), data: smsData(r) })),
    ...replies.map((r) =>
      keyed('reply', Number(r.id), Number(r.received_at), { type: 'sms.reply', actor: CUSTOMER, move_id: Number(r.move_id), data: replyData(r) }),
    ),
    ...(optOut
      ? [keyed('opt_out', 0, Number(optOut.created_at), { type: 'sms.opted_out', actor: CUSTOMER, move_id: null, data: { phone: optOut.phone } })]
      : []),
  ];
}

function eventItems(rows: EventRow[], scenario: TimelineScenario, charges: ChargeRowOfTimeline[]): KeyedItem[] {
  const decidedBy = new Map(scenario.moves.map((m) => [m.id, m.cancel_decided_by]));
  const marks = new Map(charges.map((c) => [Number(c.move_id), chargeMarks(c.adjustments)]));
  return rows.map((r) => {
    const moveId = Number(r.move_id);
    const at = Number(r.created_at);
    const actor = eventActor(r.type, {
      bookedBy: scenario.clientId,
      stepDriver: r.step_driver_id === null ? null : { id: Number(r.step_driver_id), name: r.step_driver_name },
      cancelDecidedBy: decidedBy.get(moveId) ?? null,
      chargeMarkBy: marks.get(moveId)?.find((m) => m.at === at)?.by ?? null,
    });
    const data = eventData({ id: r.id, sequence: Number(r.sequence), move_id: moveId, data: r.data });
    return keyed('event', Number(r.position), at, { type: r.type as TimelineType, actor, move_id: moveId, data });
  });
}
