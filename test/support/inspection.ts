// Inspections from the driver's side (spec §10): multipart uploads built by hand (light-my-request
// sends what it is given), sample images made by sharp, and the clean report a slot needs before
// its `_successful` step — what the lifecycle helpers send so that every walk through a move
// passes the real gate.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import type { Caller } from './lifecycle.ts';

export type SlotName = 'pickup' | 'delivery';

export interface FilePart {
  field?: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** A multipart/form-data body: the text fields, then the file part (if any). */
export function multipart(fields: Record<string, string>, file?: FilePart): { body: Buffer; contentType: string } {
  const boundary = `----handoff${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.filename ?? 'photo.jpg'}"\r\nContent-Type: ${file.contentType ?? 'image/jpeg'}\r\n\r\n`;
    chunks.push(Buffer.from(head), file.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const images = new Map<string, Promise<Buffer>>();

/** A small solid image of a colour, made once per (format, size, colour). */
export function sampleImage(format: 'jpeg' | 'png' | 'webp' = 'jpeg', width = 96, height = 72, color = '#3366cc'): Promise<Buffer> {
  const key = `${format}:${width}x${height}:${color}`;
  let image = images.get(key);
  if (!image) {
    image = sharp({ create: { width, height, channels: 3, background: color } })[format]().toBuffer();
    images.set(key, image);
  }
  return image;
}

export async function sendMultipart(caller: Caller, url: string, fields: Record<string, string>, file?: FilePart): Promise<LightMyRequestResponse> {
  const { body, contentType } = multipart(fields, file);
  return caller.t.request('POST', url, { token: await caller.bearer(), body, headers: { 'content-type': contentType } });
}

export async function uploadPhoto(driver: Caller, moveId: number, slot: SlotName, stepId: string, data?: Buffer, extra: Record<string, string> = {}) {
  return sendMultipart(driver, `/v1/driver/moves/${moveId}/photos`, { step_id: stepId, slot, ...extra }, { data: data ?? (await sampleImage()) });
}

export async function signSlot(driver: Caller, moveId: number, slot: SlotName, signerName = 'Jane Smith', data?: Buffer) {
  const png = data ?? (await sampleImage('png', 120, 40, '#ffffff'));
  return sendMultipart(driver, `/v1/driver/moves/${moveId}/workflows/${slot}/signature`, { signer_name: signerName }, { data: png, filename: 'signature.png', contentType: 'image/png' });
}

/** A clean report: readings, no damage. The delivery's odometer is a few miles on. */
export const cleanReport = (slot: SlotName) => ({ odometer: slot === 'pickup' ? 12_000 : 12_012, fuel_level: 75, keys: 2, damages: [] });

export async function reportCondition(driver: Caller, moveId: number, slot: SlotName, report: Record<string, unknown> = cleanReport(slot)) {
  return driver.request('PUT', `/v1/driver/moves/${moveId}/condition/${slot}`, report);
}

/** One request of some client (in-process or over HTTP): what the inspection helpers send through. */
export type Send = (method: string, url: string, body?: unknown, headers?: Record<string, string>) => Promise<{ statusCode: number; body: string }>;

/** Through the in-process app with a bearer token. */
export const sendWithToken = (t: Caller['t'], token: string): Send => (method, url, body, headers) => t.request(method, url, { token, body, headers });

/** Through a Caller (it authorizes again as the test clock moves on). */
export const sendAs = (caller: Caller): Send => async (method, url, body, headers) => sendWithToken(caller.t, await caller.bearer())(method, url, body, headers);

/** Over HTTP to a running server. */
export const sendOverHttp = (baseUrl: string, token: string): Send => async (method, url, body, headers = {}) => {
  const raw = Buffer.isBuffer(body);
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined || raw ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : raw ? new Uint8Array(body) : JSON.stringify(body),
  });
  return { statusCode: res.status, body: await res.text() };
};

async function signWith(send: Send, moveId: number, slot: SlotName) {
  const { body, contentType } = multipart({ signer_name: 'Jane Smith' }, { data: await sampleImage('png', 120, 40, '#ffffff'), filename: 'signature.png', contentType: 'image/png' });
  return send('POST', `/v1/driver/moves/${moveId}/workflows/${slot}/signature`, body, { 'content-type': contentType });
}

/** What the default workflow needs before `<slot>_successful`: a clean report and the signature. */
export async function completeSlotWith(send: Send, moveId: number, slot: SlotName): Promise<void> {
  const report = await send('PUT', `/v1/driver/moves/${moveId}/condition/${slot}`, cleanReport(slot));
  assert.equal(report.statusCode, 200, `condition of move ${moveId} at ${slot}: ${report.body}`);
  const signed = await signWith(send, moveId, slot);
  assert.ok([200, 201].includes(signed.statusCode), `signature of move ${moveId} at ${slot}: ${signed.body}`);
}

export const completeSlot = (driver: Caller, moveId: number, slot: SlotName) => completeSlotWith(sendAs(driver), moveId, slot);

/**
 * For tests about the lifecycle rather than inspections: before a `_successful` step, the driver
 * completes that end's inspection when it is open and not yet complete — as the driver app does —
 * so the step is judged by the lifecycle rules alone. Anything else (the slot not open, a canceled
 * move) is left for the step itself to meet.
 */
export async function inspectBeforeStep(send: Send, moveId: number, step: string): Promise<void> {
  if (step !== 'pickup_successful' && step !== 'delivery_successful') return;
  const slot: SlotName = step === 'pickup_successful' ? 'pickup' : 'delivery';
  const view = await send('GET', `/v1/driver/moves/${moveId}/workflows/${slot}`);
  if (view.statusCode !== 200) return;
  const { state, missing } = JSON.parse(view.body) as { state: string; missing: string[] };
  if (state !== 'open' || missing.length === 0) return;
  const report = await send('PUT', `/v1/driver/moves/${moveId}/condition/${slot}`, cleanReport(slot));
  if (report.statusCode === 200) await signWith(send, moveId, slot);
}

/**
 * Makes the rooftop's default workflow set one that asks for nothing (notes only, optional), through
 * the ops API. For tests of something else under load (lifecycle races): their steps are then judged
 * by the lifecycle alone, without an inspection's requests before every `_successful` step. The gate
 * itself is tested under concurrency in the inspection and upload tests.
 */
export async function useNothingRequiredSet(t: Caller['t'], opsToken: string, rooftopId: number): Promise<number> {
  const workflow = (type: string) => ({
    name: `Nothing required (${type})`,
    description: 'Notes only, optional',
    steps: [{ id: 'driver-notes', type: 'string', config: { allow_server_edits: false, required: false } }],
  });
  const body = { rooftop: rooftopId, name: 'Nothing required', description: 'For load tests', is_default: true, pickup: workflow('pickup'), delivery: workflow('delivery') };
  const res = await t.request('POST', '/v1/ops/workflow-sets', { token: opsToken, body });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().id as number;
}
