// The admin CLI's payer commands (src/cli/payer-commands.ts parses their flags): the flags become the
// ops API's bodies, read by the API's own readers and carried out by its service, so a problem
// reads the same from both.
import type { Executor } from '../../../db/executor.ts';
import { systemClock } from '../../../lib/clock.ts';
import { readNewPayer, readSettingChange } from './payer-request.ts';
import { ADMIN_SCOPE, PayerService } from './payers.service.ts';

const service = (db: Executor) => new PayerService({ db, clock: systemClock });

/** `payer add`: `rooftop` as given (a malformed id is reported by the reader with the rest). */
export async function addPayer(db: Executor, flags: { rooftop: unknown; name: string | undefined }): Promise<object> {
  const payers = service(db);
  const fields = await readNewPayer({ rooftop: flags.rooftop, name: flags.name }, payers.rooftopCheck(ADMIN_SCOPE));
  return JSON.parse(await payers.create(fields)) as object;
}

/** `payer settings`: `body` holds the PATCH body's keys the flags gave. */
export function changePayerSettings(db: Executor, rooftopId: number, body: Record<string, unknown>): Promise<object> {
  return service(db).updateSetting(ADMIN_SCOPE, rooftopId, readSettingChange(body));
}

/** `payer list`: the rooftop's payers and setting, as GET /v1/payers answers. */
export function listPayers(db: Executor, rooftopId: number): Promise<object> {
  return service(db).list(rooftopId);
}
