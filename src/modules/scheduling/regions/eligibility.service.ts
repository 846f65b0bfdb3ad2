// POST /v1/confirm-move-eligibility (spec §11.1): would the rooftop take a drive between these two
// places? Each end is placed (its coordinates, the rooftop's stored location of the same address,
// or the geocoder), set against the rooftop's service area, and the drive measured. Writes nothing:
// an address asked about is not stored as a location.
import type { Executor } from '../../../db/executor.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError, type FieldProblem } from '../../../lib/errors.ts';
import { bandedMinutes, type LatLon, type RouteEstimator } from '../../lanes/route-estimator.ts';
import type { SpeedBand } from '../../../config.ts';
import type { Geocode, StandardAddress } from '../../locations/geocoder.ts';
import { findLocationsByKeys } from '../../locations/locations.repository.ts';
import { storedGeocode, worthGeocodingAgain } from '../../locations/stored-geocode.ts';
import { RooftopCache } from '../../rooftops/rooftop-cache.ts';
import { type EligibilityAnswer, eligibilityAnswer, type EligibilityEnd, type EligibilityQuestion } from './eligibility-answer.ts';
import { loadServiceArea } from './service-area.ts';

/** What placing an address needs of the geocoder (FallbackGeocoder is one). */
export interface AddressPlacer {
  readonly streetLevel: boolean;
  resolve(address: StandardAddress): Promise<{ geocode: Geocode } | null>;
}

export interface EligibilityDeps {
  db: Executor;
  clock: Clock;
  geocoder: AddressPlacer;
  router: RouteEstimator;
  maxDriveMiles: number;
  serviceRadiusMiles: number;
  speedBands: SpeedBand[];
}

export class EligibilityService {
  private readonly rooftops: RooftopCache;

  constructor(private readonly d: EligibilityDeps) {
    this.rooftops = new RooftopCache(d.db, d.clock);
  }

  async confirm(q: EligibilityQuestion): Promise<EligibilityAnswer> {
    const { maxDriveMiles } = this.d;
    // Checked before anything slow or billed is asked.
    if (q.driveMiles !== null && q.driveMiles > maxDriveMiles) {
      const message = `drive_miles: a ${q.driveMiles}-mile drive is longer than the longest drive we take (${maxDriveMiles} miles)`;
      throw ApiError.fromProblems([{ code: 'outside_region', field: 'drive_miles', message }]);
    }
    const rooftop = await this.rooftops.find(q.rooftopId);
    if (!rooftop) throw new ApiError('field_invalid', 'rooftop does not exist');
    const [pickup, delivery] = await this.place(q.rooftopId, [q.pickup, q.delivery]);
    const area = await loadServiceArea(this.d.db, rooftop, this.d.serviceRadiusMiles);
    const drive = await this.drive(pickup!, delivery!, q.driveMiles);
    if (drive.miles > maxDriveMiles) {
      const message = `the drive from pickup_location to delivery_location is ${drive.miles} miles; the longest drive we take is ${maxDriveMiles} miles`;
      throw new ApiError('outside_region', message);
    }
    return eligibilityAnswer(area, { pickup: pickup!, delivery: delivery! }, drive);
  }

  /** Where each end is; an address that cannot be placed is address_invalid at its path. */
  private async place(rooftopId: number, ends: EligibilityEnd[]): Promise<LatLon[]> {
    const keys = ends.flatMap((e) => ('dedupeKey' in e ? [e.dedupeKey] : []));
    const stored = await findLocationsByKeys(this.d.db, rooftopId, keys);
    const problems: FieldProblem[] = [];
    const points = await Promise.all(
      ends.map(async (end): Promise<LatLon | undefined> => {
        if ('point' in end) return end.point;
        const row = stored.get(end.dedupeKey);
        if (row && !worthGeocodingAgain(row, this.d.geocoder.streetLevel)) return storedGeocode(row);
        const found = await this.d.geocoder.resolve(end.address);
        if (!found) problems.push({ code: 'address_invalid', field: end.path, message: `${end.path} could not be located` });
        return found?.geocode;
      }),
    );
    if (problems.length) throw ApiError.fromProblems(problems);
    return points as LatLon[];
  }

  /** The drive as sent (its time estimated offline from the distance), or as the router measures it. */
  private async drive(a: LatLon, b: LatLon, sentMiles: number | null): Promise<{ miles: number; minutes: number }> {
    if (sentMiles !== null) return { miles: sentMiles, minutes: Math.round(bandedMinutes(sentMiles, this.d.speedBands) * 10) / 10 };
    const estimate = await this.d.router.estimate(a, b);
    return { miles: estimate.distanceMiles, minutes: estimate.durationMinutes };
  }
}
