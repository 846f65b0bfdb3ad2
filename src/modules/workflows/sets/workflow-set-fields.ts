// The typed commands of workflow sets (spec §10.1, ours): what the request reader makes of a body
// (workflow-set-request.ts) and the service writes. Kept apart so the service never sees a reader.
import type { Slot, Step } from '../definitions/workflow-step.ts';

export interface WorkflowFields {
  name: string;
  description: string;
  /** In order; each step's config has only the keys we know (unknown ones were dropped). */
  steps: Step[];
}

export interface NewSetFields {
  rooftopId: number;
  name: string;
  description: string;
  isDefault: boolean;
  workflows: Record<Slot, WorkflowFields>;
}

/** PATCH: absent means unchanged; a workflow sent replaces the stored one whole. */
export interface SetChanges {
  name?: string;
  description?: string;
  isDefault?: boolean;
  workflows?: Partial<Record<Slot, WorkflowFields>>;
}

// Whether the caller may put a set on a rooftop: asked by the reader, so a rooftop out of scope is
// listed with the body's other problems.
export type { RooftopCheck } from '../../rooftops/rooftop-choice.ts';
