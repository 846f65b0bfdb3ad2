// Creates a driver and the API client their driver app signs in with (role "driver", bound to the
// driver, no rooftops). Used by the admin CLI (`handoff driver add`) and POST /v1/ops/drivers.
// The secret exists in clear only in the return value: the caller shows it once, we keep its hash.
import type { Executor } from '../../db/executor.ts';
import type { DriverRow } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import type { IdGenerator } from '../../lib/ids.ts';
import { insertClient } from '../clients/clients.repository.ts';
import { hashSecret, newClientCredentials } from '../clients/credentials.ts';
import { readNewDriver } from './driver-request.ts';
import { insertDriver } from './drivers.repository.ts';

/** Raw input (request body fields or CLI flags): validated here, problems named name, phone, can_drive_manual. */
export interface DriverInput {
  name: unknown;
  phone: unknown;
  /** Default false. */
  canDriveManual?: unknown;
}

export interface NewDriver {
  driver_id: number;
  client_id: string;
  client_secret: string;
}

export async function createDriver(
  db: Executor,
  input: DriverInput,
  deps: { ids: IdGenerator; clock: Clock },
): Promise<NewDriver> {
  return (await createDriverRecord(db, input, deps)).created;
}

/** createDriver, also returning the stored row (the HTTP endpoint renders it). */
export async function createDriverRecord(
  db: Executor,
  input: DriverInput,
  deps: { ids: IdGenerator; clock: Clock },
): Promise<{ created: NewDriver; row: DriverRow }> {
  const fields = readNewDriver({ name: input.name, phone: input.phone, can_drive_manual: input.canDriveManual });
  const { clientId, clientSecret } = newClientCredentials(deps.ids);
  const now = deps.clock.now();

  // The driver and their client land together; a caller's transaction is joined as is.
  const write = async (tx: Executor) => {
    const row = await insertDriver(tx, {
      name: fields.name,
      phone: fields.phone,
      can_drive_manual: fields.canDriveManual ? 1 : 0,
      active: 1,
      sandbox: 0,
      last_lat: null,
      last_lon: null,
      last_located_at: null,
      created_at: now,
      updated_at: now,
    });
    const driverId = Number(row.id);
    await insertClient(tx, { clientId, secretHash: hashSecret(clientSecret), role: 'driver', driverId, rooftopIds: [], now });
    return row;
  };
  const row = db.isTransaction ? await write(db) : await db.transaction().execute(write);

  return { created: { driver_id: Number(row.id), client_id: clientId, client_secret: clientSecret }, row };
}
