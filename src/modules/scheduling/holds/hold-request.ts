// Reading POST /v1/appointments/holds (spec §11.3): the fields availability reads, as a JSON body,
// and the slot's start — an instant, not in the past and at most a year ahead, as bookings' times.
import { INSTANT_INPUT_MAX, parseInstant } from '../../../lib/instant.ts';
import { readFieldsAsync } from '../../../lib/validation.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import type { ZipDirectory } from '../../locations/zip-directory.ts';
import { readTripAsked, type ZoneOf } from '../availability/availability-request.ts';
import { isSlotStart } from '../availability/slot-grid.ts';
import type { HoldCommand } from './hold-command.ts';

/** The grace bookings give a time just past (clock skew between the dealer and us). */
const PAST_GRACE_MS = 5 * 60_000;
const MAX_AHEAD_MS = 365 * 24 * 3600_000;

export function readHoldRequest(
  body: Record<string, unknown>,
  auth: AuthContext,
  ctx: { zips: ZipDirectory; now: number; zoneOf: ZoneOf },
): Promise<HoldCommand> {
  const { now } = ctx;
  return readFieldsAsync(body, async (r) => {
    const trip = readTripAsked(r, auth, ctx.zips, 'body');
    const raw = r.string('start', { required: true, max: INSTANT_INPUT_MAX });
    const start = raw === undefined ? null : parseInstant(raw);
    if (raw !== undefined && start === null) {
      r.invalid('start', 'start must be a date and time such as "2026-03-25T14:00:00Z" or "2026-03-25T10:00:00-04:00"');
    } else if (start !== null && start < now - PAST_GRACE_MS) {
      r.invalid('start', 'start is in the past');
    } else if (start !== null && start > now + MAX_AHEAD_MS) {
      r.invalid('start', 'start is more than 365 days ahead');
    } else if (start !== null && trip.rooftopId) {
      const zone = await ctx.zoneOf(trip.rooftopId);
      if (zone && !isSlotStart(start, zone)) r.invalid('start', `start must be a slot's start: every 30 minutes from local midnight in ${zone}`);
    }
    return { ...trip, clientId: auth.clientId, start: start ?? 0 };
  });
}
