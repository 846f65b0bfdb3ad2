// The answer of GET /v1/ops/drivers/on-shift (ours): each driver document (drivers/driver-document.ts)
// with the shift that holds the instant asked about, so the ops desk's live map needs one call.
import Type from 'typebox';
import { Instant } from '../../lib/schema-types.ts';
import type { DriverDocument } from '../drivers/driver-document.ts';
import { DriverSchema } from '../drivers/driver-document.ts';
import { type ShiftDocument, ShiftSchema } from '../scheduling/shifts/shift-document.ts';

export const DriversOnShiftSchema = Type.Object(
  {
    at: Instant(),
    drivers: Type.Array(
      Type.Object({ ...DriverSchema.properties, shift: ShiftSchema }, { title: 'driver on shift' }),
      { description: 'Active drivers whose shift holds `at`, by driver_id' },
    ),
  },
  { title: 'drivers on shift' },
);

export interface DriversOnShift {
  at: string;
  drivers: (DriverDocument & { shift: ShiftDocument })[];
}
