// Every bookable move type. Adding one is a new description file and a line here.
import { concierge } from './concierge.ts';
import { conciergeLoaner } from './concierge-loaner.ts';
import { oneWay } from './one-way.ts';
import { roundTrip } from './round-trip.ts';
import type { MoveType } from './move-type.ts';

export const MOVE_TYPES: readonly MoveType[] = [conciergeLoaner, concierge, oneWay, roundTrip];

export function moveTypeOf(kind: string): MoveType {
  const type = MOVE_TYPES.find((t) => t.kind === kind);
  if (!type) throw new Error(`unknown scenario kind ${kind}`);
  return type;
}
