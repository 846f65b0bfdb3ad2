import { expressionBuilder, type Insertable, sql, type Updateable } from 'kysely';
import type { Executor } from '../../db/executor.ts';
import { forShare } from '../../db/locks.ts';
import type { MoveRow, MoveTable, Schema, ScenarioRow, ScenarioTable } from '../../db/schema.ts';
import { CANCELED_FOR_GOOD, FINISHED_STATUS } from './move-statuses.ts';
import { findLanesByIds } from '../lanes/lanes.repository.ts';
import { findLocationsByIds } from '../locations/locations.repository.ts';
import { findCurrentPhotosOfMoves } from '../workflows/records/photos.repository.ts';
import { findSlotsOfMoves } from '../workflows/records/slots.repository.ts';
import type { MoveContext, ScenarioView } from './move-document.ts';
import { findChargesOfMoves } from '../billing/charges/charges.repository.ts';
import { chargesByMove } from '../billing/charges/charge-record.ts';
import { groupBy } from '../../lib/group-by.ts';

/**
 * The "active move" rule in SQL (move-statuses.ts's isActiveMove over rows): neither finished nor
 * canceled for good. Qualified, so it fits queries that join the moves to other tables.
 */
export const activeMoveCondition = (() => {
  const eb = expressionBuilder<Schema, 'moves'>();
  return eb.and([
    eb.or([eb('moves.status', 'is', null), eb('moves.status', '!=', FINISHED_STATUS)]),
    eb.or([eb('moves.cancel_status', 'is', null), eb('moves.cancel_status', 'not in', [...CANCELED_FOR_GOOD])]),
  ]);
})();

export async function insertScenario(db: Executor, scenario: Insertable<ScenarioTable>): Promise<ScenarioRow> {
  return db.insertInto('scenarios').values(scenario).returningAll().executeTakeFirstOrThrow();
}

/** A scenario's moves in one statement; rows are created, and returned, in cardinality order. */
export async function insertMoves(db: Executor, moves: Insertable<MoveTable>[]): Promise<MoveRow[]> {
  if (!moves.length) return [];
  const rows = await db.insertInto('moves').values(moves).returningAll().execute();
  // RETURNING promises no order.
  return rows.sort((a, b) => a.cardinality - b.cardinality);
}

export interface LoadOptions {
  /**
   * Read the assigned drivers' names FOR SHARE (in a transaction; a no-op where writers are
   * serialized). A writer that stores the document it renders passes it, so a concurrent rename
   * (which forgets the stored documents naming that driver) either waits for this transaction or
   * is seen by it: never a stored stale name.
   */
  lockDriverNames?: boolean;
}

export async function loadScenario(db: Executor, scenarioId: number, options: LoadOptions = {}): Promise<ScenarioView | undefined> {
  return (await loadScenarios(db, [scenarioId], options)).get(scenarioId);
}

/** Several scenarios with everything their documents need, in six queries whatever their number. */
export async function loadScenarios(
  db: Executor,
  scenarioIds: number[],
  options: LoadOptions = {},
): Promise<Map<number, ScenarioView>> {
  if (!scenarioIds.length) return new Map();
  const [scenarios, moves] = await Promise.all([
    findScenarios(db, scenarioIds),
    db
      .selectFrom('moves')
      .selectAll()
      .where('scenario_id', 'in', scenarioIds)
      .orderBy('scenario_id')
      .orderBy('cardinality')
      .execute(),
  ]);
  const shared = await loadRowsOfMoves(db, moves, options);
  const movesOf = new Map<number, MoveRow[]>();
  for (const m of moves) {
    const list = movesOf.get(m.scenario_id);
    if (list) list.push(m);
    else movesOf.set(m.scenario_id, [m]);
  }
  return new Map(scenarios.map((scenario) => [scenario.id, { scenario, moves: movesOf.get(scenario.id) ?? [], ...shared }]));
}

/**
 * The locations, lanes, driver names, inspection slots, photos and charges that these moves'
 * documents point at, in six queries whatever their number. The maps are shared: a document only ever looks
 * up its own move's ids.
 */
export async function loadRowsOfMoves(
  db: Executor,
  moves: MoveRow[],
  options: LoadOptions = {},
): Promise<Omit<MoveContext, 'scenario'>> {
  const driverIds = [...new Set(moves.flatMap((m) => (m.driver_id === null ? [] : [m.driver_id])))];
  const moveIds = moves.map((m) => m.id);
  const [locations, lanes, driverNames, slots, photos, charges] = await Promise.all([
    findLocationsByIds(db, [...new Set(moves.flatMap((m) => [m.pickup_location_id, m.delivery_location_id]))]),
    findLanesByIds(db, [...new Set(moves.map((m) => m.lane_id))]),
    findDriverNames(db, driverIds, options),
    findSlotsOfMoves(db, moveIds),
    findCurrentPhotosOfMoves(db, moveIds),
    findChargesOfMoves(db, moveIds),
  ]);
  return {
    locations: new Map(locations.map((l) => [l.id, l])),
    lanes: new Map(lanes.map((l) => [l.id, l])),
    driverNames,
    slots: groupBy(slots, (r) => r.move_id),
    photos: groupBy(photos, (r) => r.move_id),
    charges: chargesByMove(charges),
  };
}


/** Drivers' names by id (see LoadOptions for the lock). */
export async function findDriverNames(db: Executor, driverIds: number[], options: LoadOptions = {}): Promise<Map<number, string>> {
  if (!driverIds.length) return new Map();
  const rows = await db
    .selectFrom('drivers')
    .select(['id', 'name'])
    .where('id', 'in', driverIds)
    .$if(options.lockDriverNames === true, (q) => q.$call(forShare(db)))
    .execute();
  return new Map(rows.map((d) => [d.id, d.name]));
}

/** Scenarios by id (the rows alone). */
export async function findScenarios(db: Executor, scenarioIds: number[]): Promise<ScenarioRow[]> {
  return scenarioIds.length ? db.selectFrom('scenarios').selectAll().where('id', 'in', scenarioIds).execute() : [];
}

export type DuplicateColumn = 'reference_id' | 'vehicle_stock' | 'vehicle_vin';

/** The newest move of the rooftop with this value that is neither finished nor canceled. */
export async function findActiveMoveWith(
  db: Executor,
  rooftopId: number,
  column: DuplicateColumn,
  value: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('moves')
    .select('id')
    .where('rooftop_id', '=', rooftopId)
    .where(column, '=', value)
    .where(activeMoveCondition)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row?.id;
}

/** A move of these rooftops: its scenario, rooftop and role; undefined for any other. */
export async function findMoveOfRooftops(
  db: Executor,
  moveId: number,
  rooftopIds: number[],
): Promise<Pick<MoveRow, 'scenario_id' | 'rooftop_id' | 'role'> | undefined> {
  if (!rooftopIds.length) return undefined;
  return db
    .selectFrom('moves')
    .select(['scenario_id', 'rooftop_id', 'role'])
    .where('id', '=', moveId)
    .where('rooftop_id', 'in', rooftopIds)
    .executeTakeFirst();
}

/** The scenario id of a move of these rooftops. */
export async function findScenarioIdOfMove(db: Executor, moveId: number, rooftopIds: number[]): Promise<number | undefined> {
  // No rooftops (an all-rooftops desk before the first one exists): PostgreSQL refuses `in ()`.
  if (!rooftopIds.length) return undefined;
  const row = await db
    .selectFrom('moves')
    .select('scenario_id')
    .where('id', '=', moveId)
    .where('rooftop_id', 'in', rooftopIds)
    .executeTakeFirst();
  return row?.scenario_id;
}

export async function updateMove(db: Executor, moveId: number, values: Updateable<MoveTable>): Promise<void> {
  await db.updateTable('moves').set(values).where('id', '=', moveId).execute();
}

export async function updateScenario(db: Executor, scenarioId: number, values: Updateable<ScenarioTable>): Promise<void> {
  await db.updateTable('scenarios').set(values).where('id', '=', scenarioId).execute();
}

/** Stores the scenario's current document (see migration 012), replacing the one before. */
export async function saveScenarioDocument(
  db: Executor,
  scenarioId: number,
  stored: { publicUrl: string; json: string; freshUntil: number | null },
): Promise<void> {
  const values = { public_url: stored.publicUrl, json: stored.json, fresh_until: stored.freshUntil };
  await db
    .insertInto('scenario_documents')
    .values({ scenario_id: scenarioId, ...values })
    .onConflict((oc) => oc.column('scenario_id').doUpdateSet(values))
    .execute();
}

type StoredDocument = { scenario_id: number; public_url: string | null; json: string | null; fresh_until: number | null };

/**
 * A move of these rooftops: its scenario id and that scenario's stored document, if there is one.
 * Written as SQL rather than with the query builder: this is GET /v1/moves/:id's one statement,
 * and building it cost more than running it (24 → 13 µs a call on SQLite).
 */
export async function findStoredDocumentOfMove(
  db: Executor,
  moveId: number,
  rooftopIds: number[],
): Promise<StoredDocument | undefined> {
  if (!rooftopIds.length) return undefined;
  const result = await sql<StoredDocument>`
    select m.scenario_id, d.public_url, d.json, d.fresh_until
    from moves m left join scenario_documents d on d.scenario_id = m.scenario_id
    where m.id = ${moveId} and m.rooftop_id in (${sql.join(rooftopIds)})`.execute(db);
  return result.rows[0];
}

/** Forgets the stored documents that name this driver; they are rendered from the rows until their next change. */
export async function forgetDocumentsNamingDriver(db: Executor, driverId: number): Promise<void> {
  await db
    .deleteFrom('scenario_documents')
    .where('scenario_id', 'in', (eb) => eb.selectFrom('moves').select('moves.scenario_id').where('moves.driver_id', '=', driverId))
    .execute();
}

/**
 * Which of `driverIds` are on a move of `rooftopIds` now: assigned to one that is neither finished
 * nor canceled — the moves their driver app lists (lifecycle.repository's findDriverScenarioIds). A redispatch moves the
 * driver_id, so the previous driver drops out at once.
 */
export async function findDriversOnMovesOf(db: Executor, driverIds: number[], rooftopIds: number[]): Promise<number[]> {
  if (!driverIds.length || !rooftopIds.length) return [];
  const rows = await db
    .selectFrom('moves')
    .select('driver_id')
    .distinct()
    .where('driver_id', 'in', driverIds)
    .where('rooftop_id', 'in', rooftopIds)
    .where(activeMoveCondition)
    .execute();
  return rows.map((r) => Number(r.driver_id));
}
