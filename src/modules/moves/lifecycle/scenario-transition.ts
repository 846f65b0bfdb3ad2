// Every change to a booked scenario goes through here: lock its moves, load them, let the caller
// decide (pure rules), apply the updates, and write one event per affected move carrying the new
// document (stored for GET, see scenario-document.ts) — all in one transaction, so a change and its events are never apart.
import type { Updateable } from 'kysely';
import type { Database } from '../../../db/database.ts';
import type { Executor } from '../../../db/executor.ts';
import { lockScenario } from '../../../db/locks.ts';
import type { MoveTable } from '../../../db/schema.ts';
import type { IdGenerator } from '../../../lib/ids.ts';
import type { EventLog } from '../../events/event-log.ts';
import type { EventType } from '../../events/event-types.ts';
import type { ScenarioView } from '../move-document.ts';
import { storeScenarioDocument } from '../scenario-document.ts';
import { loadScenario, updateMove } from '../moves.repository.ts';

export interface ScenarioChange {
  updates: { moveId: number; values: Updateable<MoveTable> }[];
  /** Events in the order they happen; each is written for every listed move. */
  events: { moveIds: number[]; type: EventType }[];
  /** Further writes in the same transaction (step records, jobs). */
  also?: (trx: Executor) => Promise<void>;
}

export interface TransitionDeps {
  database: Database;
  ids: IdGenerator;
  events: EventLog;
  publicUrl: string;
}

/** Runs `decide` on the locked scenario; returns the scenario after the change, and its document. */
export async function transitionScenario(
  deps: TransitionDeps,
  scenarioId: number,
  now: number,
  decide: (view: ScenarioView) => ScenarioChange | Promise<ScenarioChange>,
): Promise<{ view: ScenarioView; json: string }> {
  return deps.database.db.transaction().execute(async (trx) => {
    await lockScenario(trx, deps.database.dialect, scenarioId);
    const before = await loadScenario(trx, scenarioId);
    if (!before) throw new Error(`scenario ${scenarioId} vanished`);
    const change = await decide(before);
    for (const u of change.updates) await updateMove(trx, u.moveId, { ...u.values, updated_at: now });
    await change.also?.(trx);
    const { view: after, json } = await storeScenarioDocument(trx, deps.database.dialect, scenarioId, deps.publicUrl);
    for (const e of change.events) {
      const moves = after.moves.filter((m) => e.moveIds.includes(m.id));
      await deps.events.append(trx, { moves, type: e.type, data: json, now, context: { view: after } });
    }
    return { view: after, json };
  });
}
