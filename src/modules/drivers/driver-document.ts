// The driver document of the ops endpoints (spec §7) and its JSON schema. One renderer, so the
// ops desk, dispatch and anything else that shows a driver agree on every key and its order.
import fastJson from 'fast-json-stringify';
import Type from 'typebox';
import type { DriverRow } from '../../db/schema.ts';
import { formatInstant } from '../../lib/instant.ts';
import { Instant, Nullable } from '../../lib/schema-types.ts';

export const DriverSchema = Type.Object(
  {
    driver_id: Type.Integer(),
    name: Type.String(),
    /** E.164, e.g. "+18045550134". */
    phone: Type.String(),
    can_drive_manual: Type.Boolean(),
    active: Type.Boolean(),
    last_location: Nullable(
      Type.Object({ lat: Type.Number(), lon: Type.Number(), at: Instant() }),
    ),
    created_at: Instant(),
    updated_at: Instant(),
  },
  { title: 'driver document' },
);

/** POST /v1/ops/drivers: the document plus the driver app's credentials, shown only in this response. */
export const NewDriverSchema = Type.Object(
  {
    ...DriverSchema.properties,
    client_id: Type.String(),
    client_secret: Type.String(),
  },
  { title: 'new driver' },
);

export interface DriverDocument {
  driver_id: number;
  name: string;
  phone: string;
  can_drive_manual: boolean;
  active: boolean;
  last_location: { lat: number; lon: number; at: string } | null;
  created_at: string;
  updated_at: string;
}

export function driverDocument(row: DriverRow): DriverDocument {
  const located = row.last_lat !== null && row.last_lon !== null && row.last_located_at !== null;
  return {
    driver_id: Number(row.id),
    name: row.name,
    phone: row.phone,
    can_drive_manual: Number(row.can_drive_manual) === 1,
    active: Number(row.active) === 1,
    last_location: located
      ? { lat: Number(row.last_lat), lon: Number(row.last_lon), at: formatInstant(Number(row.last_located_at)) }
      : null,
    created_at: formatInstant(Number(row.created_at)),
    updated_at: formatInstant(Number(row.updated_at)),
  };
}

/** POST /v1/ops/drivers's answer, serialized by its schema. */
export const newDriverJson: (answer: DriverDocument & { client_id: string; client_secret: string }) => string = fastJson(NewDriverSchema);
