// Every bookable move type. Adding one is a new description file and a line here.
import fastJson from 'fast-json-stringify';
import { scenarioDocumentSchema } from '../move-document.schema.ts';
import { concierge } from './concierge.ts';
import { conciergeLoaner } from './concierge-loaner.ts';
import { oneWay } from './one-way.ts';
import { roundTrip } from './round-trip.ts';
import type { MoveType, ScenarioKind } from './move-type.ts';

export const MOVE_TYPES: readonly MoveType[] = [conciergeLoaner, concierge, oneWay, roundTrip];

/** Each type's document serializer, compiled once from its schema (key order included). */
const serializers = new Map(MOVE_TYPES.map((t) => [t.kind, fastJson(scenarioDocumentSchema(t))]));

export function moveTypeOf(kind: string): MoveType {
  const type = MOVE_TYPES.find((t) => t.kind === kind);
  if (!type) throw new Error(`unknown scenario kind ${kind}`);
  return type;
}

export function serializeDocument(kind: ScenarioKind | string, document: Record<string, unknown>): string {
  const serialize = serializers.get(kind as ScenarioKind);
  if (!serialize) throw new Error(`unknown scenario kind ${kind}`);
  return serialize(document);
}
