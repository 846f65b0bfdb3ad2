// A scenario's document as the API sends it: rendered once per change by the writer that made the
// change (booking, lifecycle transition, edit), stored in that transaction, and read back by
// GET /v1/moves/:id as one row. The rendering from rows stays the one source of truth: a missing
// or differently-addressed stored copy is rendered afresh.
import type { Executor, Transaction } from '../../db/executor.ts';
import fastJson from 'fast-json-stringify';
import type { ScenarioKind } from './kinds/move-kind.ts';
import { MOVE_KINDS, moveKindOf } from './kinds/move-kinds.ts';
import { scenarioDocumentSchema } from './move-document.schema.ts';
import { documentFreshUntil } from '../workflows/records/photo-links.ts';
import { type Links, scenarioDocument, type ScenarioView } from './move-document.ts';
import { findStoredDocumentOfMove, forgetDocumentsNamingDriver, loadScenario, saveScenarioDocument } from './moves.repository.ts';

/** Each kind's document serializer, compiled once from its schema (key order included). */
const serializers = new Map(MOVE_KINDS.map((k) => [k.kind, fastJson(scenarioDocumentSchema(k))]));

export function serializeDocument(kind: ScenarioKind | string, document: Record<string, unknown>): string {
  const serialize = serializers.get(kind as ScenarioKind);
  if (!serialize) throw new Error(`unknown scenario kind ${kind}`);
  return serialize(document);
}

export function renderScenarioDocument(view: ScenarioView, links: Links): string {
  const kind = moveKindOf(view.scenario.kind);
  return serializeDocument(kind.kind, scenarioDocument(view, kind, links));
}

/** Whether the scenario's document carries photo links (which expire, so it is stored for a while only). */
const hasPhotos = (view: ScenarioView) => [...view.photos.values()].some((list) => list.some((p) => p.kind === 'photo'));

/**
 * Loads the scenario as the writer's transaction now sees it, renders its document and stores it.
 * Call it after the last write of the change; returns the scenario and its serialized document.
 */
export async function storeScenarioDocument(
  trx: Transaction,
  scenarioId: number,
  links: Links,
): Promise<{ view: ScenarioView; json: string }> {
  const view = await loadScenario(trx, scenarioId, { lockDriverNames: true });
  if (!view) throw new Error(`scenario ${scenarioId} vanished`);
  return { view, json: await storeRenderedDocument(trx, view, links) };
}

/** Renders and stores the document of a scenario the writer already holds in full (a new booking). */
export async function storeRenderedDocument(trx: Executor, view: ScenarioView, links: Links): Promise<string> {
  const json = renderScenarioDocument(view, links);
  const freshUntil = hasPhotos(view) ? documentFreshUntil(links.now) : null;
  await saveScenarioDocument(trx, view.scenario.id, { publicUrl: links.publicUrl, json, freshUntil });
  return json;
}

/**
 * The document of the scenario of a move of these rooftops; undefined when there is no such move.
 * The stored copy is served while its links are long-lived enough; otherwise it is rendered afresh
 * (not stored back: a change committed meanwhile may have stored a newer one).
 */
export async function readDocumentOfMove(db: Executor, moveId: number, rooftopIds: number[], links: Links): Promise<string | undefined> {
  const row = await findStoredDocumentOfMove(db, moveId, rooftopIds);
  if (!row) return undefined;
  const fresh = row.fresh_until === null || row.fresh_until > links.now;
  if (row.json !== null && row.public_url === links.publicUrl && fresh) return row.json;
  const view = await loadScenario(db, row.scenario_id);
  return view && renderScenarioDocument(view, links);
}

/**
 * A driver's name changed: forget the stored documents that show it (in the rename's transaction);
 * they are rendered from the rows until their next change. A writer that stores a document reads
 * the names it shows FOR SHARE (LoadOptions.lockDriverNames), so none is stored stale meanwhile.
 */
export function forgetDocumentsOfDriver(trx: Transaction, driverId: number): Promise<void> {
  return forgetDocumentsNamingDriver(trx, driverId);
}
