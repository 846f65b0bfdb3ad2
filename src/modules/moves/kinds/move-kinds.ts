// Every kind of booking, in the order the OpenAPI document lists them. Adding one is an entry here
// and a move type in booking/.
import type { MoveKind, ScenarioKind } from './move-kind.ts';

export const MOVE_KINDS: readonly MoveKind[] = [
  {
    kind: 'concierge-loaner',
    path: '/v1/concierge-loaner-moves',
    summary: 'Book a Concierge + Loaner swap (two moves, one driver)',
    operationId: 'createConciergeLoanerMove',
    layout: [
      { move: 'loaner_move' },
      { move: 'customer_move' },
      { field: 'ready_by_time_utc' },
      { field: 'appointment_time_utc' },
      { field: 'customer_name' },
      { field: 'customer_phone' },
      { field: 'customer_action' },
    ],
  },
  {
    kind: 'concierge',
    path: '/v1/concierge-moves',
    summary: "Book a Concierge move: collect or return the customer's car",
    operationId: 'createConciergeMove',
    layout: [
      { field: 'ready_by_time_utc' },
      { field: 'appointment_time_utc' },
      { field: 'customer_name' },
      { field: 'customer_phone' },
      { field: 'customer_action' },
      { move: 'customer_move' },
    ],
  },
  {
    kind: 'one-way',
    path: '/v1/one-way-moves',
    summary: 'Book a One-way move between two places',
    operationId: 'createOneWayMove',
    layout: [{ field: 'ready_by_time_utc' }, { move: 'move' }],
  },
  {
    kind: 'round-trip',
    path: '/v1/round-trip-moves',
    summary: 'Book a Round-trip: swap two vehicles between two places (two moves, one driver)',
    operationId: 'createRoundTripMove',
    layout: [{ field: 'ready_by_time_utc' }, { move: 'move_one' }, { move: 'move_two' }],
  },
];

export function moveKindOf(kind: string): MoveKind {
  const found = MOVE_KINDS.find((k) => k.kind === kind);
  if (!found) throw new Error(`unknown scenario kind ${kind}`);
  return found;
}

/** The kind's entry, for a move type to build on. */
export const kindEntry = (kind: ScenarioKind): MoveKind => moveKindOf(kind);

/** A pair (two moves, one driver): each move object carries its own charge (spec §12.2, ours). */
export const isPairLayout = (type: MoveKind): boolean => type.layout.filter((part) => 'move' in part).length > 1;
