// The central read model: a scenario with its moves and the rows they point at, as the writers
// (booking, transitions, edits) and readers (documents, events, texts, tracking) pass it around.
// Its own module, depending on the table shapes only, so the event log and others can name it
// without depending on the move documents.
import type { LaneRow, LocationRow, MoveRow, MoveSlotRow, PhotoRow, ScenarioRow } from '../../../db/schema.ts';
import type { ChargeRecord } from '../../billing/charges/charge-document.ts';

/** What one move's document needs besides the move: its scenario and the rows the move points at. */
export interface MoveContext {
  scenario: ScenarioRow;
  locations: Map<number, LocationRow>;
  lanes: Map<number, LaneRow>;
  /** Names of the drivers assigned to the moves. */
  driverNames: Map<number, string>;
  /** Each move's inspection slots by move id (none for a move booked before inspections). */
  slots: Map<number, MoveSlotRow[]>;
  /** Each move's current photos and signature images by move id, oldest first. */
  photos: Map<number, PhotoRow[]>;
  /** Each priced move's charge by move id (spec §12.2); absent: the move has none (`{}`). */
  charges?: Map<number, ChargeRecord>;
}

export interface ScenarioView extends MoveContext {
  /** Ordered by cardinality. */
  moves: MoveRow[];
}
