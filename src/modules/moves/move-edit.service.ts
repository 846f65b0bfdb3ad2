// Applies a PATCH in one transaction: lock the scenario's moves, check the state rule, update,
// re-check scheduling when ready_by changes, and write move.updated events with the new document.
import type { Database } from '../../db/database.ts';
import { lockScenario } from '../../db/locks.ts';
import type { Clock } from '../../lib/clock.ts';
import { ApiError, moveNotFound } from '../../lib/errors.ts';
import type { IdGenerator } from '../../lib/ids.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { EventLog } from '../events/event-log.ts';
import { findRooftop } from '../rooftops/rooftops.repository.ts';
import { rooftopCalendar } from '../rooftops/rooftop-calendar.ts';
import { earliestAvailable } from '../scheduling/business-hours.ts';
import { notEditableReason, readMovePatch } from './move-edit.ts';
import { findScenarioIdOfMove, loadScenario, updateMove, updateScenario } from './moves.repository.ts';
import { storeScenarioDocument } from './scenario-document.ts';
import { vinWarningsAt } from './vehicle-fields.ts';

export class MoveEditService {
  constructor(
    private readonly deps: { database: Database; clock: Clock; ids: IdGenerator; events: EventLog; publicUrl: string },
  ) {}

  /** Returns the scenario's document after the change, serialized. */
  async edit(auth: AuthContext, moveId: number, body: Record<string, unknown>): Promise<string> {
    const { database, clock, publicUrl } = this.deps;
    const now = clock.now();
    const scenarioId = await findScenarioIdOfMove(database.db, moveId, auth.rooftopIds);
    if (scenarioId === undefined) throw moveNotFound();

    return database.db.transaction().execute(async (trx) => {
      await lockScenario(trx, scenarioId);
      const before = (await loadScenario(trx, scenarioId))!;
      const move = before.moves.find((m) => m.id === moveId)!;
      const patch = readMovePatch(body, {
        now,
        currentYear: new Date(now).getUTCFullYear(),
        isLoaner: move.role === 'loaner_move',
      });

      // ready_by belongs to the scenario: every move of it must still be editable.
      const affected = patch.readyBy === undefined ? [move] : before.moves;
      for (const m of affected) {
        const reason = notEditableReason(m);
        if (reason) throw new ApiError('move_not_modifiable', `this change is no longer possible: ${reason}`);
      }

      if (Object.keys(patch.columns).length) {
        const vin = patch.columns.vehicle_vin !== undefined ? patch.columns.vehicle_vin : move.vehicle_vin;
        const year = patch.columns.vehicle_year !== undefined ? patch.columns.vehicle_year : move.vehicle_year;
        const warnings = vinWarningsAt(`${move.role}.vehicle.vin`, vin, year);
        await updateMove(trx, move.id, { ...patch.columns, warnings: JSON.stringify(warnings), updated_at: now });
      }
      if (patch.readyBy !== undefined) {
        const rooftop = (await findRooftop(trx, before.scenario.rooftop_id))!;
        const { earliestMs, message } = earliestAvailable(patch.readyBy, rooftopCalendar(rooftop));
        await updateScenario(trx, scenarioId, {
          ready_by_time: patch.readyBy,
          earliest_available_time: earliestMs,
          message,
          updated_at: now,
        });
      }

      const { json } = await storeScenarioDocument(trx, scenarioId, publicUrl);
      await this.deps.events.append(trx, { moves: affected, type: 'move.updated', data: json, now });
      return json;
    });
  }
}
