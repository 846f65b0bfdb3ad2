// A reschedule's new booking (spec §11.5): the original scenario's document — which echoes its
// booking request field for field — with the new time, read by the kind's own booking reader into
// the command a direct booking would be. So the new scenario is exactly what booking it gives: the
// same vehicles, places, customer, references and workflow set, its ready-by derived as bookings do.
import { ApiError } from '../../../lib/errors.ts';
import { formatInstant } from '../../../lib/instant.ts';
import { FieldReader, Problems } from '../../../lib/validation.ts';
import type { BookingCommand } from '../../moves/booking/booking-command.ts';
import type { ReadContext } from '../../moves/booking/move-type.ts';
import { moveTypeOf } from '../../moves/booking/move-types.ts';
import { scenarioDocument, type ScenarioView } from '../../moves/move-document.ts';
import { PRIOR_DAMAGES_REVIEW_KEY } from '../../workflows/definitions/prior-damages.ts';
import { parseSteps, type Slot, UPLOADED_TYPES } from '../../workflows/definitions/workflow-step.ts';
import type { RescheduleTimeField } from './reschedule-rules.ts';

type Doc = Record<string, unknown>;

export interface NewTime {
  field: RescheduleTimeField;
  ms: number;
}

/**
 * The booking command of the scenario booked again at `time`. Nothing in it is checked for
 * duplicates: the only move it could collide with is the original, given up in the same transaction.
 */
export function rebookingCommand(original: ScenarioView, time: NewTime, ctx: ReadContext & { publicUrl: string }): BookingCommand {
  const type = moveTypeOf(original.scenario.kind);
  const request = scenarioDocument(original, type, { publicUrl: ctx.publicUrl, now: ctx.now });
  request[time.field] = formatInstant(time.ms);
  for (const move of original.moves) request[move.role] = moveRequest(request[move.role] as Doc, original, move.id);

  const problems = new Problems();
  const draft = type.read(FieldReader.root(problems, request), ctx);
  if (!problems.empty || !draft) throw refusal(problems, time.field);
  return {
    type,
    clientId: original.scenario.client_id,
    rooftopId: original.scenario.rooftop_id,
    duplicateCheck: null,
    hideServiceLocation: original.scenario.hide_service_location === 1,
    draft,
    // Billed as the original was, checked as a booking is (a payer setting changed since may refuse it).
    thirdPartyPayer: original.scenario.payer_id,
  };
}

/** One move object of the document as a booking request's: its set, its pre-filled data, its places by address. */
function moveRequest(move: Doc, view: ScenarioView, moveId: number): Doc {
  return {
    ...move,
    workflowset_id: move.workflowset,
    pickup_workflow_data: bookedData(view, moveId, 'pickup'),
    delivery_workflow_data: bookedData(view, moveId, 'delivery'),
    // By its address parts: a stored place id is asked again only where place ids are taken, and
    // the address finds the same location (locations are deduplicated by address).
    pickup_location: { ...(move.pickup_location as Doc), google_place_id: null },
    delivery_location: { ...(move.delivery_location as Doc), google_place_id: null },
  };
}

/**
 * What of a slot's data a booking could have written: what the dealer pre-filled or edited since
 * (server-editable steps, and keys that are no step) — never what the driver recorded on the
 * attempt (readings, photos, signatures, the review of prior damages), which a booking may not set.
 */
function bookedData(view: ScenarioView, moveId: number, slot: Slot): Doc | null {
  const row = view.slots.get(moveId)?.find((s) => s.slot === slot);
  if (!row) return null;
  const steps = parseSteps(row.steps);
  const data = JSON.parse(row.data) as Doc;
  const kept = Object.entries(data).filter(([key]) => {
    if (key === PRIOR_DAMAGES_REVIEW_KEY) return false;
    const step = steps.find((s) => s.id === key);
    return !step || (step.config.allow_server_edits && !UPLOADED_TYPES.includes(step.type));
  });
  return Object.fromEntries(kept);
}

/**
 * The reader's refusal: a problem of the new time is the caller's (it names the field they sent);
 * any other means the original no longer passes as a booking (a rule changed since), which no
 * request can fix.
 */
function refusal(problems: Problems, field: RescheduleTimeField): ApiError {
  const ofTime = problems.list.filter((p) => p.field === field);
  if (ofTime.length) return ApiError.fromProblems(ofTime);
  const first = problems.list[0];
  return new ApiError('move_not_modifiable', `cannot reschedule: the booking cannot be made again as it stands (${first?.message ?? 'it is incomplete'})`);
}
