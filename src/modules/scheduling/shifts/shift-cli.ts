// `handoff shift add` (src/cli/shift-commands.ts parses its flags into the API's body): the body goes
// through the API's own reader and service, as the all-rooftops desk, so its problems read like the API's.
import type { Executor } from '../../../db/executor.ts';
import { systemClock } from '../../../lib/clock.ts';
import { readNewShifts } from './shift-request.ts';
import { ADMIN_SCOPE, ShiftService } from './shifts.service.ts';

export async function addShiftsFromFlags(db: Executor, driverId: number, body: Record<string, unknown>): Promise<object> {
  const service = new ShiftService({ db, clock: systemClock });
  await service.requireDriver(driverId);
  const fields = await readNewShifts(body, service.regionLookup(ADMIN_SCOPE));
  return JSON.parse(await service.add(driverId, fields)) as object;
}
