// Inspections (spec §10): workflow sets, their workflows, each move's two slots and their photos.
import type { Generated } from 'kysely';

export interface WorkflowSetTable {
  id: Generated<number>;
  /** Null for the built-in default set, which every rooftop has. */
  rooftop_id: number | null;
  name: string;
  description: string;
  is_default: number;
  created_at: number;
  updated_at: number;
}

export interface WorkflowTable {
  id: Generated<number>;
  workflow_set_id: number;
  /** 'pickup' or 'delivery'. */
  type: string;
  name: string;
  description: string;
  /** JSON array of steps. */
  steps: string;
}

export interface MoveSlotTable {
  move_id: number;
  /** 'pickup' or 'delivery'. */
  slot: string;
  workflow_id: number;
  workflow_name: string;
  workflow_description: string;
  /** JSON array of the steps as booked. */
  steps: string;
  /** JSON object: step id → value (and booking keys that are no step). */
  data: string;
  signed_at: number | null;
  report_sha256: string | null;
  updated_at: number;
}

export interface PhotoTable {
  id: string;
  move_id: number;
  rooftop_id: number;
  slot: string;
  step_id: string;
  /** 'photo' or 'signature'. */
  kind: string;
  name: string;
  sha256: string;
  content_type: string;
  width: number;
  height: number;
  bytes: number;
  storage_key: string;
  thumbnail_key: string | null;
  /** 'pending' until the thumbnail is made, then 'done'. */
  status: string;
  taken_at: number | null;
  lat: number | null;
  lon: number | null;
  received_at: number;
  done_at: number | null;
  superseded_at: number | null;
  url_key: string;
  /** The driver whose app uploaded it; null on rows from before migration 025 (not recorded). */
  uploaded_by_driver_id: number | null;
}
