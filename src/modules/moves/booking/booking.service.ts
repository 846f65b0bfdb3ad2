// The one booking pipeline every move type shares:
//   read & validate → rooftop → geocode → route → schedule → persist (one transaction) → document.
// Everything slow or external (geocoding, routing) happens before the transaction opens, so the
// transaction is a handful of short statements.
import type { Database } from '../../../db/database.ts';
import type { Executor } from '../../../db/executor.ts';
import type { LaneRow, LocationRow, RooftopRow } from '../../../db/schema.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError } from '../../../lib/errors.ts';
import type { IdGenerator } from '../../../lib/ids.ts';
import { floorToMinute, formatInstant } from '../../../lib/instant.ts';
import { FieldReader, Problems } from '../../../lib/validation.ts';
import type { AuthContext } from '../../../http/auth.ts';
import type { EventLog } from '../../events/event-log.ts';
import { findOrCreateLane, lanePair } from '../../lanes/lanes.repository.ts';
import { greatCircleMiles, type RouteEstimate, type RouteEstimator } from '../../lanes/route-estimator.ts';
import type { Geocode, Geocoder } from '../../locations/geocoder.ts';
import type { LocationDraft } from '../../locations/location-request.ts';
import { findOrCreateLocations } from '../../locations/locations.repository.ts';
import type { ZipDirectory } from '../../locations/zip-directory.ts';
import { RooftopCache } from '../../rooftops/rooftop-cache.ts';
import { rooftopCalendar } from '../../rooftops/rooftop-calendar.ts';
import { earliestAvailable } from '../../scheduling/business-hours.ts';
import type { ScenarioView } from '../move-document.ts';
import { storeRenderedDocument } from '../scenario-document.ts';
import { insertMoves, insertScenario } from '../moves.repository.ts';
import { DUPLICATE_CHECKS, type DuplicateCheck, refuseDuplicates } from '../duplicate-check.ts';
import { isPast } from './customer-request.ts';
import type { BookingDraft, MoveType } from './move-type.ts';

export interface BookingDeps {
  database: Database;
  zips: ZipDirectory;
  geocoder: Geocoder;
  router: RouteEstimator;
  clock: Clock;
  ids: IdGenerator;
  events: EventLog;
  publicUrl: string;
  maxDriveMiles: number;
  serviceRadiusMiles: number;
}

export interface BookingResult {
  view: ScenarioView;
  /** The scenario's document, serialized once: the response body and the move.created events' data. */
  json: string;
}

export class BookingService {
  private readonly rooftops: RooftopCache;

  constructor(private readonly deps: BookingDeps) {
    this.rooftops = new RooftopCache(deps.database.db, deps.clock);
  }

  async book(
    type: MoveType,
    auth: AuthContext,
    body: Record<string, unknown>,
    options: { inTransaction?: (trx: Executor, json: string) => Promise<void> } = {},
  ): Promise<BookingResult> {
    const { deps } = this;
    const now = deps.clock.now();

    // 1. Read the whole request, collecting every problem.
    const problems = new Problems();
    const reader = FieldReader.root(problems, body);
    const rooftopId = resolveRooftop(reader, auth);
    const duplicateCheck = reader.oneOf('duplicate_check', DUPLICATE_CHECKS, { required: false });
    const hideServiceLocation = readBookingConfig(reader).hideServiceLocation;
    const draft = type.read(reader, { zips: deps.zips, now, currentYear: new Date(now).getUTCFullYear() });
    problems.throwIfAny();
    if (!draft || rooftopId === undefined) throw new Error('booking draft incomplete without problems');

    const rooftop = await this.rooftops.find(rooftopId);
    if (!rooftop) throw new ApiError('field_invalid', 'rooftop does not exist');

    // 2. Geocode each distinct address, then estimate each leg's route.
    const places = distinctPlaces(draft);
    const geocodes = new Map<string, Geocode>();
    for (const place of places) {
      const g = await deps.geocoder.geocode(place.address);
      if (!g) problems.add('address_invalid', place.path, `${place.path} could not be located`);
      else geocodes.set(place.dedupeKey, g);
    }
    problems.throwIfAny();
    const estimates = await Promise.all(
      draft.legs.map((leg) => deps.router.estimate(geocodes.get(leg.pickup.dedupeKey)!, geocodes.get(leg.delivery.dedupeKey)!)),
    );
    this.checkRegion(draft, estimates, geocodes, rooftop, problems);
    problems.throwIfAny();

    // 3. Schedule: when leg 0's vehicle must be ready, and when the service lot can have it ready.
    const readyByMs = draft.readyBy.minusDrive
      ? floorToMinute(draft.readyBy.baseMs - estimates[0]!.durationMinutes * 60_000)
      : draft.readyBy.baseMs;
    if (isPast(readyByMs, now)) {
      throw ApiError.fromProblems([
        {
          code: 'field_invalid',
          field: draft.readyBy.field,
          message: `${draft.readyBy.field} leaves no time to drive there: the vehicle would have to be ready by ${formatInstant(readyByMs)}, which is in the past`,
        },
      ]);
    }
    const { earliestMs, message } = earliestAvailable(readyByMs, rooftopCalendar(rooftop));

    // 4. Persist everything in one transaction.
    return deps.database.db.transaction().execute((trx) =>
      this.persist(trx, { type, draft, auth, rooftop, rooftopId, duplicateCheck, hideServiceLocation, geocodes, estimates, readyByMs, earliestMs, message, now, inTransaction: options.inTransaction }),
    );
  }

  private checkRegion(
    draft: BookingDraft,
    estimates: RouteEstimate[],
    geocodes: Map<string, Geocode>,
    rooftop: RooftopRow,
    problems: Problems,
  ): void {
    const { maxDriveMiles, serviceRadiusMiles } = this.deps;
    draft.legs.forEach((leg, i) => {
      const miles = estimates[i]!.distanceMiles;
      if (miles > maxDriveMiles) {
        problems.add(
          'outside_region',
          leg.move.path,
          `${leg.move.path} is a ${miles}-mile drive; the longest drive we take is ${maxDriveMiles} miles`,
        );
        return;
      }
      const far = (p: LocationDraft) => greatCircleMiles(rooftop, geocodes.get(p.dedupeKey)!) > serviceRadiusMiles;
      if (far(leg.pickup) && far(leg.delivery)) {
        problems.add(
          'outside_region',
          leg.move.path,
          `${leg.move.path}: both ends are more than ${serviceRadiusMiles} miles from the rooftop`,
        );
      }
    });
  }

  private async persist(
    trx: Executor,
    p: {
      type: MoveType;
      draft: BookingDraft;
      auth: AuthContext;
      rooftop: RooftopRow;
      rooftopId: number;
      duplicateCheck: DuplicateCheck | null;
      hideServiceLocation: boolean;
      geocodes: Map<string, Geocode>;
      estimates: RouteEstimate[];
      readyByMs: number;
      earliestMs: number;
      message: string | null;
      now: number;
      inTransaction?: (trx: Executor, json: string) => Promise<void>;
    },
  ): Promise<BookingResult> {
    const { draft, rooftopId, now } = p;
    if (p.duplicateCheck) await refuseDuplicates(trx, this.deps.database.dialect, p.duplicateCheck, rooftopId, draft.legs);
    const places = distinctPlaces(draft);
    const found = await findOrCreateLocations(
      trx,
      rooftopId,
      places.map((place) => {
        const g = p.geocodes.get(place.dedupeKey)!;
        return {
          rooftop_id: rooftopId,
          dedupe_key: place.dedupeKey,
          name: place.name,
          ...place.address,
          lat: g.lat,
          lon: g.lon,
          google_place_id: g.google_place_id,
          full_address: place.fullAddress,
          timezone: g.timezone,
          geocode_precision: g.precision,
          created_at: now,
        };
      }),
      this.deps.database.dialect,
    );
    const locations = new Map<string, LocationRow>(places.map((place) => [place.dedupeKey, found.get(place.dedupeKey)!]));

    // Both legs of a swap share one lane: lanes are unordered pairs.
    const lanesByPair = new Map<string, LaneRow>();
    const legLanes: LaneRow[] = [];
    for (const [i, leg] of draft.legs.entries()) {
      const a = locations.get(leg.pickup.dedupeKey)!.id;
      const b = locations.get(leg.delivery.dedupeKey)!.id;
      const pair = lanePair(a, b).join('-');
      let lane = lanesByPair.get(pair);
      lane ??= await findOrCreateLane(trx, { rooftopId, locationIds: [a, b], estimate: p.estimates[i]!, now });
      lanesByPair.set(pair, lane);
      legLanes.push(lane);
    }

    const scenario = await insertScenario(trx, {
      rooftop_id: rooftopId,
      client_id: p.auth.clientId,
      kind: p.type.kind,
      usecase_key: draft.usecaseKey,
      customer_action: draft.customer?.action ?? null,
      customer_name: draft.customer?.name ?? null,
      customer_phone: draft.customer?.phone ?? null,
      customer_phone_e164: draft.customer?.phoneE164 ?? null,
      appointment_time: draft.appointmentMs,
      ready_by_time: p.readyByMs,
      earliest_available_time: p.earliestMs,
      message: p.message,
      hide_service_location: p.hideServiceLocation ? 1 : 0,
      created_at: now,
      updated_at: now,
    });

    const moves = await insertMoves(
      trx,
      draft.legs.map((leg, cardinality) => {
        const v = leg.move.vehicle;
        return {
          scenario_id: scenario.id,
          rooftop_id: rooftopId,
          cardinality,
          role: leg.role,
          lane_id: legLanes[cardinality]!.id,
          pickup_location_id: locations.get(leg.pickup.dedupeKey)!.id,
          delivery_location_id: locations.get(leg.delivery.dedupeKey)!.id,
          reference_id: leg.move.referenceId,
          dealer_contact: leg.move.dealerContact,
          special_instructions: leg.move.specialInstructions,
          vehicle_stock: v.stock,
          vehicle_vin: v.vin,
          vehicle_year: v.year,
          vehicle_make: v.make,
          vehicle_model: v.model,
          vehicle_color: v.color,
          vehicle_manual: v.manual ? 1 : 0,
          warnings: JSON.stringify(leg.move.warnings),
          status: null,
          cancel_status: null,
          event_sequence: 1,
          created_at: now,
          updated_at: now,
        };
      }),
    );

    const view: ScenarioView = {
      scenario,
      moves,
      locations: new Map([...locations.values()].map((l) => [l.id, l])),
      lanes: new Map(legLanes.map((l) => [l.id, l])),
      driverNames: new Map(),
    };
    const json = await storeRenderedDocument(trx, view, this.deps.publicUrl);
    await this.deps.events.append(trx, {
      moves,
      type: 'move.created',
      data: json,
      now,
      firstOfNewMoves: true,
      context: { view, rooftop: p.rooftop },
    });
    await p.inTransaction?.(trx, json);
    return { view, json };
  }
}

/** The rooftop a booking is for (spec §3): implied for one rooftop, required to choose among several. */
function resolveRooftop(body: FieldReader, auth: AuthContext): number | undefined {
  const several = auth.rooftopIds.length > 1;
  const requested = body.integer('rooftop', { required: several });
  if (requested === undefined) return undefined;
  if (requested === null) return auth.rooftopIds[0];
  if (!auth.rooftopIds.includes(requested)) {
    body.invalid('rooftop', `rooftop must be one of your rooftops: ${auth.rooftopIds.join(', ')}`);
    return undefined;
  }
  return requested;
}

/**
 * The optional `config` object of every booking endpoint: `hide_service_location` (boolean) keeps the
 * service lot's address off the public tracking page. Unknown keys are ignored (spec §2).
 */
function readBookingConfig(body: FieldReader): { hideServiceLocation: boolean } {
  const config = body.object('config', { required: false });
  return { hideServiceLocation: config?.boolean('hide_service_location', { required: false }) ?? false };
}

function distinctPlaces(draft: BookingDraft): LocationDraft[] {
  const byKey = new Map<string, LocationDraft>();
  for (const leg of draft.legs) {
    for (const place of [leg.pickup, leg.delivery]) if (!byKey.has(place.dedupeKey)) byKey.set(place.dedupeKey, place);
  }
  return [...byKey.values()];
}
