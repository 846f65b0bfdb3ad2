// What a kind of booking is, as far as reading and rendering its documents goes (spec §5.1–§5.4):
// its path, its name in the OpenAPI document and the layout of its document. Shared by booking
// (which adds how to read a request) and by every reader of moves; it depends on neither.

export type ScenarioKind = 'concierge-loaner' | 'concierge' | 'one-way' | 'round-trip';
export type MoveRole = 'loaner_move' | 'customer_move' | 'move' | 'move_one' | 'move_two';
export type CustomerAction = 'pickup' | 'return';

/** Top-level document fields a layout can place (besides the move objects). */
export type TopField = 'ready_by_time_utc' | 'appointment_time_utc' | 'customer_name' | 'customer_phone' | 'customer_action';

export type LayoutPart = { move: MoveRole } | { field: TopField };

export interface MoveKind {
  kind: ScenarioKind;
  path: string;
  summary: string;
  /** The operation's stable name in the OpenAPI document (generated clients name their methods after it). */
  operationId: string;
  /** Document layout: the reference keys in order; extensions are appended by the renderer. */
  layout: LayoutPart[];
}
