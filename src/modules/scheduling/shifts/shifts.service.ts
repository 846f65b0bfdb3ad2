// Drivers' shifts (spec §11.2): add one or a weekly pattern's worth (all or nothing), list, delete.
// Who may: drivers belong to the operator, so like changing a driver, adding and deleting shifts is
// for the all-rooftops desk (and the admin CLI); an ops client scoped to rooftops lists a driver's
// shifts for every rooftop and for its own rooftops' regions, and sees no others.
import fastJson from 'fast-json-stringify';
import type { Executor, WriteOptions } from '../../../db/executor.ts';
import { lockKey } from '../../../db/locks.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError, type FieldProblem, notFound } from '../../../lib/errors.ts';
import { formatInstant } from '../../../lib/instant.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import { findDriver } from '../../drivers/drivers.repository.ts';
import { findRegion } from '../regions/regions.repository.ts';
import { type ShiftDocument, shiftDocument, ShiftListSchema } from './shift-document.ts';
import type { NewShifts, RegionLookup } from './shift-fields.ts';
import { overlap } from './shift-rules.ts';
import { deleteShift, findShiftsOfDriver, insertShifts } from './shifts.repository.ts';

/** Whose regions a caller may name and see: the desk's and the CLI's any; a scoped client its rooftops'. */
export type ShiftScope = { anyRooftop: true } | { anyRooftop: false; rooftopIds: number[] };
export const ADMIN_SCOPE: ShiftScope = { anyRooftop: true };
export const scopeOf = (auth: AuthContext): ShiftScope => (auth.allRooftops ? ADMIN_SCOPE : { anyRooftop: false, rooftopIds: auth.rooftopIds });

const shiftListJson: (answer: { shifts: ShiftDocument[] }) => string = fastJson(ShiftListSchema);
export const driverNotFound = () => notFound('driver');
const span = (s: { startsAt: number; endsAt: number }) => `${formatInstant(s.startsAt)}–${formatInstant(s.endsAt)}`;

export class ShiftService {
  /** `db`: the database itself, never a transaction. */
  constructor(private readonly d: { db: Executor; clock: Clock }) {}

  /** 404 for a driver that does not exist (before the body is read). */
  async requireDriver(driverId: number): Promise<void> {
    if (!(await findDriver(this.d.db, driverId))) throw driverNotFound();
  }

  /** The region lookup the reader runs: a region of a rooftop out of scope is reported as missing. */
  regionLookup(scope: ShiftScope): RegionLookup {
    return async (id) => {
      const region = await findRegion(this.d.db, id);
      if (!region || (!scope.anyRooftop && !scope.rooftopIds.includes(Number(region.rooftop_id)))) return null;
      return { timezone: region.timezone };
    };
  }

  /**
   * Adds the shifts in one transaction: none is written when any overlaps another shift of the
   * driver. Serialized per driver, so two adds racing cannot both pass the overlap check.
   */
  async add(driverId: number, fields: NewShifts, options: WriteOptions = {}): Promise<string> {
    const now = this.d.clock.now();
    return this.d.db.transaction().execute(async (trx) => {
      await lockKey(trx, `driver-shifts:${driverId}`);
      const from = Math.min(...fields.shifts.map((s) => s.startsAt));
      const until = Math.max(...fields.shifts.map((s) => s.endsAt));
      const existing = await findShiftsOfDriver(trx, driverId, { from, until, rooftopIds: null });
      const problems: FieldProblem[] = [];
      for (const s of fields.shifts) {
        const other = existing.find((e) => overlap(s, { startsAt: Number(e.starts_at), endsAt: Number(e.ends_at) }));
        if (!other) continue;
        const which = s.date === null ? 'the shift' : `the shift of ${s.date} (${span(s)})`;
        const message = `${fields.field}: ${which} overlaps shift ${other.id} of this driver (${span({ startsAt: Number(other.starts_at), endsAt: Number(other.ends_at) })})`;
        problems.push({ code: 'field_invalid', field: fields.field, message });
      }
      if (problems.length) throw ApiError.fromProblems(problems);
      const rows = await insertShifts(
        trx,
        fields.shifts.map((s) => ({ driver_id: driverId, region_id: fields.regionId, starts_at: s.startsAt, ends_at: s.endsAt, created_at: now })),
      );
      const json = shiftListJson({ shifts: rows.map(shiftDocument) });
      await options.inTransaction?.(trx, json);
      return json;
    });
  }

  /** The driver's shifts overlapping [from, until) that the scope sees, by start. */
  async list(driverId: number, q: { from: number; until: number }, scope: ShiftScope): Promise<ShiftDocument[]> {
    await this.requireDriver(driverId);
    const rows = await findShiftsOfDriver(this.d.db, driverId, { ...q, rooftopIds: scope.anyRooftop ? null : scope.rooftopIds });
    return rows.map(shiftDocument);
  }

  async remove(driverId: number, shiftId: number): Promise<void> {
    await this.requireDriver(driverId);
    if (!(await deleteShift(this.d.db, driverId, shiftId))) throw notFound('shift');
  }
}
