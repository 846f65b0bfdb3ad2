// The admin CLI's region commands (src/cli/region-commands.ts parses their flags): the flags and the
// GeoJSON file become the body of POST /v1/ops/regions, read by the API's own reader and written
// by its service, so a problem reads the same from both.
import type { Executor } from '../../../db/executor.ts';
import { systemClock } from '../../../lib/clock.ts';
import { ApiError } from '../../../lib/errors.ts';
import { readJsonFile } from '../../../lib/json-file.ts';
import { AREA_LIMITS } from './area-request.ts';
import { readNewRegion } from './region-request.ts';
import { ADMIN_SCOPE, RegionService } from './regions.service.ts';

/** Past this a file is not even read: formatted GeoJSON of a 1 MiB area is a few times that. */
const FILE_MAX_BYTES = 16 * AREA_LIMITS.bytes;
/** The file's JSON is any value (the reader says what is wrong with it); a huge file is refused unread. */
const GEOJSON_LIMIT = {
  maxBytes: FILE_MAX_BYTES,
  tooLarge: (path: string, size: number) => `${path} is ${size} bytes; an area may be at most ${AREA_LIMITS.bytes} bytes as JSON`,
};

const service = (db: Executor, maxDriveMiles: number) => new RegionService({ db, clock: systemClock, maxDriveMiles });

export interface RegionAddFlags {
  name: string | undefined;
  /** As given: a malformed id is reported by the reader with the rest. */
  rooftop: unknown;
  timezone: string | undefined;
  geojson: string;
}

/** `region add`: prints the region. */
export async function addRegionFromFile(db: Executor, flags: RegionAddFlags, maxDriveMiles: number): Promise<object> {
  const body = { rooftop: flags.rooftop, name: flags.name, timezone: flags.timezone, area: readJsonFile(flags.geojson, 'geojson', GEOJSON_LIMIT) };
  const regions = service(db, maxDriveMiles);
  return JSON.parse(await regions.create(await readNewRegion(body, regions.rooftopCheck(ADMIN_SCOPE)))) as object;
}

/** `region list`: the regions of the rooftop (null: of every rooftop). */
export async function listRegions(db: Executor, rooftopId: number | null, maxDriveMiles: number): Promise<object> {
  const regions = service(db, maxDriveMiles);
  const problem = rooftopId === null ? null : await regions.rooftopCheck(ADMIN_SCOPE)(rooftopId);
  if (problem !== null) throw ApiError.fromProblems([{ code: 'not_found', field: 'rooftop', message: problem }]);
  return JSON.parse(await regions.list(ADMIN_SCOPE, rooftopId)) as object;
}

