// Sandbox inspections (spec §10.5: "Sample vehicle photos will be added to the move"): the sandbox
// driver does what a driver app does at each end — a sample photo for every photo step, a clean
// report and a signature — through the same services, so integrators see complete payloads
// (photos, photo.status.changed, signed reports, move.bol.ready). On a loaner leg it also plays the
// dealer, ticking `consumer-info-complete`, which the loaner's delivery waits for.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSharp } from '../workflows/photos/photo-image.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { Slot } from '../workflows/definitions/workflow-step.ts';
import { CONDITION_FIELDS } from '../workflows/inspection/inspection.schemas.ts';
import type { InspectionService } from '../workflows/inspection/inspection.service.ts';
import type { PhotosService } from '../workflows/photos/photos.service.ts';
import type { ReceivedFile } from '../workflows/photos/received-file.ts';

export interface SandboxInspectors {
  inspections: InspectionService;
  photos: PhotosService;
}

/** A clean report: readings, no damage (the delivery a few miles on). */
const cleanReport = (slot: Slot) => ({ odometer: slot === 'pickup' ? 24_680 : 24_694, fuel_level: 80, keys: 2, damages: [], notes: 'sandbox' });

/** A sample photo per step: a colour of its own, so each has its own bytes. */
async function sampleFile(dir: string, name: string, png: boolean): Promise<ReceivedFile> {
  const hue = createHash('sha256').update(name).digest().readUInt16BE(0) % 360;
  const image = loadSharp()({ create: { width: png ? 240 : 320, height: png ? 80 : 240, channels: 3, background: png ? '#ffffff' : `hsl(${hue}, 45%, 55%)` } });
  const data = await (png ? image.png() : image.jpeg({ quality: 80 })).toBuffer();
  const path = join(dir, `${name}.${png ? 'png' : 'jpg'}`);
  await writeFile(path, data);
  return { path, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length, discard: () => rm(path, { force: true }) };
}

interface SlotView {
  steps: { id: string; type: string }[];
  photos: { step_id: string }[];
  data: Record<string, unknown>;
  state: string;
}

/** Fills the open slot of the sandbox driver's move; what is already there (a job run twice) is left as it is. */
export async function fillSlot(deps: SandboxInspectors, driverId: number, moveId: number, slot: Slot, at: { lat: number; lon: number; now: number }) {
  const view = JSON.parse(await deps.inspections.driverWorkflow(driverId, moveId, slot)) as SlotView;
  if (view.state !== 'open') return;
  const dir = await mkdtemp(join(tmpdir(), 'handoff-sandbox-'));
  try {
    const shot = new Set(view.photos.map((p) => p.step_id));
    for (const step of view.steps.filter((s) => s.type === 'photo' && !shot.has(s.id))) {
      const file = await sampleFile(dir, `${moveId}-${slot}-${step.id}`, false);
      await deps.photos.upload(driverId, moveId, { slot, stepId: step.id, takenAt: at.now, lat: at.lat, lon: at.lon }, file);
    }
    await deps.inspections.putCondition(driverId, moveId, slot, cleanReport(slot), CONDITION_FIELDS);
    if (view.steps.some((s) => s.type === 'signature') && view.data.signature === undefined) {
      await deps.photos.sign(driverId, moveId, slot, 'Sandbox Signer', await sampleFile(dir, `${moveId}-${slot}-signature`, true));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The dealer's part on a loaner leg: its customer's details are complete (the gate of its delivery). */
export async function completeDealerSteps(deps: SandboxInspectors, rooftopId: number, moveId: number): Promise<void> {
  const dealer: AuthContext = { clientId: 'sandbox', role: 'dealer', rooftopIds: [rooftopId], allRooftops: false, driverId: null };
  const view = JSON.parse(await deps.inspections.workflow({ auth: dealer }, moveId, 'pickup')) as SlotView;
  const gate = view.steps.find((s) => s.id === 'consumer-info-complete');
  if (gate && view.data[gate.id] !== true) await deps.inspections.patchAsServer(dealer, moveId, 'pickup', { [gate.id]: true });
}
