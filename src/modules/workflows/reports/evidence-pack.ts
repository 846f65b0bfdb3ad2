// What the evidence pack shows (spec §10.4), gathered for the pure renderer (evidence/): the move's
// condition, its rooftop and places, and the images — each photo's thumbnail and each end's
// signature, read from the PhotoStore all at once. An image the store does not have is left out
// (the renderer draws a labelled box): the rest of the evidence, and the photo's hash, still stand.
import type { Readable } from 'node:stream';
import type { PhotoRow, RooftopRow } from '../../../db/schema.ts';
import { formatInstant } from '../../../lib/instant.ts';
import type { MoveContext } from '../../moves/view/scenario-view.ts';
import type { PanelComparison } from '../condition/damage-diff.ts';
import type { EvidenceComparison, EvidenceInput, EvidenceSide } from '../evidence/evidence-input.ts';
import type { PhotoStore } from '../photo-store/photo-store.ts';
import type { MoveCondition, SlotReport } from './move-condition.ts';
import { findingsOf, readingsOf } from '../definitions/condition-report.ts';

export interface PackContext {
  view: MoveContext;
  rooftop: RooftopRow;
  store: PhotoStore;
  publicUrl: string;
  now: number;
}

/** The renderer's input for this move; reads the images, nothing else. */
export async function evidenceInput(c: MoveCondition, ctx: PackContext): Promise<EvidenceInput> {
  const { move } = c;
  const { view, rooftop } = ctx;
  const pickupPlace = view.locations.get(move.pickup_location_id);
  const [pickup, delivery] = await Promise.all([side(c.pickup, ctx, c), side(c.delivery, ctx, c)]);
  const r = rooftop;
  return {
    generatedAt: formatInstant(ctx.now),
    // The handoffs' own local time: where the car was picked up, else the dealer's.
    timeZone: pickupPlace?.timezone ?? rooftop.timezone,
    rooftop: { name: r.name, address: `${r.address_one}${r.address_two ? `, ${r.address_two}` : ''}, ${r.city}, ${r.state} ${r.zip}` },
    move: { id: move.id, referenceId: move.reference_id, usecaseKey: view.scenario.usecase_key, uri: `${ctx.publicUrl}/v1/moves/${move.id}` },
    vehicle: { year: move.vehicle_year, make: move.vehicle_make, model: move.vehicle_model, color: move.vehicle_color, vin: move.vehicle_vin, stock: move.vehicle_stock },
    pickup,
    delivery,
    diff: c.diffReady ? diffOf(c.comparison!.diff) : null,
    odometerDelta: c.comparison?.odometerDelta ?? null,
    fuelDelta: c.comparison?.fuelDelta ?? null,
  };
}

async function side(report: SlotReport | null, ctx: PackContext, c: MoveCondition): Promise<EvidenceSide | null> {
  if (!report?.written) return null;
  const slot = report.row.slot as 'pickup' | 'delivery';
  const place = ctx.view.locations.get(slot === 'pickup' ? c.move.pickup_location_id : c.move.delivery_location_id);
  const readings = readingsOf(report.state);
  const [signaturePng, thumbnails] = await Promise.all([
    report.signature ? readObject(ctx.store, report.signature.storage_key) : null,
    Promise.all(report.photos.map((p) => (p.thumbnail_key ? readObject(ctx.store, p.thumbnail_key) : null))),
  ]);
  return {
    slot,
    signedAt: report.row.signed_at === null ? null : formatInstant(report.row.signed_at),
    place: { name: place?.name ?? '', fullAddress: place?.full_address ?? '' },
    driverName: c.move.driver_id === null ? null : (ctx.view.driverNames.get(c.move.driver_id) ?? null),
    signerName: readings.signerName,
    signaturePng,
    odometer: readings.odometer,
    fuelLevel: readings.fuelLevel,
    keys: readings.keys,
    notes: readings.notes,
    damages: findingsOf(report.state).map(finding),
    photos: report.photos.map((p, i) => evidencePhoto(p, thumbnails[i] ?? null)),
    reportSha256: report.row.report_sha256,
    warnings: report.warnings,
  };
}

const finding = (f: { panel: string; type: string; severity: number; note: string | null }) => ({ panel: f.panel, type: f.type, severity: f.severity, note: f.note });

function evidencePhoto(p: PhotoRow, thumbnailJpeg: Buffer | null) {
  return { stepId: p.step_id, name: p.name, takenAt: p.taken_at === null ? null : formatInstant(p.taken_at), lat: p.lat, lon: p.lon, sha256: p.sha256, thumbnailJpeg };
}

function diffOf(diff: Record<keyof NonNullable<EvidenceInput['diff']>, PanelComparison[]>): EvidenceInput['diff'] {
  const list = (items: PanelComparison[]): EvidenceComparison[] =>
    items.map((c) => ({ panel: c.panel, pickup: c.pickup.map(finding), delivery: c.delivery.map(finding) }));
  return { new: list(diff.new), worsened: list(diff.worsened), unchanged: list(diff.unchanged), improved: list(diff.improved), not_comparable: list(diff.not_comparable) };
}

/**
 * The object's bytes, or null when the store has none. A store that fails is not hidden: a pack
 * quietly missing its images would pass for complete evidence, so the request fails instead.
 */
async function readObject(store: PhotoStore, key: string): Promise<Buffer | null> {
  const object = await store.get(key);
  return object ? collect(object.body) : null;
}

async function collect(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
