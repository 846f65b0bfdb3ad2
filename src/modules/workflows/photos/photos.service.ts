// Inspection photos and signatures (spec §10.3–§10.4): an upload is checked (slot open, step of the
// slot, image by its bytes), its original and thumbnail stored durably, and only then its row
// committed — with the slot's data, the stored document and photo.status.changed — so no row ever
// points at bytes that are not there (a crash in between leaves unreferenced bytes, nothing else).
// The same bytes for the same step again are the same photo (idempotent by sha256).
import type { Database } from '../../../db/database.ts';
import type { Transaction } from '../../../db/executor.ts';
import { lockScenario } from '../../../db/locks.ts';
import type { PhotoRow } from '../../../db/schema.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError, moveNotFound } from '../../../lib/errors.ts';
import type { IdGenerator } from '../../../lib/ids.ts';
import type { EventLog } from '../../events/event-log.ts';
import { findScenarioIdOfDriverMove } from '../../moves/lifecycle/lifecycle.repository.ts';
import { loadScenario } from '../../moves/moves.repository.ts';
import { storeScenarioDocument } from '../../moves/scenario-document.ts';
import { slotState, type SlotState, writeRefusal } from '../definitions/slot-rules.ts';
import type { Slot } from '../definitions/workflow-step.ts';
import type { PhotoStore } from '../photo-store/photo-store.ts';
import { photoDocument } from '../records/photo-document.ts';
import { findPhotoByBytes, insertPhoto, supersedeOthers } from '../records/photos.repository.ts';
import { updateSlot } from '../records/slots.repository.ts';
import { checkImage, type CheckedImage, type ImageFormat } from './photo-image.ts';
import type { ReceivedFile } from './received-file.ts';
import { photoJson } from './photos.schemas.ts';

export interface PhotosDeps {
  database: Database;
  clock: Clock;
  ids: IdGenerator;
  events: EventLog;
  store: PhotoStore;
  publicUrl: string;
}

export interface PhotoUpload {
  slot: Slot;
  stepId: string;
  takenAt: number | null;
  lat: number | null;
  lon: number | null;
}

/** The step a damage close-up is uploaded to (spec §10.3: "or damages, for a close-up"). */
export const CLOSE_UP_STEP = 'damages';

export class PhotosService {
  constructor(private readonly deps: PhotosDeps) {}

  /** POST /v1/driver/moves/:id/photos: 201 with a new photo, 200 with the one these bytes already are. */
  async upload(driverId: number, moveId: number, input: PhotoUpload, file: ReceivedFile): Promise<{ status: 200 | 201; json: string }> {
    const scenarioId = await this.scenarioOfDriver(driverId, moveId);
    const check = (state: SlotState) => refusePhotoStep(state, input.stepId);
    const before = await this.openSlot(scenarioId, moveId, input.slot, check);
    const same = await findPhotoByBytes(this.deps.database.db, { moveId, slot: input.slot, stepId: input.stepId, sha256: file.sha256 });
    if (same && same.superseded_at === null) return { status: 200, json: this.json(same) };
    const image = await checkImage(file.path, 'file', ['jpeg', 'png', 'webp']);
    const row = same ?? (await this.storeBytes(before.rooftopId, moveId, { ...input, kind: 'photo', name: input.stepId, driverId }, file, image));
    const stored = await this.commit(scenarioId, moveId, input.slot, row, (state, photo) => {
      check(state);
      // A photo step holds one photo: this one (a retake replaces what it retook). Close-ups add up.
      return input.stepId === CLOSE_UP_STEP ? state.data : { ...state.data, [input.stepId]: photo.id };
    });
    return { status: stored.created ? 201 : 200, json: this.json(stored.photo) };
  }

  /**
   * POST /v1/driver/moves/:id/workflows/:slot/signature: the signer's name and PNG, once per slot.
   * The same name and bytes again answer the signature as it is (200); any other is refused (409).
   */
  async sign(driverId: number, moveId: number, slot: Slot, signerName: string, file: ReceivedFile): Promise<{ status: 200 | 201; json: string }> {
    const scenarioId = await this.scenarioOfDriver(driverId, moveId);
    const state = await this.openSlot(scenarioId, moveId, slot, (s) => signatureStep(s));
    const step = signatureStep(state);
    const existing = state.photos.find((p) => p.kind === 'signature' && p.id === state.data[step]);
    if (existing) {
      if (existing.sha256 === file.sha256 && state.data[SIGNER_NAME_STEP] === signerName) {
        return { status: 200, json: this.json((await findPhotoByBytes(this.deps.database.db, { moveId, slot, stepId: step, sha256: file.sha256 }))!) };
      }
      throw new ApiError('move_not_modifiable', `the ${slot} inspection of move ${moveId} is already signed by ${String(state.data[SIGNER_NAME_STEP] ?? 'its signer')}; a second signature is refused`);
    }
    const image = await checkImage(file.path, 'file', ['png']);
    const input = { slot, stepId: step, takenAt: null, lat: null, lon: null, kind: 'signature' as const, name: 'signature', driverId };
    const row = await this.storeBytes(state.rooftopId, moveId, input, file, image);
    const stored = await this.commit(scenarioId, moveId, slot, row, (locked, photo) => {
      // A signature that arrived meanwhile: the same one (a parallel retry) is this answer; another is refused.
      const same = locked.data[step] === photo.id && locked.data[SIGNER_NAME_STEP] === signerName;
      if (locked.data[step] !== undefined && !same) throw new ApiError('move_not_modifiable', `the ${slot} inspection of move ${moveId} is already signed`);
      return { ...locked.data, [step]: photo.id, [SIGNER_NAME_STEP]: signerName };
    });
    return { status: stored.created ? 201 : 200, json: this.json(stored.photo) };
  }

  private json(row: PhotoRow): string {
    return photoJson(photoDocument(row, { publicUrl: this.deps.publicUrl, now: this.deps.clock.now() }));
  }

  async scenarioOfDriver(driverId: number, moveId: number): Promise<number> {
    const id = await findScenarioIdOfDriverMove(this.deps.database.db, moveId, driverId);
    if (id === undefined) throw moveNotFound();
    return id;
  }

  /** The slot, checked open for the driver now (it is checked again under the lock when committing). */
  async openSlot(scenarioId: number, moveId: number, slot: Slot, check: (state: SlotState) => void): Promise<SlotState & { rooftopId: number }> {
    const view = await loadScenario(this.deps.database.db, scenarioId);
    const move = view?.moves.find((m) => m.id === moveId);
    const row = view?.slots.get(moveId)?.find((s) => s.slot === slot);
    if (!view || !move) throw moveNotFound();
    if (!row) throw new ApiError('not_found', `move ${moveId} was booked before inspections and has no ${slot} workflow`);
    const state = slotState(row, view.photos.get(moveId) ?? []);
    const refusal = writeRefusal(state, move, 'driver');
    if (refusal) throw new ApiError('move_not_modifiable', refusal);
    check(state);
    return { ...state, rooftopId: move.rooftop_id };
  }

  /** Stores the original and its thumbnail, durably, under content-addressed keys; returns the row to insert. */
  async storeBytes(
    rooftopId: number,
    moveId: number,
    input: PhotoUpload & { kind: 'photo' | 'signature'; name: string; driverId: number },
    file: ReceivedFile,
    image: CheckedImage,
  ): Promise<PhotoRow> {
    const base = `rooftops/${rooftopId}/moves/${moveId}/${file.sha256}`;
    const storageKey = `${base}.${image.extension}`;
    const thumbnailKey = `${base}.thumb.jpg`;
    await this.deps.store.putFile(storageKey, file.path, image.contentType);
    await this.deps.store.putBuffer(thumbnailKey, image.thumbnail, 'image/jpeg');
    const now = this.deps.clock.now();
    return {
      id: this.deps.ids.uuid(),
      move_id: moveId,
      rooftop_id: rooftopId,
      slot: input.slot,
      step_id: input.stepId,
      kind: input.kind,
      name: input.name,
      sha256: file.sha256,
      content_type: image.contentType,
      width: image.width,
      height: image.height,
      bytes: file.bytes,
      storage_key: storageKey,
      thumbnail_key: thumbnailKey,
      status: 'done',
      taken_at: input.takenAt,
      lat: input.lat,
      lon: input.lon,
      received_at: now,
      done_at: now,
      superseded_at: null,
      url_key: this.deps.ids.token(24),
      uploaded_by_driver_id: input.driverId,
    };
  }

  /**
   * In one transaction under the scenario's lock: the slot checked again, the row inserted (or the
   * earlier one listed again), the slot's data, the stored document and photo.status.changed.
   * `dataAfter` gets the photo as stored: when a parallel upload of the same bytes committed first,
   * that one's row (so the slot never names a row that was not inserted). When that upload already
   * did everything, nothing is written again and `created` is false.
   */
  async commit(
    scenarioId: number,
    moveId: number,
    slot: Slot,
    row: PhotoRow,
    dataAfter: (state: SlotState, photo: PhotoRow) => Record<string, unknown>,
  ): Promise<{ photo: PhotoRow; created: boolean }> {
    const now = this.deps.clock.now();
    return this.deps.database.db.transaction().execute(async (trx) => {
      await lockScenario(trx, scenarioId);
      const view = (await loadScenario(trx, scenarioId))!;
      const move = view.moves.find((m) => m.id === moveId)!;
      const state = slotState(view.slots.get(moveId)!.find((s) => s.slot === slot)!, view.photos.get(moveId) ?? []);
      const refusal = writeRefusal(state, move, 'driver');
      if (refusal) throw new ApiError('move_not_modifiable', refusal);
      const created = await insertPhoto(trx, row);
      const stored = (await findPhotoByBytes(trx, { moveId, slot, stepId: row.step_id, sha256: row.sha256 }))!;
      const data = dataAfter(state, stored);
      if (!created && stored.superseded_at === null && JSON.stringify(data) === JSON.stringify(state.data)) return { photo: stored, created };
      if (stored.step_id !== CLOSE_UP_STEP) await supersedeOthers(trx, { moveId, slot, stepId: row.step_id, keepId: stored.id, now });
      await updateSlot(trx, moveId, slot, { data: JSON.stringify(data), updated_at: now });
      await storeScenarioDocument(trx, scenarioId, { publicUrl: this.deps.publicUrl, now });
      if (stored.kind === 'photo') await this.announce(trx, move, stored, now);
      return { photo: stored, created };
    });
  }

  private async announce(trx: Transaction, move: { id: number; rooftop_id: number }, photo: PhotoRow, now: number) {
    const data = photoJson(photoDocument(photo, { publicUrl: this.deps.publicUrl, now }));
    await this.deps.events.append(trx, { moves: [move], type: 'photo.status.changed', data, now });
  }
}

/** The step the signer's name is written to with the signature (the built-in set's). */
export const SIGNER_NAME_STEP = 'signer-name';

/** The slot's signature step; field_invalid when its workflow takes no signature. */
function signatureStep(state: SlotState): string {
  const step = state.steps.find((s) => s.type === 'signature');
  if (!step) throw ApiError.fromProblems([{ code: 'field_invalid', field: 'slot', message: `the ${state.slot} workflow takes no signature` }]);
  return step.id;
}

/** A photo goes to a photo step of the slot, or to `damages` as a close-up. */
function refusePhotoStep(state: SlotState, stepId: string): void {
  const step = state.steps.find((s) => s.id === stepId);
  if (step?.type === 'photo' || (step && stepId === CLOSE_UP_STEP)) return;
  const photoSteps = state.steps.filter((s) => s.type === 'photo').map((s) => s.id);
  throw ApiError.fromProblems([
    {
      code: 'field_invalid',
      field: 'step_id',
      message: `step_id must be a photo step of the ${state.slot} workflow (${[...photoSteps, CLOSE_UP_STEP].join(', ')}); "${stepId}" is not`,
    },
  ]);
}

export type { ImageFormat };
