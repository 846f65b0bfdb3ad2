// The charge desk (spec §12.2): what people do to a move's charge — ops add a line, mark a dry run,
// give a discount, resolve a dispute; the dealer disputes. Each is a scenario transition (under the
// scenario's lock, with its document and event in the same transaction): its `also` writes the
// charge row — the adjustments, the lines they make, the dispute columns. The transition's repricing
// then reads the row back into the document and, the lines being finalCharge's own (see
// charge-desk-rules.ts), finds nothing more to change; the desk sends its own event, since a
// dispute or a resolution changes no line. Nothing is written on any error.
import type { ChargeRow } from '../../../db/schema.ts';
import type { Transaction, WriteOptions } from '../../../db/executor.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError, moveNotFound } from '../../../lib/errors.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import type { EventType } from '../../events/event-types.ts';
import type { ScenarioView } from '../../moves/move-document.ts';
import { findScenarioIdOfMove } from '../../moves/moves.repository.ts';
import { type TransitionDeps, transitionScenario } from '../../moves/scenario-transition.ts';
import { renderCharge } from '../charges/charge-document.ts';
import { adjustmentsOf, parseLines } from '../charges/charge-record.ts';
import { CHARGE_STATUSES, EDITABLE } from '../charges/charge-status.ts';
import type { RuleResult } from '../charges/charge-types.ts';
import { findChargeOfMove, updateCharge } from '../charges/charges.repository.ts';
import type { Contract } from '../contracts/contract.ts';
import { findContract } from '../contracts/contracts.repository.ts';
import { type Actor, applyCommand, type DeskAdjustments, type DeskCommand, disputed, type Resolution, resolved, stateRefusal } from './charge-desk-rules.ts';
import { finalInputOf } from '../charges/charge-reprice.ts';
import { finalCharge } from '../charges/charge-lines.ts';
import { chargeAnswerJson } from './charge-desk.schemas.ts';

export interface ChargeDeskDeps extends TransitionDeps {
  clock: Clock;
}

/** The columns a desk action writes. */
type ChargeValues = Partial<Pick<ChargeRow, 'lines' | 'total' | 'adjustments' | 'disputed' | 'dispute_reason'>>;

/** What an action decided: the values, and the statuses the charge must still be in to take them. */
interface Edit {
  values: ChargeValues;
  whereStatus: string[];
}

type Action = (trx: Transaction, row: ChargeRow, view: ScenarioView, actor: Actor) => Promise<Edit>;

const notModifiable = (moveId: number, why: string) => new ApiError('move_not_modifiable', `the charge of move ${moveId} cannot change: ${why}`);
const settled = (moveId: number) =>
  new ApiError('charge_settled', `the charge of move ${moveId} is settled: it is final and can no longer be changed (a dispute is still taken)`);
const noCharge = (moveId: number) =>
  new ApiError(
    'move_not_modifiable',
    `move ${moveId} has no charge: no contract of its rooftop was in force for it when it was booked, so nothing prices it (POST /v1/ops/contracts prices later bookings)`,
  );

function fieldProblem<T>(result: RuleResult<T>): T {
  if (result.ok) return result.value;
  throw ApiError.fromProblems([{ code: 'field_invalid', field: result.field, message: `${result.field} ${result.reason}` }]);
}

export class ChargeDeskService {
  constructor(private readonly deps: ChargeDeskDeps) {}

  /** Ops: a line, a dry run or a discount on the move's charge; answers `{ move_id, charge }`. */
  async addCharge(auth: AuthContext, moveId: number, command: DeskCommand, options: WriteOptions = {}): Promise<string> {
    return this.addChargeOfScenario(await this.scenarioOf(auth, moveId), moveId, command, auth.clientId, options);
  }

  /** addCharge on a scenario already found (the sandbox's add-charge: `by` 'sandbox'). */
  async addChargeOfScenario(scenarioId: number, moveId: number, command: DeskCommand, by: string, options: WriteOptions = {}): Promise<string> {
    return this.act(scenarioId, moveId, by, 'charge.updated', options, async (trx, row, view, actor) => {
      const move = view.moves.find((m) => m.id === moveId)!;
      const refusal = stateRefusal(command, move.cancel_status);
      if (refusal) throw notModifiable(moveId, refusal);
      if (!EDITABLE.includes(row.status)) throw settled(moveId);
      const contract = await contractOf(trx, row);
      const adjustments = fieldProblem(applyCommand(adjustmentsOf(row), command, contract, actor));
      return { values: linesOf(row, adjustments, contract, view, moveId), whereStatus: EDITABLE };
    });
  }

  /** The dealer (or ops): the charge is disputed, settled or not; answers `{ move_id, charge }`. */
  async dispute(auth: AuthContext, moveId: number, reason: string, options: WriteOptions = {}): Promise<string> {
    return this.act(await this.scenarioOf(auth, moveId), moveId, auth.clientId, 'charge.disputed', options, async (_trx, row, _view, actor) => {
      const adjustments = disputed(adjustmentsOf(row), reason, actor);
      // Any status: a dispute changes no line (the invoice holds its amount apart and stays open).
      return { values: { disputed: 1, dispute_reason: reason, adjustments: JSON.stringify(adjustments) }, whereStatus: [...CHARGE_STATUSES] };
    });
  }

  /** Ops: the dispute is over, with a discount or without; dispute_reason stays as its history. */
  async resolve(auth: AuthContext, moveId: number, resolution: Resolution, options: WriteOptions = {}): Promise<string> {
    return this.act(await this.scenarioOf(auth, moveId), moveId, auth.clientId, 'charge.updated', options, async (trx, row, view, actor) => {
      if (row.disputed !== 1) throw notModifiable(moveId, 'it is not disputed');
      const adjustments = resolved(adjustmentsOf(row), row.dispute_reason, resolution, actor);
      if (resolution.discountAmount === null) {
        return { values: { disputed: 0, adjustments: JSON.stringify(adjustments) }, whereStatus: [...CHARGE_STATUSES] };
      }
      if (!EDITABLE.includes(row.status)) throw settled(moveId);
      const move = view.moves.find((m) => m.id === moveId)!;
      const refusal = stateRefusal({ code: 'DISCOUNT' }, move.cancel_status);
      if (refusal) throw notModifiable(moveId, refusal);
      // The discount's problem is the request's discount_amount, not the line's amount.
      const contract = await contractOf(trx, row);
      const values = renamed('amount', 'discount_amount', () => linesOf(row, adjustments, contract, view, moveId));
      return { values: { ...values, disputed: 0 }, whereStatus: EDITABLE };
    });
  }

  private async scenarioOf(auth: AuthContext, moveId: number): Promise<number> {
    const scenarioId = await findScenarioIdOfMove(this.deps.database.db, moveId, auth.rooftopIds);
    if (scenarioId === undefined) throw moveNotFound();
    return scenarioId;
  }

  /** Runs an action as a transition of the move's scenario; answers the move's charge after it. */
  private async act(scenarioId: number, moveId: number, by: string, type: EventType, options: WriteOptions, action: Action): Promise<string> {
    const now = this.deps.clock.now();
    let answer = '';
    await transitionScenario(
      this.deps,
      scenarioId,
      now,
      (view) => ({
        updates: [],
        events: [{ moveIds: [moveId], type }],
        also: async (trx) => {
          const row = await findChargeOfMove(trx, moveId);
          if (!row) throw noCharge(moveId);
          const { values, whereStatus } = await action(trx, row, view, { by, now });
          const written = { ...values, updated_at: now };
          if (!(await updateCharge(trx, row.id, whereStatus, written))) throw settled(moveId);
        },
      }),
      async (trx, after) => {
        answer = chargeAnswerJson(moveId, renderCharge(after.view.charges?.get(moveId) ?? null));
        await options.inTransaction?.(trx, answer);
      },
    );
    return answer;
  }
}

/** The contract that priced the charge (contracts are never edited: a new price is a new contract). */
async function contractOf(trx: Transaction, row: ChargeRow): Promise<Contract> {
  const contract = await findContract(trx, row.contract_id);
  if (!contract) throw new Error(`charge ${row.id}: contract ${row.contract_id} vanished`);
  return contract;
}

/**
 * The lines and total the adjustments make — finalCharge over the move's facts, exactly as the
 * transition's repricing computes them, so it finds nothing more to change — with the adjustments
 * themselves; a discount above the charge before it is field_invalid.
 */
function linesOf(row: ChargeRow, adjustments: DeskAdjustments, contract: Contract, view: ScenarioView, moveId: number): ChargeValues {
  const move = view.moves.find((m) => m.id === moveId)!;
  const charge = fieldProblem(finalCharge(finalInputOf(row, adjustments, contract, move, view.slots.get(moveId))));
  return { adjustments: JSON.stringify(adjustments), lines: JSON.stringify(charge.lines), total: charge.total };
}

/** `run`, its problem at `from` reported at `to` instead (the same rule, under the request's own field name). */
function renamed<T>(from: string, to: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    throw ApiError.fromProblems(err.problems.map((p) => (p.field === from ? { ...p, field: to, message: p.message.replace(from, to) } : p)));
  }
}
