// Reading and writing a move's inspection slots (spec §10.2, §10.4): the dealer's and the driver's
// views of a slot's workflow, the dealer's PATCH of server-editable steps, the driver's PATCH and
// condition report. Every write is a locked scenario transition (scenario-transition.ts), so the
// stored document and any event are written with it.
import type { Database } from '../../../db/database.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError, moveNotFound } from '../../../lib/errors.ts';
import type { IdGenerator } from '../../../lib/ids.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import type { EventLog } from '../../events/event-log.ts';
import { findScenarioIdOfDriverMove } from '../../moves/lifecycle/lifecycle.repository.ts';
import type { ScenarioView } from '../../moves/move-document.ts';
import { findScenarioIdOfMove, loadScenario } from '../../moves/moves.repository.ts';
import { type ScenarioChange, transitionScenario } from '../../moves/scenario-transition.ts';
import type { MoveRow, MoveSlotRow } from '../../../db/schema.ts';
import { applyDataWrite, type Writer } from '../definitions/data-writes.ts';
import { type PriorDamage, priorDamagesOf } from '../definitions/prior-damages.ts';
import { findPriorDeliveryOfMove } from '../records/slots.repository.ts';
import { type SlotState, slotState, writeRefusal } from '../definitions/slot-rules.ts';
import type { Slot } from '../definitions/workflow-step.ts';
import { driverWorkflowDocument, driverWorkflowJson, slotDataJson, workflowDocument, workflowJson } from './workflow-document.ts';

export interface InspectionDeps {
  database: Database;
  clock: Clock;
  ids: IdGenerator;
  events: EventLog;
  publicUrl: string;
}

/** Who reads or writes: a client of the move's rooftops, or the move's driver. */
export type Inspector = { auth: AuthContext } | { driverId: number };

/** One slot of one move, as loaded under the caller's scope. */
interface SlotAt {
  view: ScenarioView;
  move: MoveRow;
  row: MoveSlotRow;
  state: SlotState;
}

export class InspectionService {
  constructor(private readonly deps: InspectionDeps) {}

  /** The scenario of a move the caller may see; move_invalid (404) for any other. */
  async scenarioOf(who: Inspector, moveId: number): Promise<number> {
    const { db } = this.deps.database;
    const id =
      'driverId' in who ? await findScenarioIdOfDriverMove(db, moveId, who.driverId) : await findScenarioIdOfMove(db, moveId, who.auth.rooftopIds);
    if (id === undefined) throw moveNotFound();
    return id;
  }

  /** GET /v1/moves/:id/workflows/:slot. */
  async workflow(who: Inspector, moveId: number, slot: Slot): Promise<string> {
    const at = slotIn(await this.load(who, moveId), moveId, slot);
    return workflowJson(workflowDocument(at.row, at.move));
  }

  /** GET /v1/driver/moves/:id/workflows/:slot: the steps, their values, the photos and what is missing. */
  async driverWorkflow(driverId: number, moveId: number, slot: Slot): Promise<string> {
    const at = slotIn(await this.load({ driverId }, moveId), moveId, slot);
    return this.driverJson(withPrior(at, await this.priorDamages(moveId, slot)));
  }

  /** PATCH /v1/moves/:id/workflows/:slot/data: server-editable steps; answers the slot's whole data. */
  async patchAsServer(auth: AuthContext, moveId: number, slot: Slot, patch: Record<string, unknown>): Promise<string> {
    const at = await this.write({ auth }, moveId, slot, patch, 'server');
    return slotDataJson(at.state.data);
  }

  /** PATCH /v1/driver/moves/:id/workflows/:slot/data, and the condition report (`fieldOf` names its fields). */
  async patchAsDriver(driverId: number, moveId: number, slot: Slot, patch: Record<string, unknown>, fieldOf?: (key: string) => string): Promise<string> {
    return this.driverJson(await this.write({ driverId }, moveId, slot, patch, 'driver', fieldOf));
  }

  /**
   * PUT /v1/driver/moves/:id/condition/:slot: each report field writes its step (`fields`: field →
   * step id); a field left out clears its step, where the workflow has it. Unknown fields are
   * ignored (spec §2); problems name the report's fields.
   */
  async putCondition(driverId: number, moveId: number, slot: Slot, body: Record<string, unknown>, fields: Record<string, string>): Promise<string> {
    const stepIds = new Set((await this.slotSteps({ driverId }, moveId, slot)).map((s) => s.id));
    const patch: Record<string, unknown> = {};
    const fieldOfStep = new Map<string, string>();
    for (const [field, stepId] of Object.entries(fields)) {
      if (!(field in body) && !stepIds.has(stepId)) continue;
      patch[stepId] = body[field] ?? null;
      fieldOfStep.set(stepId, field);
    }
    return this.patchAsDriver(driverId, moveId, slot, patch, (key) => fieldOfStep.get(key) ?? key);
  }

  /** The vehicle's prior damages the driver reviews at pickup (spec §10.4); none to review at delivery. */
  private async priorDamages(moveId: number, slot: Slot): Promise<PriorDamage[] | undefined> {
    if (slot !== 'pickup') return undefined;
    return priorDamagesOf(await findPriorDeliveryOfMove(this.deps.database.db, moveId));
  }

  private async slotSteps(who: Inspector, moveId: number, slot: Slot) {
    return slotIn(await this.load(who, moveId), moveId, slot).state.steps;
  }

  private driverJson(at: SlotAt): string {
    const links = { publicUrl: this.deps.publicUrl, now: this.deps.clock.now() };
    return driverWorkflowJson(driverWorkflowDocument(at.row, at.move, at.state, at.view.photos.get(at.move.id) ?? [], links));
  }

  private async load(who: Inspector, moveId: number): Promise<ScenarioView> {
    const view = await loadScenario(this.deps.database.db, await this.scenarioOf(who, moveId));
    if (!view) throw moveNotFound();
    return view;
  }

  private async write(who: Inspector, moveId: number, slot: Slot, patch: Record<string, unknown>, writer: Writer, fieldOf?: (key: string) => string): Promise<SlotAt> {
    const now = this.deps.clock.now();
    const scenarioId = await this.scenarioOf(who, moveId);
    const prior = writer === 'driver' ? await this.priorDamages(moveId, slot) : undefined;
    const { view } = await transitionScenario(this.deps, scenarioId, now, (locked) => {
      const at = withPrior(slotIn(locked, moveId, slot), prior);
      if ('driverId' in who && at.move.driver_id !== who.driverId) throw moveNotFound();
      refuseWrite(at, patch, writer);
      const { problems, data } = applyDataWrite(at.state, patch, writer, fieldOf);
      if (problems.length) throw new ApiError('workflow_data_invalid', problems[0]!.message, problems);
      // The same values again change nothing and say nothing (a retried PATCH or PUT).
      const json = JSON.stringify(data);
      if (json === at.row.data) return { updates: [], events: [] } satisfies ScenarioChange;
      const change: ScenarioChange = {
        updates: [],
        slots: [{ moveId, slot, values: { data: json } }],
        // The dealer's write is news to their systems; the driver's is progress, reported when the slot is signed.
        events: writer === 'server' ? [{ moveIds: [moveId], type: 'move.updated' }] : [],
      };
      return change;
    });
    return withPrior(slotIn(view, moveId, slot), prior);
  }
}

/** The slot with the prior damages its driver reviews (when they were looked up). */
function withPrior(at: SlotAt, priorDamages: PriorDamage[] | undefined): SlotAt {
  return priorDamages ? { ...at, state: { ...at.state, priorDamages } } : at;
}

/** The slot of a move in its loaded scenario; a move booked before inspections has none (404). */
function slotIn(view: ScenarioView, moveId: number, slot: Slot): SlotAt {
  const move = view.moves.find((m) => m.id === moveId);
  const row = view.slots.get(moveId)?.find((s) => s.slot === slot);
  if (!move) throw moveNotFound();
  if (!row) throw new ApiError('not_found', `move ${moveId} was booked before inspections and has no ${slot} workflow`);
  return { view, move, row, state: slotState(row, view.photos.get(moveId) ?? []) };
}

/**
 * 409 move_not_modifiable when this writer may not write now. A signed slot stays writable for the
 * dealer's gate steps until the step they gate is recorded: a loaner's `consumer-info-complete`
 * may arrive after its pickup was signed, and must, for its delivery to start.
 */
function refuseWrite(at: SlotAt, patch: Record<string, unknown>, writer: Writer): void {
  const refusal = writeRefusal(at.state, at.move, writer);
  if (!refusal) return;
  const openGates = (key: string) => {
    const gate = at.state.steps.find((s) => s.id === key)?.config.gate;
    return gate !== undefined && at.move[gate] === null;
  };
  const signedOnly = at.state.signedAt !== null && writeRefusal({ ...at.state, signedAt: null }, at.move, writer) === null;
  if (writer === 'server' && signedOnly && Object.keys(patch).length > 0 && Object.keys(patch).every(openGates)) return;
  throw new ApiError('move_not_modifiable', refusal);
}
