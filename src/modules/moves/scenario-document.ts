// A scenario's document as the API sends it: rendered once per change by the writer that made the
// change (booking, lifecycle transition, edit), stored in that transaction, and read back by
// GET /v1/moves/:id as one row. The rendering from rows stays the one source of truth: a missing
// or differently-addressed stored copy is rendered afresh.
import type { Dialect } from '../../db/database.ts';
import type { Executor } from '../../db/executor.ts';
import { moveTypeOf, serializeDocument } from './booking/move-types.ts';
import { scenarioDocument, type ScenarioView } from './move-document.ts';
import { findStoredDocumentOfMove, loadScenario, saveScenarioDocument } from './moves.repository.ts';

export function renderScenarioDocument(view: ScenarioView, publicUrl: string): string {
  const type = moveTypeOf(view.scenario.kind);
  return serializeDocument(type.kind, scenarioDocument(view, type, publicUrl));
}

/**
 * Loads the scenario as the writer's transaction now sees it, renders its document and stores it.
 * Call it after the last write of the change; returns the scenario and its serialized document.
 */
export async function storeScenarioDocument(
  trx: Executor,
  dialect: Dialect,
  scenarioId: number,
  publicUrl: string,
): Promise<{ view: ScenarioView; json: string }> {
  const view = await loadScenario(trx, scenarioId, { lockDriverNames: dialect === 'postgres' });
  if (!view) throw new Error(`scenario ${scenarioId} vanished`);
  return { view, json: await storeRenderedDocument(trx, view, publicUrl) };
}

/** Renders and stores the document of a scenario the writer already holds in full (a new booking). */
export async function storeRenderedDocument(trx: Executor, view: ScenarioView, publicUrl: string): Promise<string> {
  const json = renderScenarioDocument(view, publicUrl);
  await saveScenarioDocument(trx, view.scenario.id, publicUrl, json);
  return json;
}

/** The document of the scenario of a move of these rooftops; undefined when there is no such move. */
export async function readDocumentOfMove(
  db: Executor,
  moveId: number,
  rooftopIds: number[],
  publicUrl: string,
): Promise<string | undefined> {
  const row = await findStoredDocumentOfMove(db, moveId, rooftopIds);
  if (!row) return undefined;
  if (row.json !== null && row.public_url === publicUrl) return row.json;
  const view = await loadScenario(db, row.scenario_id);
  return view && renderScenarioDocument(view, publicUrl);
}
