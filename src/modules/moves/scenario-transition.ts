// Every change to a booked scenario goes through here — dispatch, driver steps, cancelation, edits:
// lock its moves, load them, let the caller decide (pure rules), apply the updates, reprice the
// charges from the moves' facts (charge.updated for those that changed), and write one
// event per affected move carrying the new document (stored for GET, see scenario-document.ts) — all
// in one transaction, so a change, its events and the caller's own extra writes are never apart.
import type { Database } from '../../db/database.ts';
import { writersAreSerialized } from '../../db/engine.ts';
import type { Transaction } from '../../db/executor.ts';
import { lockScenario } from '../../db/locks.ts';
import type { MoveRow, MoveSlotRow, ScenarioRow } from '../../db/schema.ts';
import type { IdGenerator } from '../../lib/ids.ts';
import type { EventLog } from '../events/event-log.ts';
import type { EventType } from '../events/event-types.ts';
import type { ScenarioView } from './move-document.ts';
import { storeRenderedDocument } from './scenario-document.ts';
import { findDriverNames, loadScenario, updateMove, updateScenario } from './moves.repository.ts';
import { updateSlot } from '../workflows/records/slots.repository.ts';
import { repriceCharges } from '../billing/charges/charge-reprice.ts';

export interface ScenarioChange {
  /** Plain column values (no SQL expressions): the scenario after the change is derived from them. */
  updates: { moveId: number; values: MoveValues }[];
  /** Plain values for the scenario's own row (an edit's ready_by and what follows from it). */
  scenario?: ScenarioValues;
  /** Plain values for moves' inspection slots (signing one), applied like `updates`. */
  slots?: { moveId: number; slot: string; values: SlotValues }[];
  /**
   * Events in the order they happen; each is written for every listed move. `data` makes an
   * event's data from the document (default: the document itself).
   */
  events: { moveIds: number[]; type: EventType; data?: (document: string) => string }[];
  /** Further writes in the same transaction (step records, jobs). */
  also?: (trx: Transaction) => Promise<void>;
}

export interface TransitionDeps {
  database: Database;
  ids: IdGenerator;
  events: EventLog;
  publicUrl: string;
}

/** The scenario after a change, and its document as stored and sent. */
export interface Transitioned {
  view: ScenarioView;
  json: string;
}

/**
 * Runs `decide` on the locked scenario; returns the scenario after the change, and its document.
 * `inTransaction` runs last, in the same transaction, with that result (the caller's answer is
 * stored there: see db/executor.ts's AlsoInTransaction).
 */
export async function transitionScenario(
  deps: TransitionDeps,
  scenarioId: number,
  now: number,
  decide: (view: ScenarioView) => ScenarioChange | Promise<ScenarioChange>,
  inTransaction?: (trx: Transaction, after: Transitioned) => Promise<void>,
): Promise<Transitioned> {
  return deps.database.db.transaction().execute((trx) => transitionScenarioIn(trx, deps, scenarioId, now, decide, inTransaction));
}

/**
 * transitionScenario in the caller's transaction: a change that must commit with writes of another
 * scenario (a reschedule marks its original in the transaction that books the new one).
 */
export async function transitionScenarioIn(
  trx: Transaction,
  deps: Omit<TransitionDeps, 'database'>,
  scenarioId: number,
  now: number,
  decide: (view: ScenarioView) => ScenarioChange | Promise<ScenarioChange>,
  inTransaction?: (trx: Transaction, after: Transitioned) => Promise<void>,
): Promise<Transitioned> {
  await lockScenario(trx, scenarioId);
  const before = await loadScenario(trx, scenarioId);
  if (!before) throw new Error(`scenario ${scenarioId} vanished`);
  const change = await decide(before);
  for (const u of change.updates) await updateMove(trx, u.moveId, { ...u.values, updated_at: now });
  if (change.scenario) await updateScenario(trx, scenarioId, { ...change.scenario, updated_at: now });
  for (const s of change.slots ?? []) await updateSlot(trx, s.moveId, s.slot, { ...s.values, updated_at: now });
  await change.also?.(trx);
  // The scenario now is the one loaded under the lock with the updates applied: nothing else can
  // have changed it, so it is derived rather than read back (five statements fewer per change).
  // test/api/scenario-documents.test.ts holds this to a fresh read after every kind of change.
  const updated = await withUpdates(trx, before, change, now);
  // The charges follow the move's facts (spec §12.2), adjustments written by `also` included.
  const repriced = await repriceCharges(trx, updated, now);
  const after: ScenarioView = { ...updated, charges: repriced.charges };
  const json = await storeRenderedDocument(trx, after, { publicUrl: deps.publicUrl, now });
  const events: ScenarioChange['events'] = repriced.changed.length ? [...change.events, { moveIds: repriced.changed, type: 'charge.updated' }] : change.events;
  for (const e of events) {
    const moves = after.moves.filter((m) => e.moveIds.includes(m.id));
    await deps.events.append(trx, { moves, type: e.type, data: e.data ? e.data(json) : json, now, context: { view: after } });
  }
  const result = { view: after, json };
  await inTransaction?.(trx, result);
  return result;
}

/** Values a change writes to a move. */
export type MoveValues = Partial<Omit<MoveRow, 'id' | 'scenario_id' | 'rooftop_id' | 'created_at' | 'updated_at'>>;

/** Values a change writes to a move's inspection slot. */
export type SlotValues = Partial<Omit<MoveSlotRow, 'move_id' | 'slot' | 'updated_at'>>;

/** Values a change writes to its scenario. */
export type ScenarioValues = Partial<Omit<ScenarioRow, 'id' | 'rooftop_id' | 'kind' | 'created_at' | 'updated_at'>>;

/**
 * `before` with the updates applied, and its drivers' names. Where writers run side by side
 * (PostgreSQL) those are read again, FOR SHARE, at the end of the change: a concurrent rename
 * (which forgets the stored documents naming that driver) then either waits for this transaction
 * or is seen by it. Not earlier: a driver step updates its driver's row, and two steps of one
 * driver that each held a share lock on it before updating it would deadlock. Where writers are
 * serialized (SQLite) no rename can come between: only new names are read.
 */
async function withUpdates(
  trx: Transaction,
  before: ScenarioView,
  change: Pick<ScenarioChange, 'updates' | 'scenario' | 'slots'>,
  now: number,
): Promise<ScenarioView> {
  const valuesOf = new Map(change.updates.map((u) => [u.moveId, u.values]));
  const moves = before.moves.map((m) => {
    const values = valuesOf.get(m.id);
    return values ? { ...m, ...values, updated_at: now } : m;
  });
  const assigned = [...new Set(moves.flatMap((m) => (m.driver_id === null ? [] : [m.driver_id])))];
  const toRead = writersAreSerialized(trx) ? assigned.filter((id) => !before.driverNames.has(id)) : assigned;
  const driverNames = toRead.length
    ? new Map([...before.driverNames, ...(await findDriverNames(trx, toRead, { lockDriverNames: true }))])
    : before.driverNames;
  const scenario = change.scenario ? { ...before.scenario, ...change.scenario, updated_at: now } : before.scenario;
  return { ...before, scenario, moves, driverNames, slots: withSlotUpdates(before.slots, change.slots ?? [], now) };
}

function withSlotUpdates(slots: Map<number, MoveSlotRow[]>, updates: NonNullable<ScenarioChange['slots']>, now: number) {
  if (!updates.length) return slots;
  const changed = new Map(slots);
  for (const u of updates) {
    changed.set(u.moveId, (changed.get(u.moveId) ?? []).map((row) => (row.slot === u.slot ? { ...row, ...u.values, updated_at: now } : row)));
  }
  return changed;
}
