// Availability (spec §11.3): which slots of a local day can take the trip a consumer_action books.
// The places and drives are settled once (availability-places.ts), the capacity picture is read
// once for the whole day, and each slot is then a few comparisons (slot-rules.ts).
import type { SchedulingConfig } from '../../../config.ts';
import type { Database } from '../../../db/database.ts';
import type { LocationRow, RooftopRow } from '../../../db/schema.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError, type FieldProblem } from '../../../lib/errors.ts';
import { rooftopCalendar } from '../../rooftops/rooftop-calendar.ts';
import { RooftopCache } from '../../rooftops/rooftop-cache.ts';
import { readCapacity } from '../capacity/capacity.ts';
import { loadServiceArea } from '../regions/service-area.ts';
import { type AvailabilityAnswer, availabilityAnswer } from './availability-document.ts';
import { type OfflineRouter, type PlaceResolver, legDrives, settlePlaces } from './availability-places.ts';
import type { AvailabilityCommand, TripAsked } from './availability-command.ts';
import { ACTION_SHAPES, type End } from './consumer-actions.ts';
import { daySlots } from './slot-grid.ts';
import { type SlotFacts, slotReason, slotTrip, type TripShape } from './slot-rules.ts';

export interface AvailabilityDeps {
  database: Database;
  clock: Clock;
  geocoder: PlaceResolver;
  router: OfflineRouter;
  scheduling: SchedulingConfig;
  serviceRadiusMiles: number;
  maxDriveMiles: number;
}

/** The trip a request asks about, settled: everything a slot's answer needs but its time and capacity. */
export interface PreparedTrip {
  rooftop: RooftopRow;
  shape: TripShape;
  facts: Omit<SlotFacts, 'noticeUntil'>;
  locations: Record<End, LocationRow>;
}

export class AvailabilityService {
  private readonly rooftops: RooftopCache;

  constructor(private readonly deps: AvailabilityDeps) {
    this.rooftops = new RooftopCache(deps.database.db, deps.clock);
  }

  get scheduling(): SchedulingConfig {
    return this.deps.scheduling;
  }

  /** The rooftop's zone, for the readers' checks in local time; null when it does not exist. */
  async zoneOf(rooftopId: number): Promise<string | null> {
    return (await this.rooftops.find(rooftopId))?.timezone ?? null;
  }

  async day(command: AvailabilityCommand): Promise<AvailabilityAnswer> {
    const now = this.deps.clock.now();
    const trip = await this.prepare(command);
    const { rooftop } = trip;
    const rules = this.deps.scheduling;
    const trips = daySlots(command.date, rooftop.timezone).map((start) => slotTrip(start, trip.shape, rules));
    const facts: SlotFacts = { ...trip.facts, noticeUntil: now + rules.minNoticeMinutes * 60_000 };
    // Read once for every slot of the day: from the first trip's start to the last one's end.
    const picture = trip.facts.outsideRegion
      ? null
      : await readCapacity(this.deps.database.db, {
          from: Math.min(...trips.map((t) => t.span.from)),
          until: Math.max(...trips.map((t) => t.span.until)),
          now,
        });
    const ask = { rooftopId: rooftop.id, manual: false };
    const outcomes = trips.map((t) => ({
      start: t.start,
      reason: picture ? slotReason(t, facts, picture, ask) : 'outside_region' as const,
    }));
    return availabilityAnswer({ rooftopId: rooftop.id, date: command.date, timezone: rooftop.timezone, outcomes });
  }

  /**
   * The rooftop, its places (created when new), the legs' drives and whether the trip is inside
   * the service area; every problem with the places is thrown at once.
   */
  async prepare(asked: TripAsked): Promise<PreparedTrip> {
    const rooftop = await this.rooftops.find(asked.rooftopId);
    if (!rooftop) throw ApiError.fromProblems([{ code: 'field_invalid', field: 'customer_id', message: `customer_id ${asked.rooftopId} is not a rooftop of yours` }]);
    const problems: FieldProblem[] = [];
    const { db } = this.deps.database;
    const areaRead = loadServiceArea(db, rooftop, this.deps.serviceRadiusMiles);
    // Settled on a rejection: when the places fail first, the area's read must not go unhandled.
    areaRead.catch(() => {});
    const places = await settlePlaces(asked.places, { database: this.deps.database, geocoder: this.deps.geocoder, rooftop, area: areaRead, now: this.deps.clock.now() }, problems);
    const shape = ACTION_SHAPES[asked.action];
    const { pickup, delivery } = places;
    if (pickup && delivery && pickup.id === delivery.id) {
      const field = asked.places[shape.consumerEnd].field;
      problems.push({ code: 'address_invalid', field, message: `${field} is the same place as the trip's other end; the two ends must differ` });
    }
    if (problems.length || !pickup || !delivery) throw ApiError.fromProblems(problems);

    const locations = { pickup, delivery };
    const legs = shape.legs.map(([from, to]) => [locations[from], locations[to]] as const);
    const [area, drives] = await Promise.all([areaRead, legDrives(legs, { database: this.deps.database, router: this.deps.router, rooftopId: rooftop.id })]);
    // As a booking refuses (booking-plan.ts): both ends outside the area, or a leg beyond the longest drive.
    const outsideRegion =
      (!area.serves(pickup) && !area.serves(delivery)) || drives.some((d) => d.distanceMiles > this.deps.maxDriveMiles);
    return {
      rooftop,
      shape: { legMinutes: drives.map((d) => d.durationMinutes), minusDrive: shape.minusDrive },
      facts: { outsideRegion, calendar: rooftopCalendar(rooftop) },
      locations,
    };
  }
}
