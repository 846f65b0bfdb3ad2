// Regions (spec §11.1): the ops desk and the admin CLI create, list, read and change a rooftop's
// service areas. A write re-assigns the rooftop's locations to their regions in the same
// transaction, so every location's region_id always agrees with the stored areas.
import type { Executor, Transaction, WriteOptions } from '../../../db/executor.ts';
import { lockKey } from '../../../db/locks.ts';
import type { RegionRow, RooftopRow } from '../../../db/schema.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError, notFound } from '../../../lib/errors.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import { findLocationPointsOfRooftop, setRegionOfLocations } from '../../locations/locations.repository.ts';
import { findRooftop, rooftopExists } from '../../rooftops/rooftops.repository.ts';
import { regionJson, regionListJson } from './region-document.ts';
import type { NewRegionFields, RegionChanges, RooftopCheck } from './region-fields.ts';
import { type AreaGeometry, areaBbox, looksSwapped, regionContaining } from './region-geometry.ts';
import { findRegion, findRegionAreas, findRegionsOfRooftops, insertRegion, updateRegion } from './regions.repository.ts';
import { forgetServiceArea, regionShape } from './service-area.ts';

/**
 * Whose regions a caller may see and change: the admin CLI and the all-rooftops desk any rooftop's
 * (checked against the rooftops table); an ops client scoped to rooftops only theirs.
 */
export type RegionScope = { anyRooftop: true } | { anyRooftop: false; rooftopIds: number[] };
export const ADMIN_SCOPE: RegionScope = { anyRooftop: true };
export const scopeOf = (auth: AuthContext): RegionScope => (auth.allRooftops ? ADMIN_SCOPE : { anyRooftop: false, rooftopIds: auth.rooftopIds });

export class RegionService {
  /**
   * `db`: the database itself, never a transaction. `maxDriveMiles`: an area beyond it from its
   * rooftop that would be near with its positions' numbers swapped was drawn as [lat, lon].
   */
  constructor(private readonly d: { db: Executor; clock: Clock; maxDriveMiles: number }) {}

  /** The rooftop check the readers run for this scope (routes and the CLI pass it). */
  rooftopCheck(scope: RegionScope): RooftopCheck {
    return async (id) => {
      if (!scope.anyRooftop) return scope.rooftopIds.includes(id) ? null : `rooftop must be one of your rooftops: ${scope.rooftopIds.join(', ')}`;
      return (await rooftopExists(this.d.db, [id])).length ? null : `rooftop ${id} does not exist`;
    };
  }

  /** Creates the region and places the rooftop's locations; answers its document, serialized. */
  async create(fields: NewRegionFields, options: WriteOptions = {}): Promise<string> {
    const rooftop = await findRooftop(this.d.db, fields.rooftopId);
    if (!rooftop) throw ApiError.fromProblems([{ code: 'field_invalid', field: 'rooftop', message: `rooftop ${fields.rooftopId} does not exist` }]);
    const box = this.checkedBbox(fields.area, rooftop);
    const now = this.d.clock.now();
    const json = await this.d.db.transaction().execute(async (trx) => {
      await lockRegionsOf(trx, rooftop.id);
      const row = await insertRegion(trx, {
        rooftop_id: rooftop.id,
        name: fields.name,
        timezone: fields.timezone ?? rooftop.timezone,
        area: JSON.stringify(fields.area),
        ...box,
        created_at: now,
        updated_at: now,
      });
      await placeLocations(trx, rooftop.id);
      const answer = regionJson(row);
      await options.inTransaction?.(trx, answer);
      return answer;
    });
    forgetServiceArea(this.d.db, rooftop.id);
    return json;
  }

  /** The regions of `rooftopId`, or of every rooftop in scope when null; in id order. */
  async list(scope: RegionScope, rooftopId: number | null): Promise<string> {
    const rooftopIds = rooftopId !== null ? [rooftopId] : scope.anyRooftop ? null : scope.rooftopIds;
    return regionListJson(await findRegionsOfRooftops(this.d.db, rooftopIds));
  }

  async get(scope: RegionScope, id: number): Promise<string> {
    return regionJson(await this.visible(scope, id));
  }

  /** PATCH: the fields sent change; a new area re-places the rooftop's locations. */
  async update(scope: RegionScope, id: number, changes: RegionChanges, options: WriteOptions = {}): Promise<string> {
    const region = await this.visible(scope, id);
    const rooftop = await findRooftop(this.d.db, region.rooftop_id);
    if (!rooftop) throw notFound('region');
    const box = changes.area ? this.checkedBbox(changes.area, rooftop) : null;
    const json = await this.d.db.transaction().execute(async (trx) => {
      await lockRegionsOf(trx, rooftop.id);
      const row = await updateRegion(trx, id, {
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.timezone !== undefined && { timezone: changes.timezone }),
        ...(changes.area !== undefined && box && { area: JSON.stringify(changes.area), ...box }),
        updated_at: this.d.clock.now(),
      });
      if (box) await placeLocations(trx, rooftop.id);
      const answer = regionJson(row);
      await options.inTransaction?.(trx, answer);
      return answer;
    });
    if (box) forgetServiceArea(this.d.db, rooftop.id);
    return json;
  }

  /** The region when the scope may see it; another rooftop's is reported as missing (spec §3). */
  private async visible(scope: RegionScope, id: number): Promise<RegionRow> {
    const region = await findRegion(this.d.db, id);
    if (!region || (!scope.anyRooftop && !scope.rooftopIds.includes(region.rooftop_id))) throw notFound('region');
    return region;
  }

  /** The area's bounding box as columns, or field_invalid when it looks drawn as [lat, lon]. */
  private checkedBbox(area: AreaGeometry, rooftop: RooftopRow) {
    const [west, south, east, north] = areaBbox(area);
    if (looksSwapped([west, south, east, north], rooftop, this.d.maxDriveMiles)) {
      const message =
        `area looks like [lat, lon]: as sent it lies more than ${this.d.maxDriveMiles} miles from the rooftop, and with each ` +
        "position's two numbers swapped it would be near it. GeoJSON positions are [longitude, latitude]";
      throw ApiError.fromProblems([{ code: 'field_invalid', field: 'area', message }]);
    }
    return { min_lon: west, min_lat: south, max_lon: east, max_lat: north };
  }
}

/** One writer of a rooftop's regions at a time: each re-places the locations against all of them. */
const lockRegionsOf = (trx: Transaction, rooftopId: number) => lockKey(trx, `regions:${rooftopId}`);

/** Every location of the rooftop in the region that holds it now (the lowest id when several do). */
async function placeLocations(trx: Transaction, rooftopId: number): Promise<void> {
  const regions = (await findRegionAreas(trx, rooftopId)).map(regionShape);
  const moved = new Map<number | null, number[]>();
  for (const location of await findLocationPointsOfRooftop(trx, rooftopId)) {
    const regionId = regionContaining(regions, location);
    if (regionId === location.region_id) continue;
    const ids = moved.get(regionId) ?? [];
    ids.push(location.id);
    moved.set(regionId, ids);
  }
  for (const [regionId, ids] of moved) await setRegionOfLocations(trx, regionId, ids);
}
