// Runs a sandbox sequence as a chain of durable jobs, one lifecycle action each, `interval` ms
// apart. The actions are the real ones (events, webhooks, SMS all follow), and each job enqueues
// the next in the database, so a restart resumes the sequence where it was.
import type { Database } from '../../db/database.ts';
import type { WriteOptions } from '../../db/executor.ts';
import { PermanentJobError } from '../../jobs/worker.ts';
import { enqueue, enqueueAlone } from '../../jobs/job-queue.ts';
import type { Clock } from '../../lib/clock.ts';
import { ApiError, moveNotFound } from '../../lib/errors.ts';
import type { IdGenerator } from '../../lib/ids.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { LifecycleService } from '../moves/lifecycle/lifecycle.service.ts';
import { cancelOutcome, STATUS_OF_STEP, statusRank } from '../moves/lifecycle/state-machine.ts';
import { findScenarioIdOfMove, loadScenario } from '../moves/moves.repository.ts';
import type { ScenarioView } from '../moves/move-document.ts';
import { moveKindOf } from '../moves/kinds/move-kinds.ts';
import { RESCHEDULED } from '../moves/move-statuses.ts';
import { timeFieldOf } from '../scheduling/reschedule/reschedule-rules.ts';
import type { RescheduleCommand, RescheduleService } from '../scheduling/reschedule/reschedule.service.ts';
import { sandboxDriverId } from './sandbox-driver.ts';
import { ADD_CHARGE, type PlannedSequence, SANDBOX_RESCHEDULE, type SandboxAction, sandboxPlan } from './sandbox-plan.ts';
import type { DeskCommand } from '../billing/charge-desk/charge-desk-rules.ts';
import type { ChargeDeskService } from '../billing/charge-desk/charge-desk.service.ts';
import { mockAnswerJson } from './sandbox.schemas.ts';
import { completeDealerSteps, fillSlot, type SandboxInspectors } from './sandbox-inspection.ts';

export const SANDBOX_STEP_JOB = 'sandbox.step';

export interface SandboxJob {
  runId: string;
  scenarioId: number;
  driverId: number;
  actions: SandboxAction[];
  index: number;
  interval: number;
}

export class SandboxService {
  constructor(
    private readonly deps: {
      database: Database;
      clock: Clock;
      ids: IdGenerator;
      lifecycle: LifecycleService;
      reschedule: RescheduleService;
      chargeDesk: ChargeDeskService;
    } & SandboxInspectors,
  ) {}

  /**
   * add-charge (doc: accessorialCode and amount): the charge desk's change, made at once and by
   * 'sandbox' — on a move at any stage, since a charge changes until it is settled. Its problems
   * (no charge, settled, a discount above the charge) are this answer's, not a stopped job's.
   */
  async addCharge(auth: AuthContext, moveId: number, command: DeskCommand, interval: number, options: WriteOptions = {}): Promise<string> {
    const scenarioId = await findScenarioIdOfMove(this.deps.database.db, moveId, auth.rooftopIds);
    if (scenarioId === undefined) throw moveNotFound();
    const json = mockAnswerJson({ move_id: moveId, sequence: ADD_CHARGE, interval, actions: 1 });
    await this.deps.chargeDesk.addChargeOfScenario(scenarioId, moveId, command, 'sandbox', {
      inTransaction: async (trx) => options.inTransaction?.(trx, json),
    });
    return json;
  }

  /** Queues the sequence's first step; answers `{move_id, sequence, interval, actions}`, serialized. */
  async start(auth: AuthContext, moveId: number, sequence: PlannedSequence, interval: number, options: WriteOptions = {}): Promise<string> {
    const { database, clock, ids } = this.deps;
    const scenarioId = await findScenarioIdOfMove(database.db, moveId, auth.rooftopIds);
    if (scenarioId === undefined) throw moveNotFound();
    const view = (await loadScenario(database.db, scenarioId))!;
    const started = view.moves.find((m) => m.status !== null || m.cancel_status !== null);
    if (started) {
      throw new ApiError('move_not_modifiable', `sandbox sequences start from a new booking; move ${started.id} has moved on`);
    }
    const driverId = await sandboxDriverId(database, { clock, ids });
    const actions = sandboxPlan(sequence, view, moveId);
    const job: SandboxJob = { runId: ids.token(8), scenarioId, driverId, actions, index: 0, interval };
    const now = clock.now();
    const rooftopId = view.scenario.rooftop_id;
    const json = mockAnswerJson({ move_id: moveId, sequence, interval, actions: actions.length });
    await database.db.transaction().execute(async (trx) => {
      await enqueue(trx, { kind: SANDBOX_STEP_JOB, payload: job, runAt: now, now, dedupeKey: `sandbox:${job.runId}:0`, rooftopId });
      await options.inTransaction?.(trx, json);
    });
    return json;
  }

  /** The job: perform one action (skipped when a previous run of this job already did it), queue the next. */
  async runStep(job: SandboxJob): Promise<void> {
    const { database, clock, lifecycle } = this.deps;
    const action = job.actions[job.index];
    if (!action) return;
    const view = (await loadScenario(database.db, job.scenarioId))!;
    if (!alreadyDone(action, view, job.driverId)) {
      try {
        await perform({ ...this.deps, lifecycle }, action, job, view);
      } catch (err) {
        // The booking went its own way (canceled by the dealer, dispatched elsewhere): stop here.
        if (err instanceof ApiError) throw new PermanentJobError(`sandbox sequence stopped: ${err.message}`);
        throw err;
      }
    }
    const next = job.index + 1;
    if (next >= job.actions.length) return;
    const now = clock.now();
    await enqueueAlone(database.db, {
      kind: SANDBOX_STEP_JOB,
      payload: { ...job, index: next },
      runAt: now + job.interval,
      now,
      dedupeKey: `sandbox:${job.runId}:${next}`,
      rooftopId: view.scenario.rooftop_id,
    });
  }
}

async function perform(
  deps: SandboxInspectors & { lifecycle: LifecycleService; reschedule: RescheduleService; clock: Clock },
  action: SandboxAction,
  job: SandboxJob,
  view: ScenarioView,
): Promise<unknown> {
  const { lifecycle } = deps;
  switch (action.kind) {
    case 'inspect':
      await fillSlot(deps, job.driverId, action.moveId, action.slot, { lat: action.lat, lon: action.lon, now: deps.clock.now() });
      return completeDealerSteps(deps, view.scenario.rooftop_id, action.moveId);
    case 'dispatch':
      return lifecycle.dispatchScenario(job.scenarioId, job.driverId);
    case 'step':
      return lifecycle.stepAsDriver(job.driverId, action.moveId, {
        step: action.step,
        lat: action.lat,
        lon: action.lon,
        odometer: null,
        fuelLevel: null,
        notes: 'sandbox',
      });
    case 'cancel':
      return lifecycle.requestCancelOfScenario(job.scenarioId);
    case 'decide':
      return lifecycle.decide(job.scenarioId, 'sandbox', cancelOutcome);
    case 'reschedule':
      return deps.reschedule.rescheduleScenario(job.scenarioId, view.moves[0]!.id, nextDay(view, action.reason), 'sandbox');
  }
}

/**
 * The scenario a day later, same time, by the time its kind is booked by. Forced: a sandbox has no
 * drivers' shifts to fit (the capacity rule is shown by the endpoint itself).
 */
function nextDay(view: ScenarioView, reason: string): RescheduleCommand {
  const field = timeFieldOf(moveKindOf(view.scenario.kind));
  const at = field === 'appointment_time_utc' ? view.scenario.appointment_time! : view.scenario.ready_by_time;
  return { time: { field, ms: at + SANDBOX_RESCHEDULE.laterMs }, reason, force: true };
}

/** Whether the action's effect is already there (a job that ran before a crash, before it was marked done). */
function alreadyDone(action: SandboxAction, view: ScenarioView, driverId: number): boolean {
  switch (action.kind) {
    case 'dispatch':
      return view.moves.every((m) => m.driver_id === driverId && m.status !== null);
    case 'step': {
      const move = view.moves.find((m) => m.id === action.moveId)!;
      return statusRank(move.status) >= statusRank(STATUS_OF_STEP[action.step]);
    }
    case 'inspect': {
      // Done once the slot is signed (its step recorded); until then filling it again adds nothing new.
      const slot = view.slots.get(action.moveId)?.find((s) => s.slot === action.slot);
      return slot?.signed_at !== null && slot?.signed_at !== undefined;
    }
    case 'cancel':
      return view.moves.some((m) => m.cancel_status !== null);
    case 'decide':
      return !view.moves.some((m) => m.cancel_status === 'pending');
    case 'reschedule':
      return view.moves.some((m) => m.cancel_status === RESCHEDULED);
  }
}
