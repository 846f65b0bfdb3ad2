// Who is on shift now, as `auth` may see it: the shift scope of the shift list (a rooftop-scoped
// desk sees shifts for every rooftop and for its rooftops' regions) and the driver scope of the
// driver list (where a driver is only while on one of its rooftops' moves).
import type { Executor } from '../../db/executor.ts';
import { formatInstant } from '../../lib/instant.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { driverDocumentsFor } from '../drivers/driver-scope.ts';
import { shiftDocument } from '../scheduling/shifts/shift-document.ts';
import type { DriversOnShift } from './on-shift.document.ts';
import { findDriversOnShift } from './on-shift.repository.ts';

export async function driversOnShift(db: Executor, auth: AuthContext, at: number): Promise<DriversOnShift> {
  const found = await findDriversOnShift(db, { at, rooftopIds: auth.allRooftops ? null : auth.rooftopIds });
  const docs = await driverDocumentsFor(db, auth, found.map((f) => f.driver));
  return { at: formatInstant(at), drivers: docs.map((d, i) => ({ ...d, shift: shiftDocument(found[i]!.shift) })) };
}
