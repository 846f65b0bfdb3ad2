// Dispatch, driver steps and cancelation (spec §7), each one locked scenario transition; and what
// the driver app reads and reports (a driver's scenarios, their position). The methods an endpoint
// answers with take WriteOptions: the caller's writes (its stored answer) join the transaction.
import type { Transaction, WriteOptions } from '../../../db/executor.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError, moveNotFound } from '../../../lib/errors.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import { enqueue } from '../../../jobs/job-queue.ts';
import { findDriver } from '../../drivers/drivers.repository.ts';
import type { ScenarioView } from '../move-document.ts';
import { findScenarioIdOfMove, loadScenarios } from '../moves.repository.ts';
import { cancelationAnswerJson, cancelationPreviewJson } from './lifecycle.schemas.ts';
import { previewCancelation } from '../../billing/charges/cancel-preview.ts';
import { renderBasis } from '../../billing/charges/charge-document.ts';
import { renderCents } from '../../../lib/money.ts';
import { inspectionChange } from './inspection-change.ts';
import { priorDamagesOf } from '../../workflows/definitions/prior-damages.ts';
import { findPriorDeliveryOfMove } from '../../workflows/records/slots.repository.ts';
import { findCancelStatesOfScenario, findDriverScenarioIds, findScenarioIdOfDriverMove, recordStep, type StepInput, updateDriverPosition } from './lifecycle.repository.ts';
import { type MoveValues, type Transitioned, transitionScenario, type TransitionDeps } from '../scenario-transition.ts';
import {
  cancelOutcome,
  checkCancelDecision,
  checkCancelRequest,
  checkDispatch,
  checkStep,
  EVENT_OF_OUTCOME,
  EVENT_OF_STEP,
  STATUS_OF_STEP,
  type CancelOutcome,
  type Verdict,
} from './state-machine.ts';

export const CANCEL_DECIDE_JOB = 'cancel.decide';

export interface LifecycleDeps extends TransitionDeps {
  clock: Clock;
  /** How long a cancelation stays pending (the ops desk's window to decide) before the rule does. */
  cancelDecisionDelayMs: number;
}

const refuse = (v: Verdict, what: string) => {
  if (!v.ok) throw new ApiError('move_not_modifiable', `${what}: ${v.reason}`);
};

/** The transition's last step for an endpoint answering with the scenario's document. */
const answeringWithDocument = (options: WriteOptions) =>
  options.inTransaction && ((trx: Transaction, after: Transitioned) => options.inTransaction!(trx, after.json));

export class LifecycleService {
  constructor(private readonly deps: LifecycleDeps) {}

  private async scenarioOf(moveId: number, rooftopIds: number[]): Promise<number> {
    const id = await findScenarioIdOfMove(this.deps.database.db, moveId, rooftopIds);
    if (id === undefined) throw moveNotFound();
    return id;
  }

  /** Ops: give every move of the move's scenario to one driver. */
  async dispatch(auth: AuthContext, moveId: number, driverId: number, options: WriteOptions = {}): Promise<string> {
    return this.dispatchScenario(await this.scenarioOf(moveId, auth.rooftopIds), driverId, options);
  }

  async dispatchScenario(scenarioId: number, driverId: number, options: WriteOptions = {}): Promise<string> {
    const now = this.deps.clock.now();
    const driver = await findDriver(this.deps.database.db, driverId);
    const driverProblem = (message: string) =>
      ApiError.fromProblems([{ code: 'field_invalid', field: 'driver_id', message }]);
    if (!driver) throw driverProblem(`driver ${driverId} does not exist`);
    if (!driver.active) throw driverProblem(`driver ${driverId} is not active`);

    const { json } = await transitionScenario(this.deps, scenarioId, now, (view) => {
      refuse(checkDispatch(view.moves), 'cannot dispatch');
      const manual = view.moves.find((m) => m.vehicle_manual === 1);
      if (manual && !driver.can_drive_manual) {
        throw driverProblem(`move ${manual.id} has a manual vehicle and driver ${driverId} does not drive manual`);
      }
      const changed = view.moves.filter((m) => m.driver_id !== driverId || m.status === null);
      return {
        updates: changed.map((m) => ({
          moveId: m.id,
          values: {
            driver_id: driverId,
            status: m.status ?? 'dispatched',
            tracking_token: m.tracking_token ?? this.deps.ids.token(18),
          },
        })),
        // Re-dispatching to the same driver changes nothing and says nothing.
        events: changed.length ? [{ moveIds: changed.map((m) => m.id), type: 'move.dispatched' }] : [],
      };
    }, answeringWithDocument(options));
    return json;
  }

  /**
   * Driver: record the next step of one of my moves. `inTransaction` gets the scenario after the
   * step (the driver app renders its own answer from it).
   */
  async stepAsDriver(
    driverId: number,
    moveId: number,
    input: StepInput,
    inTransaction?: (trx: Transaction, after: Transitioned) => Promise<void>,
  ): Promise<ScenarioView> {
    const now = this.deps.clock.now();
    const scenarioId = await findScenarioIdOfDriverMove(this.deps.database.db, moveId, driverId);
    if (scenarioId === undefined) throw moveNotFound();
    // The vehicle's prior damages, to be reviewed before the pickup completes (spec §10.4); other moves' rows, read before the lock.
    const prior = input.step === 'pickup_successful' ? priorDamagesOf(await findPriorDeliveryOfMove(this.deps.database.db, moveId)) : undefined;
    const { view: after } = await transitionScenario(this.deps, scenarioId, now, (view) => {
      const move = view.moves.find((m) => m.id === moveId)!;
      if (move.driver_id !== driverId) throw moveNotFound();
      refuse(checkStep(view.moves, move, input.step), `cannot record ${input.step}`);
      const inspection = inspectionChange(view, move, input.step, now, prior);
      return {
        updates: [{ moveId, values: { status: STATUS_OF_STEP[input.step], [input.step]: now } as MoveValues }],
        slots: inspection.slots,
        events: [{ moveIds: [moveId], type: EVENT_OF_STEP[input.step] }, ...(inspection.events ?? [])],
        also: (trx) => recordStep(trx, { moveId, driverId, input, now }),
      };
    }, inTransaction);
    return after;
  }

  /** Driver: where I am now; `inTransaction` gets the instant recorded. Returns that instant. */
  async reportPosition(
    driverId: number,
    position: { lat: number; lon: number },
    inTransaction?: (trx: Transaction, at: number) => Promise<void>,
  ): Promise<number> {
    const now = this.deps.clock.now();
    await this.deps.database.db.transaction().execute(async (trx) => {
      await updateDriverPosition(trx, driverId, position.lat, position.lon, now);
      await inTransaction?.(trx, now);
    });
    return now;
  }

  /** The scenarios a driver still has active moves in, soonest first. */
  async scenariosOfDriver(driverId: number): Promise<ScenarioView[]> {
    const ids = await findDriverScenarioIds(this.deps.database.db, driverId);
    const views = await loadScenarios(this.deps.database.db, ids);
    return ids.map((id) => views.get(id)!);
  }

  /** Dealer: ask to cancel the move's scenario (a pair always together); answers `{move_id, cancel_status}`. */
  async requestCancel(auth: AuthContext, moveId: number, options: WriteOptions = {}): Promise<string> {
    const json = cancelationAnswerJson({ move_id: moveId, cancel_status: 'pending' });
    const also = options.inTransaction;
    await this.requestCancelOfScenario(await this.scenarioOf(moveId, auth.rooftopIds), also && ((trx) => also(trx, json)));
    return json;
  }

  /**
   * Dealer: what canceling the move's scenario now would cost (dry_run), refused exactly as the
   * request would be. Reads only: no lock, no row, no event.
   */
  async previewCancel(auth: AuthContext, moveId: number): Promise<string> {
    const db = this.deps.database.db;
    const moves = await findCancelStatesOfScenario(db, await this.scenarioOf(moveId, auth.rooftopIds));
    refuse(checkCancelRequest(moves), 'cannot cancel');
    const price = await previewCancelation(db, moves);
    return cancelationPreviewJson({ move_id: moveId, cancel_status_if_now: price.outcome, fee: renderCents(price.fee), basis: renderBasis(price.basis) });
  }

  async requestCancelOfScenario(scenarioId: number, inTransaction?: (trx: Transaction) => Promise<void>): Promise<void> {
    const now = this.deps.clock.now();
    await transitionScenario(this.deps, scenarioId, now, (view) => {
      refuse(checkCancelRequest(view.moves), 'cannot cancel');
      const ids = view.moves.map((m) => m.id);
      return {
        updates: ids.map((id) => ({ moveId: id, values: { cancel_status: 'pending', cancel_requested_at: now } })),
        events: [{ moveIds: ids, type: 'move.cancel.pending' }],
        also: async (trx) => {
          await enqueue(trx, {
            kind: CANCEL_DECIDE_JOB,
            payload: { scenarioId },
            runAt: now + this.deps.cancelDecisionDelayMs,
            now,
            dedupeKey: `cancel-decide:${scenarioId}:${now}`,
            rooftopId: view.scenario.rooftop_id,
          });
        },
      };
    }, inTransaction);
  }

  /** Ops: decide a pending cancelation now, overriding the rule. */
  async decideCancel(auth: AuthContext, moveId: number, outcome: CancelOutcome, options: WriteOptions = {}): Promise<string> {
    const { json } = await this.decide(await this.scenarioOf(moveId, auth.rooftopIds), 'ops', () => outcome, options);
    return json;
  }

  /** The job: decide a still-pending cancelation by the rule; a no-op when ops already did. */
  async decideCancelByRule(scenarioId: number): Promise<void> {
    try {
      await this.decide(scenarioId, 'rule', cancelOutcome);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'move_not_modifiable') return;
      throw err;
    }
  }

  decide(scenarioId: number, by: 'rule' | 'ops' | 'sandbox', outcomeOf: typeof cancelOutcome, options: WriteOptions = {}) {
    const now = this.deps.clock.now();
    return transitionScenario(this.deps, scenarioId, now, (view) => {
      refuse(checkCancelDecision(view.moves), 'cannot decide');
      const outcome = outcomeOf(view.moves);
      const ids = view.moves.map((m) => m.id);
      return {
        updates: ids.map((id) => ({
          moveId: id,
          values: { cancel_status: outcome, cancel_decided_at: now, cancel_decided_by: by },
        })),
        events: [{ moveIds: ids, type: EVENT_OF_OUTCOME[outcome] }],
      };
    }, answeringWithDocument(options));
  }
}
