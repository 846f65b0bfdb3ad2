// What a workflow set may hold (spec §10.1, ours): the readers refuse past these, and the request
// schemas state them (test/api/schema-honesty.test.ts holds the two together).
import type { MoveRole, ScenarioKind } from '../../moves/kinds/move-kind.ts';

export const SET_LIMITS = { name: 100, description: 500 } as const;
export const STEP_LIMITS = { steps: 60, label: 100 } as const;
export const STEP_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';

// Records, so adding a role or a kind to the moves module fails to compile here until it is listed.
const ROLE_NAMES: Record<MoveRole, true> = { loaner_move: true, customer_move: true, move: true, move_one: true, move_two: true };
const KIND_NAMES: Record<ScenarioKind, true> = { 'concierge-loaner': true, concierge: true, 'one-way': true, 'round-trip': true };
export const MOVE_ROLES = Object.keys(ROLE_NAMES) as MoveRole[];
export const SCENARIO_KINDS = Object.keys(KIND_NAMES) as ScenarioKind[];
