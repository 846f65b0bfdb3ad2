// The shift document (spec §11.2) and its JSON schema: one renderer for the ops API and the CLI.
import Type from 'typebox';
import type { DriverShiftRow } from '../../../db/schema.ts';
import { formatInstant } from '../../../lib/instant.ts';
import { Instant, Nullable } from '../../../lib/schema-types.ts';

export const ShiftSchema = Type.Object(
  {
    id: Type.Integer(),
    driver_id: Type.Integer(),
    region_id: Nullable(Type.Integer({ description: 'The region whose rooftop the shift serves; null: on duty for every rooftop' })),
    starts_at: Instant(),
    ends_at: Instant(),
  },
  { title: 'shift' },
);

export const ShiftListSchema = Type.Object({ shifts: Type.Array(ShiftSchema) }, { title: 'shifts' });

export interface ShiftDocument {
  id: number;
  driver_id: number;
  region_id: number | null;
  starts_at: string;
  ends_at: string;
}

export function shiftDocument(row: DriverShiftRow): ShiftDocument {
  return {
    id: Number(row.id),
    driver_id: Number(row.driver_id),
    region_id: row.region_id === null ? null : Number(row.region_id),
    starts_at: formatInstant(Number(row.starts_at)),
    ends_at: formatInstant(Number(row.ends_at)),
  };
}
