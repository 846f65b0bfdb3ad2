// Reads one move object of a booking request (spec §5 "Common move object fields").
import type { FieldReader } from '../../../lib/validation.ts';
import { readLocationInput, type LocationInputDraft } from '../../locations/location-request.ts';
import type { ZipDirectory } from '../../locations/zip-directory.ts';
import { MOVE_MAX } from '../move.limits.ts';
import { readVehicleYear, readVin, vinWarningsAt, type Warning } from '../vehicle-fields.ts';
import type { WorkflowRequest } from '../../workflows/definitions/booking-workflows.ts';

export interface VehicleDraft {
  stock: string | null;
  vin: string | null;
  year: string | null;
  make: string | null;
  model: string | null;
  color: string | null;
  manual: boolean;
  /** GVWR class 1–6 (spec §12.1, ours): prices the move by the band's class rate; null is class 1. */
  gvwrClass: number | null;
}

export interface MoveDraft {
  path: string;
  referenceId: string | null;
  dealerContact: string | null;
  specialInstructions: string | null;
  vehicle: VehicleDraft;
  warnings: Warning[];
  pickup: LocationInputDraft | undefined;
  delivery: LocationInputDraft | undefined;
  /** `workflowset_id` and the pre-filled workflow data (spec §10.2), checked against the sets when booked. */
  workflow: WorkflowRequest;
}

export interface MoveReadOptions {
  zips: ZipDirectory;
  placeIds: 'accepted' | 'refused';
  /** The current calendar year (UTC), for the vehicle year range. */
  currentYear: number;
  /** A loaner's vehicle may be omitted and has no required fields. */
  loaner?: boolean;
  /** Whether the move object carries its own delivery_location. */
  withDelivery: boolean;
}

const EMPTY_VEHICLE: VehicleDraft = {
  stock: null,
  vin: null,
  year: null,
  make: null,
  model: null,
  color: null,
  manual: false,
  gvwrClass: null,
};

export function readMove(parent: FieldReader, key: string, opts: MoveReadOptions): MoveDraft | undefined {
  const move = parent.object(key, { required: true });
  if (!move) return undefined;

  const referenceId = readReference(move);
  const dealerContact = move.string('dealer_contact', { required: false, max: MOVE_MAX.dealerContact });
  const specialInstructions = move.string('special_instructions', { required: false, max: MOVE_MAX.specialInstructions });
  const warnings: Warning[] = [];
  const vehicle = readVehicle(move, opts, warnings);
  const pickup = readLocationInput(move, 'pickup_location', opts.zips, { missingCode: 'pickup_location_required', placeIds: opts.placeIds });
  const delivery = opts.withDelivery ? readLocationInput(move, 'delivery_location', opts.zips, { placeIds: opts.placeIds }) : undefined;

  // Returned even when parts are invalid (their problems are recorded, so it is never booked):
  // checks across move objects, such as "two different places", still get to run.
  return {
    path: move.path,
    referenceId,
    dealerContact,
    specialInstructions,
    vehicle: vehicle ?? { ...EMPTY_VEHICLE },
    warnings,
    pickup,
    delivery,
    workflow: readWorkflowRequest(move),
  };
}

/** `workflowset_id` and `pickup_workflow_data` / `delivery_workflow_data`: flat objects, checked when booked. */
function readWorkflowRequest(move: FieldReader): WorkflowRequest {
  const data = (key: string) => move.object(key, { required: false })?.value ?? null;
  return {
    setId: move.integer('workflowset_id', { required: false }),
    data: { pickup: data('pickup_workflow_data'), delivery: data('delivery_workflow_data') },
  };
}

/** reference_id and its alias reference_num: either key, and both must agree when both are sent. */
function readReference(move: FieldReader): string | null {
  const id = move.string('reference_id', { required: false, max: MOVE_MAX.reference, acceptNumber: true });
  const num = move.string('reference_num', { required: false, max: MOVE_MAX.reference, acceptNumber: true });
  if (id !== null && num !== null && id !== num) {
    move.invalid('reference_num', `${move.at('reference_num')} must equal reference_id when both are sent`);
  }
  return id ?? num;
}

function readVehicle(move: FieldReader, opts: MoveReadOptions, warnings: Warning[]): VehicleDraft | undefined {
  const required = !opts.loaner;
  const v = move.object('vehicle', { required });
  if (v === undefined) return undefined;
  if (v === null) return { ...EMPTY_VEHICLE };

  const stock = v.string('stock', { required: false, max: MOVE_MAX.vehicleText, acceptNumber: true });
  const make = v.string('make', { required, max: MOVE_MAX.vehicleText });
  const model = v.string('model', { required, max: MOVE_MAX.vehicleText });
  const color = v.string('color', { required: false, max: MOVE_MAX.vehicleText });
  const manual = v.boolean('manual', { required });
  const gvwrClass = v.integer('gvwr_class', { required: false, min: 1, max: 6 }) ?? null;

  const year = readVehicleYear(v, 'year', opts.currentYear);
  const vin = readVin(v, 'vin');
  warnings.push(...vinWarningsAt(v.at('vin'), vin, year));

  if (make === undefined || model === undefined || manual === undefined) return undefined;
  return { stock, vin, year, make, model, color, manual: manual ?? false, gvwrClass };
}
