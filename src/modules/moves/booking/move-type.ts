// A move type (spec §5.1–§5.4) is a small description: how to read its request into legs, and
// the layout of its document. Everything else — locations, lanes, scheduling, persistence,
// rendering — is the one booking pipeline shared by all of them.
import type { TSchema } from 'typebox';
import type { FieldReader } from '../../../lib/validation.ts';
import type { LocationInputDraft } from '../../locations/location-request.ts';
import type { ZipDirectory } from '../../locations/zip-directory.ts';
import type { CustomerAction, MoveKind, MoveRole } from '../kinds/move-kind.ts';
import type { MoveDraft } from './move-request.ts';

export type { CustomerAction, LayoutPart, MoveRole, ScenarioKind, TopField } from '../kinds/move-kind.ts';

export interface CustomerDraft {
  name: string;
  /** As sent (echoed back). */
  phone: string;
  phoneE164: string;
  action: CustomerAction;
}

/** One leg as read: its places may still be google_place_ids (L: what they are once located). */
export interface LegPlan<L = LocationInputDraft> {
  role: MoveRole;
  move: MoveDraft;
  pickup: L;
  delivery: L;
}

export interface BookingDraft {
  usecaseKey: string;
  customer: CustomerDraft | null;
  appointmentMs: number | null;
  readyBy: {
    /** The instant the rule starts from (appointment or the given ready-by). */
    baseMs: number;
    /** The request field it came from, for errors. */
    field: string;
    /** ready_by = base − drive time of leg 0 (the driver must arrive at base). */
    minusDrive: boolean;
  };
  /** In driving order: index = cardinality. */
  legs: LegPlan[];
}

export interface ReadContext {
  zips: ZipDirectory;
  /** Whether locations may be sent as a google_place_id here (a Google key is configured). */
  placeIds: 'accepted' | 'refused';
  now: number;
  /** The current calendar year (UTC), for the vehicle year range. */
  currentYear: number;
}

/** A kind of booking (kinds/move-kinds.ts) and how to read its request. */
export interface MoveType extends MoveKind {
  /** The request body, for the OpenAPI document. */
  requestSchema: TSchema;
  /** Read the request; problems go to the reader's Problems, undefined when incomplete. */
  read(body: FieldReader, ctx: ReadContext): BookingDraft | undefined;
}
