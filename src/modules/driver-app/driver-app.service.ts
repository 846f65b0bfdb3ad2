// The driver app (role driver): my moves in driving order, my steps, my position (spec §7). A
// driver sees and moves only their own moves; anyone else's is reported as not existing. It reads
// and writes through the lifecycle service and the drivers module, never their tables.
import type { Database } from '../../db/database.ts';
import type { WriteOptions } from '../../db/executor.ts';
import type { Clock } from '../../lib/clock.ts';
import { formatInstant } from '../../lib/instant.ts';
import { recordTrailPosition } from '../drivers/driver-trail.repository.ts';
import { driverMayWork } from '../drivers/drivers.service.ts';
import type { StepInput } from '../moves/lifecycle/lifecycle.repository.ts';
import type { LifecycleService } from '../moves/lifecycle/lifecycle.service.ts';
import { isActiveMove } from '../moves/lifecycle/state-machine.ts';
import { type DriverMove, driverMoveDocument, driverMoveJson, locationAnswerJson } from './driver-move-document.ts';

export interface DriverAppDeps {
  database: Database;
  lifecycle: LifecycleService;
  publicUrl: string;
  clock: Clock;
}

export class DriverAppService {
  constructor(private readonly deps: DriverAppDeps) {}

  private links() {
    return { publicUrl: this.deps.publicUrl, now: this.deps.clock.now() };
  }

  /** Whether the driver may use the app (a deactivated driver may not). */
  mayWork(driverId: number): Promise<boolean> {
    return driverMayWork(this.deps.database, driverId);
  }

  /** My assigned, active moves, in driving order. */
  async myMoves(driverId: number): Promise<DriverMove[]> {
    const views = await this.deps.lifecycle.scenariosOfDriver(driverId);
    return views.flatMap((view) =>
      view.moves
        .filter((m) => m.driver_id === driverId && isActiveMove(m))
        .map((m) => driverMoveDocument(view, m.id, this.links())),
    );
  }

  /** Records the next step of one of my moves; answers with the move as I see it after the step. */
  async step(driverId: number, moveId: number, input: StepInput, options: WriteOptions = {}): Promise<string> {
    let json = '';
    await this.deps.lifecycle.stepAsDriver(driverId, moveId, input, async (trx, after) => {
      json = driverMoveJson(driverMoveDocument(after.view, moveId, this.links()));
      await options.inTransaction?.(trx, json);
    });
    return json;
  }

  /**
   * Where I am now (feeds tracking and the ETA); while I have a move under way, also a point of its
   * trail (the timeline's driver.location), in the transaction that moves my last position.
   */
  async reportPosition(driverId: number, position: { lat: number; lon: number }, options: WriteOptions = {}): Promise<string> {
    let json = '';
    await this.deps.lifecycle.reportPosition(driverId, position, async (trx, at) => {
      await recordTrailPosition(trx, { driverId, lat: position.lat, lon: position.lon, at });
      json = locationAnswerJson({ driver_id: driverId, lat: position.lat, lon: position.lon, located_at: formatInstant(at) });
      await options.inTransaction?.(trx, json);
    });
    return json;
  }
}
