// The one booking pipeline every move type shares, as a short orchestration:
//   command (read by the route) → rooftop → geocode → route → plan (pure) → persist (one transaction).
// Everything slow or external (geocoding, routing) happens before the transaction opens, so the
// transaction is a handful of short statements.
import type { Database } from '../../../db/database.ts';
import type { Transaction } from '../../../db/executor.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError } from '../../../lib/errors.ts';
import type { EventLog } from '../../events/event-log.ts';
import type { RouteEstimator } from '../../lanes/route-estimator.ts';
import type { Geocode, Geocoder } from '../../locations/geocoder.ts';
import type { ZipDirectory } from '../../locations/zip-directory.ts';
import { RooftopCache } from '../../rooftops/rooftop-cache.ts';
import { type BookingResult, persistBooking } from './booking-persist.ts';
import { distinctPlaces, planBooking, type RegionLimits, refuseUnlocated } from './booking-plan.ts';
import type { BookingCommand } from './booking-command.ts';
import type { ReadContext } from './move-type.ts';

export type { BookingResult } from './booking-persist.ts';

export interface BookingDeps extends RegionLimits {
  database: Database;
  zips: ZipDirectory;
  geocoder: Geocoder;
  router: RouteEstimator;
  clock: Clock;
  events: EventLog;
  publicUrl: string;
}

export interface BookOptions {
  /** More writes that must commit with the booking (the stored Idempotency-Key answer). */
  inTransaction?: (trx: Transaction, json: string) => Promise<void>;
}

export class BookingService {
  private readonly rooftops: RooftopCache;

  constructor(private readonly deps: BookingDeps) {
    this.rooftops = new RooftopCache(deps.database.db, deps.clock);
  }

  /** What a route needs to read a booking request (the ZIP directory, now, the year range). */
  readContext(): ReadContext {
    const now = this.deps.clock.now();
    return { zips: this.deps.zips, now, currentYear: new Date(now).getUTCFullYear() };
  }

  async book(command: BookingCommand, options: BookOptions = {}): Promise<BookingResult> {
    const { deps } = this;
    const now = deps.clock.now();
    const rooftop = await this.rooftops.find(command.rooftopId);
    if (!rooftop) throw new ApiError('field_invalid', 'rooftop does not exist');

    // Geocode each distinct address, then estimate each leg's route: outside any transaction.
    const places = distinctPlaces(command.draft);
    const geocodes = new Map<string, Geocode>();
    for (const place of places) {
      const g = await deps.geocoder.geocode(place.address);
      if (g) geocodes.set(place.dedupeKey, g);
    }
    refuseUnlocated(places, geocodes);
    const estimates = await Promise.all(
      command.draft.legs.map((leg) => deps.router.estimate(geocodes.get(leg.pickup.dedupeKey)!, geocodes.get(leg.delivery.dedupeKey)!)),
    );

    const plan = planBooking({ command, rooftop, places, geocodes, estimates, now }, deps);
    return deps.database.db.transaction().execute(async (trx) => {
      const result = await persistBooking(trx, plan, { events: deps.events, publicUrl: deps.publicUrl });
      await options.inTransaction?.(trx, result.json);
      return result;
    });
  }
}
