// Holding a slot (spec §11.3): the slot must be available now; the capacity is read again and the
// hold written in one transaction serialized by one lock for all capacity (a shift may serve every
// rooftop, so per-rooftop locks would not do), so of callers racing for the last capacity exactly
// one gets the hold. On SQLite the transaction itself is the lock (BEGIN IMMEDIATE, db/database.ts).
import type { Database } from '../../../db/database.ts';
import type { AlsoInTransaction } from '../../../db/executor.ts';
import { lockKey } from '../../../db/locks.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError } from '../../../lib/errors.ts';
import type { IdGenerator } from '../../../lib/ids.ts';
import { formatInstant } from '../../../lib/instant.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import { capacityReason, fixedReason, REASON_TEXT, slotTrip, type UnavailableReason } from '../availability/slot-rules.ts';
import { readCapacity } from '../capacity/capacity.ts';
import type { HoldCommand } from './hold-command.ts';
import { insertHold } from './holds.repository.ts';

/** The one lock every hold takes while it reads capacity and writes itself. */
export const CAPACITY_LOCK = 'capacity';

export interface HoldsDeps {
  database: Database;
  clock: Clock;
  ids: IdGenerator;
  availability: AvailabilityService;
}

export class HoldsService {
  constructor(private readonly deps: HoldsDeps) {}

  /** The answer's JSON ({ hold_id, expires_at }); slot_unavailable (409) when the slot cannot be had now. */
  async hold(command: HoldCommand, options: { inTransaction?: AlsoInTransaction } = {}): Promise<string> {
    const { deps } = this;
    const now = deps.clock.now();
    const rules = deps.availability.scheduling;
    const trip = await deps.availability.prepare(command);
    const slot = slotTrip(command.start, trip.shape, rules);
    const fixed = fixedReason(slot, { ...trip.facts, noticeUntil: now + rules.minNoticeMinutes * 60_000 });
    if (fixed) throw slotUnavailable(command.start, fixed);

    const ask = { rooftopId: trip.rooftop.id, from: slot.span.from, until: slot.span.until, manual: false };
    return deps.database.db.transaction().execute(async (trx) => {
      await lockKey(trx, CAPACITY_LOCK);
      const picture = await readCapacity(trx, { from: slot.span.from, until: slot.span.until, now });
      const reason = capacityReason(picture, ask);
      if (reason) throw slotUnavailable(command.start, reason);
      const id = deps.ids.uuid();
      const expiresAt = now + rules.holdSeconds * 1000;
      await insertHold(trx, {
        id,
        rooftop_id: trip.rooftop.id,
        client_id: command.clientId,
        consumer_action: command.action,
        slot_start: command.start,
        busy_from: slot.span.from,
        busy_until: slot.span.until,
        manual: 0,
        pickup_location_id: trip.locations.pickup.id,
        delivery_location_id: trip.locations.delivery.id,
        expires_at: expiresAt,
        consumed_by: null,
        created_at: now,
      });
      const json = JSON.stringify({ hold_id: id, expires_at: formatInstant(expiresAt) });
      await options.inTransaction?.(trx, json);
      return json;
    });
  }
}

function slotUnavailable(start: number, reason: UnavailableReason): ApiError {
  const message = `start ${formatInstant(start)} cannot be held (${reason}): ${REASON_TEXT[reason]}`;
  return ApiError.fromProblems([{ code: 'slot_unavailable', field: 'start', message }]);
}
