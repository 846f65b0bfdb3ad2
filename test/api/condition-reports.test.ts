// Condition reports (spec §10.4), walked through the API on both engines: a move's two reports while
// open and once signed, the damage diff (new, worsened, unchanged, improved, not comparable) and the
// move.damage.detected it causes, the odometer warning, a vehicle's history across two moves of one
// VIN with the prior damages its next pickup must review, by stock for a vehicle without a VIN, the
// evidence pack read back with pdfjs, and the refusals. The pack of the first move is kept at
// /tmp/condition-e2e.pdf for a look (pdftoppm -png -r 60 /tmp/condition-e2e.pdf /tmp/condition-e2e).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp from 'sharp';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { reportCondition, sampleImage, signSlot, uploadPhoto } from '../support/inspection.ts';
import { addCaller, addDriver, assertError, bookCase, type Caller, dispatchOk, type Doc, eventRows, ONE_WAY, sendStep, stepsOk, type TestDriver } from '../support/lifecycle.ts';
import { oneWayRequest } from '../support/requests.ts';

const VIN = '1HGCM82633A004352';
const MINUTE = 60_000;
const HEX64 = /^[0-9a-f]{64}$/;

const finding = (panel: string, type: string, severity: number, note?: string) => ({ panel, type, severity, ...(note ? { note } : {}) });
const stored = (f: ReturnType<typeof finding>) => ({ panel: f.panel, type: f.type, severity: f.severity, note: f.note ?? null, photo_ids: [] });

// Pickup: front, left and rear photographed (the right side and the roof never are).
const PICKUP_PHOTOS: [string, string][] = [['front', '#aa2222'], ['left', '#22aa22'], ['rear', '#2222aa']];
const DELIVERY_PHOTOS: [string, string][] = [['front', '#cc4444'], ['left', '#44cc44'], ['rear', '#4444cc'], ['right', '#cccc44']];
const PICKUP_DAMAGES = [finding('hood', 'scratch', 1, 'fine line'), finding('left-front-door', 'dent', 1), finding('rear-bumper', 'scuff', 2)];
const DELIVERY_DAMAGES = [
  finding('front-bumper', 'chip', 2, 'stone chip'), // new: the front was photographed clean at pickup
  finding('hood', 'scratch', 1, 'fine line'), // unchanged
  finding('left-front-door', 'dent', 3), // worsened
  finding('right-front-door', 'scratch', 1), // not comparable: nobody photographed the right side at pickup
  // rear-bumper: gone, and the rear photographed at delivery: improved
];

interface World {
  t: TestApp;
  dealer: Caller;
  ops: Caller;
  driver: TestDriver;
}

async function step(w: World, moveId: number, name: string): Promise<void> {
  w.t.clock.advance(MINUTE);
  const res = await sendStep(w.driver.app, moveId, { step: name, lat: 37.54, lon: -77.43 });
  assert.equal(res.statusCode, 200, `${name}: ${res.body}`);
}

async function photos(w: World, moveId: number, slot: 'pickup' | 'delivery', list: [string, string][]): Promise<void> {
  for (const [stepId, color] of list) {
    const res = await uploadPhoto(w.driver.app, moveId, slot, stepId, await sampleImage('jpeg', 160, 120, color));
    assert.equal(res.statusCode, 201, res.body);
  }
}

async function report(w: World, moveId: number, slot: 'pickup' | 'delivery', odometer: number, damages: unknown[]): Promise<void> {
  const res = await reportCondition(w.driver.app, moveId, slot, { odometer, fuel_level: slot === 'pickup' ? 80 : 55, keys: 2, damages, notes: `${slot} notes` });
  assert.equal(res.statusCode, 200, res.body);
}

async function conditionOf(w: World, moveId: number, reader: Caller = w.dealer): Promise<Doc> {
  const res = await reader.request('GET', `/v1/moves/${moveId}/condition`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function bookOneWay(w: World, vehicle: Doc = {}): Promise<number> {
  const body = oneWayRequest();
  body.move.vehicle = { ...body.move.vehicle, ...vehicle };
  const booked = await bookCase(w.dealer, ONE_WAY, body);
  await dispatchOk(w.ops, booked.ids[0]!, w.driver.driverId);
  return booked.ids[0]!;
}

const panels = (list: Doc[]) => list.map((c) => c.panel);

// pdfjs reads the 14 standard fonts' metrics from here instead of guessing widths.
const standardFontDataUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts/');

/** Each page's text and how many images it paints, as a reader sees them. */
async function readPdf(bytes: Buffer): Promise<{ text: string; images: number }[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl }).promise;
  const pages = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const page = await pdf.getPage(number);
    const content = await page.getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    const ops = await page.getOperatorList();
    pages.push({ text, images: ops.fnArray.filter((fn) => fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject).length });
  }
  await pdf.destroy();
  return pages;
}

/** A phone-sized photo with grain (random pixels, scaled up), so its JPEG and thumbnail weigh what a real one does. */
function grainyPhoto(): Promise<Buffer> {
  const raw = { width: 320, height: 240, channels: 3 as const };
  return sharp(randomBytes(raw.width * raw.height * raw.channels), { raw }).resize(1280, 960).jpeg({ quality: 80 }).toBuffer();
}

for (const engine of engines()) {
  describe(`condition reports (${engine})`, () => {
    const w = {} as World;
    let first: number;
    let pdf: Buffer;

    before(async () => {
      w.t = await startTestApp(engine);
      w.dealer = await addCaller(w.t, 'dealer', [w.t.rooftopId]);
      w.ops = await addCaller(w.t, 'ops', 'all');
      w.driver = await addDriver(w.t, w.ops, { name: 'Sam Okafor' });
    });
    after(() => w.t.close());

    test('reports while open and once signed; the diff and move.damage.detected at delivery', async () => {
      first = await bookOneWay(w);
      assert.deepEqual(await conditionOf(w, first), { move_id: first, pickup: null, delivery: null, diff: null, odometer_delta: null, fuel_delta: null });
      await step(w, first, 'pickup_started');
      await step(w, first, 'pickup_arrived');
      await photos(w, first, 'pickup', PICKUP_PHOTOS);
      await report(w, first, 'pickup', 12_000, PICKUP_DAMAGES);

      const open = await conditionOf(w, first);
      assert.deepEqual(Object.keys(open), ['move_id', 'pickup', 'delivery', 'diff', 'odometer_delta', 'fuel_delta']);
      assert.deepEqual(Object.keys(open.pickup), ['slot', 'workflow_id', 'signed_at', 'report_sha256', 'odometer', 'fuel_level', 'keys', 'notes', 'signer_name', 'damages', 'visible_panels', 'photos', 'warnings']);
      assert.equal(open.pickup.signed_at, null);
      assert.equal(open.pickup.report_sha256, null);
      assert.deepEqual([open.pickup.odometer, open.pickup.fuel_level, open.pickup.keys, open.pickup.notes], [12_000, 80, 2, 'pickup notes']);
      assert.deepEqual(open.pickup.damages, PICKUP_DAMAGES.map(stored));
      assert.deepEqual(open.pickup.photos.map((p: Doc) => p.step_id).sort(), ['front', 'left', 'rear']);
      assert.ok(open.pickup.visible_panels.includes('hood') && !open.pickup.visible_panels.includes('right-front-door') && !open.pickup.visible_panels.includes('roof'));
      assert.equal(open.delivery, null);
      assert.equal(open.diff, null);

      const signed = await signSlot(w.driver.app, first, 'pickup', 'Ada Lovelace');
      assert.equal(signed.statusCode, 201, signed.body);
      await step(w, first, 'pickup_successful');
      const afterPickup = await conditionOf(w, first);
      assert.match(afterPickup.pickup.report_sha256, HEX64);
      assert.equal(afterPickup.pickup.signer_name, 'Ada Lovelace');
      assert.equal(afterPickup.pickup.signed_at, new Date(w.t.clock.now()).toISOString().replace('.000', ''));

      await step(w, first, 'delivery_started');
      await step(w, first, 'delivery_arrived');
      await photos(w, first, 'delivery', DELIVERY_PHOTOS);
      await report(w, first, 'delivery', 12_900, DELIVERY_DAMAGES);
      const delivering = await conditionOf(w, first);
      assert.equal(delivering.diff, null, 'no verdict before the delivery is signed');
      assert.equal(delivering.delivery.signed_at, null);
      assert.equal(delivering.odometer_delta, 900);
      assert.equal(delivering.fuel_delta, -25);
      assert.match(delivering.delivery.warnings.join('\n'), /odometer advanced 900 mi, more than the .* expected/);
      assert.deepEqual(delivering.pickup.warnings, []);

      await signSlot(w.driver.app, first, 'delivery', 'Grace Hopper');
      await step(w, first, 'delivery_successful');
      const done = await conditionOf(w, first);
      assert.match(done.delivery.report_sha256, HEX64);
      assert.notEqual(done.delivery.report_sha256, done.pickup.report_sha256);
      assert.deepEqual(Object.keys(done.diff), ['new', 'worsened', 'unchanged', 'improved', 'not_comparable']);
      assert.deepEqual(panels(done.diff.new), ['front-bumper']);
      assert.deepEqual(panels(done.diff.worsened), ['left-front-door']);
      assert.deepEqual(panels(done.diff.unchanged), ['hood']);
      assert.deepEqual(panels(done.diff.improved), ['rear-bumper']);
      assert.deepEqual(panels(done.diff.not_comparable), ['right-front-door']);
      assert.deepEqual(done.diff.worsened[0], { panel: 'left-front-door', pickup: [stored(PICKUP_DAMAGES[1]!)], delivery: [stored(DELIVERY_DAMAGES[2]!)] });

      const damage = (await eventRows(w.t, first)).filter((e) => e.type === 'move.damage.detected');
      assert.equal(damage.length, 1, 'one move.damage.detected, at delivery_successful');
      assert.deepEqual(JSON.parse(damage[0]!.data).damage.diff, done.diff);
      assert.equal((await eventRows(w.t, first)).filter((e) => e.type === 'move.bol.ready').length, 1);
    });

    test('the evidence pack: VIN, both hashes, the diff, thumbnails and signatures', async () => {
      const done = await conditionOf(w, first);
      const res = await w.dealer.request('GET', `/v1/moves/${first}/condition.pdf`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.equal(res.headers['content-disposition'], `inline; filename="move-${first}-condition.pdf"`);
      pdf = res.rawPayload;
      // To look at it: CONDITION_PDF_OUT=/tmp/pack.pdf, then pdftoppm -png.
      if (engine === 'sqlite' && process.env.CONDITION_PDF_OUT) writeFileSync(process.env.CONDITION_PDF_OUT, pdf);
      const pages = await readPdf(pdf);
      const text = pages.map((p) => p.text).join('\n');
      // Panels are printed as words: front-bumper is "Front bumper".
      for (const expected of [VIN, done.pickup.report_sha256, done.delivery.report_sha256, 'Front bumper', 'Left front door', 'Right front door', 'Rear bumper', 'Hood', 'Sam Okafor', 'Ada Lovelace', 'Grace Hopper']) {
        assert.ok(text.includes(expected), `the pack shows ${expected}`);
      }
      const images = pages.reduce((n, p) => n + p.images, 0);
      assert.equal(images, PICKUP_PHOTOS.length + DELIVERY_PHOTOS.length + 2, 'every thumbnail and both signatures');
    });

    // How long it takes is the benchmark's to measure, not a test's; the time is reported as a diagnostic.
    test('the evidence pack of a move with 20 photos a side has every thumbnail and both signatures', async (t) => {
      const id = await bookOneWay(w, { vin: null, stock: 'BUSY-1' });
      const angles = ['front', 'front-left', 'left', 'rear-left', 'rear', 'rear-right', 'right', 'front-right', 'odometer-photo', 'interior'];
      for (const [slot, steps] of [['pickup', ['pickup_started', 'pickup_arrived']], ['delivery', ['pickup_successful', 'delivery_started', 'delivery_arrived']]] as const) {
        for (const name of steps) await step(w, id, name);
        for (let i = 0; i < 20; i += 1) {
          const res = await uploadPhoto(w.driver.app, id, slot, angles[i] ?? 'damages', await grainyPhoto());
          assert.equal(res.statusCode, 201, res.body);
        }
        await report(w, id, slot, slot === 'pickup' ? 5_000 : 5_010, []);
        await signSlot(w.driver.app, id, slot);
      }
      await step(w, id, 'delivery_successful');
      const started = performance.now();
      const res = await w.dealer.request('GET', `/v1/moves/${id}/condition.pdf`);
      const ms = performance.now() - started;
      assert.equal(res.statusCode, 200);
      assert.equal((await readPdf(res.rawPayload)).reduce((n, p) => n + p.images, 0), 42, '40 thumbnails and 2 signatures');
      t.diagnostic(`evidence pack, 20 photos a side: ${ms.toFixed(0)} ms, ${(res.rawPayload.length / 1024).toFixed(0)} KiB`);
    });

    test('a clean move has no damage event; the odometer within the lane raises no warning', async () => {
      const id = await bookOneWay(w, { vin: null, stock: 'CLEAN-1' });
      await stepsOk(w.driver.app, id);
      const done = await conditionOf(w, id);
      assert.deepEqual(done.delivery.warnings, []);
      assert.deepEqual(done.diff, { new: [], worsened: [], unchanged: [], improved: [], not_comparable: [] });
      assert.equal((await eventRows(w.t, id)).filter((e) => e.type === 'move.damage.detected').length, 0);
    });

    test("the vehicle's history, and the prior damages its next pickup must review", async () => {
      const second = await bookOneWay(w);
      await step(w, second, 'pickup_started');
      await step(w, second, 'pickup_arrived');
      const view = await w.driver.app.request('GET', `/v1/driver/moves/${second}/workflows/pickup`);
      assert.equal(view.statusCode, 200, view.body);
      const prior = view.json().prior_damages as Doc[];
      assert.deepEqual(prior.map((d) => [d.panel, d.type, d.severity, d.from_move_id, d.review]), DELIVERY_DAMAGES.map((d) => [d.panel, d.type, d.severity, first, null]));
      assert.ok(view.json().missing.includes('prior-damages-review'));

      await report(w, second, 'pickup', 12_910, []);
      const refused = await sendStep(w.driver.app, second, { step: 'pickup_successful', lat: 37.54, lon: -77.43 });
      assertError(refused, 409, 'workflow_incomplete', DELIVERY_DAMAGES.map(() => ['workflow_incomplete', 'pickup_workflow_data.prior-damages-review']));

      const patch = (body: unknown, who: Caller = w.driver.app, path = `/v1/driver/moves/${second}/workflows/pickup/data`) => who.request('PATCH', path, body);
      assertError(await patch({ 'prior-damages-review': [{ panel: 'roof', type: 'dent', review: 'confirmed' }] }), 422, 'workflow_data_invalid', [['workflow_data_invalid', 'prior-damages-review.0']]);
      assertError(await patch({ 'prior-damages-review': [{ panel: 'hood', type: 'scratch', review: 'maybe' }] }), 422, 'workflow_data_invalid', [['workflow_data_invalid', 'prior-damages-review.0.review']]);
      assertError(await patch({ 'prior-damages-review': [] }, w.dealer, `/v1/moves/${second}/workflows/pickup/data`), 422, 'workflow_data_invalid', [['workflow_data_invalid', 'prior-damages-review']]);
      const reviews = DELIVERY_DAMAGES.map((d, i) => ({ panel: d.panel, type: d.type, review: i === 3 ? 'disputed' : 'confirmed', ...(i === 3 ? { note: 'no scratch there' } : {}) }));
      const reviewed = await patch({ 'prior-damages-review': reviews });
      assert.equal(reviewed.statusCode, 200, reviewed.body);
      assert.deepEqual(reviewed.json().prior_damages.map((d: Doc) => d.review), ['confirmed', 'confirmed', 'confirmed', 'disputed']);
      assert.ok(!reviewed.json().missing.includes('prior-damages-review'));
      await step(w, second, 'pickup_successful');
      await step(w, second, 'delivery_started');
      await step(w, second, 'delivery_arrived');
      await report(w, second, 'delivery', 12_915, []);
      await signSlot(w.driver.app, second, 'delivery');
      await step(w, second, 'delivery_successful');

      const history = await w.dealer.request('GET', `/v1/vehicles/${VIN.toLowerCase()}/condition`);
      assert.equal(history.statusCode, 200, history.body);
      assert.equal(history.json().vin, VIN);
      assert.deepEqual(history.json().reports.map((r: Doc) => [r.move_id, r.slot]), [[second, 'delivery'], [second, 'pickup'], [first, 'delivery'], [first, 'pickup']]);
      assert.deepEqual(history.json().reports[2], { move_id: first, ...(await conditionOf(w, first)).delivery });
      const one = await w.dealer.request('GET', `/v1/vehicles/${VIN}/condition?limit=1`);
      assert.deepEqual(one.json().reports.map((r: Doc) => r.move_id), [second]);
    });

    test('by stock number for a vehicle without a VIN; a client of several rooftops names one', async () => {
      const res = await w.dealer.request('GET', '/v1/vehicles/condition?stock=CLEAN-1');
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(Object.keys(res.json()), ['stock', 'rooftop', 'reports']);
      assert.deepEqual(res.json().reports.map((r: Doc) => r.slot), ['delivery', 'pickup']);
      assertError(await w.dealer.request('GET', '/v1/vehicles/condition'), 400, 'field_missing', [['field_missing', 'stock']]);
      const other = await w.t.addRooftop({ name: 'Other Motors' });
      const admin = await addCaller(w.t, 'dealer_admin', [w.t.rooftopId, other]);
      assertError(await admin.request('GET', '/v1/vehicles/condition?stock=CLEAN-1'), 400, 'field_missing', [['field_missing', 'rooftop']]);
      const chosen = await admin.request('GET', `/v1/vehicles/condition?stock=CLEAN-1&rooftop=${w.t.rooftopId}`);
      assert.equal(chosen.json().reports.length, 2);
      const elsewhere = await admin.request('GET', `/v1/vehicles/condition?stock=CLEAN-1&rooftop=${other}`);
      assert.deepEqual(elsewhere.json().reports, []);
    });

    test('refusals: another rooftop, a driver, a bad VIN or limit; a move booked before inspections', async () => {
      const stranger = await addCaller(w.t, 'dealer', [await w.t.addRooftop({ name: 'Elsewhere Auto' })]);
      for (const path of [`/v1/moves/${first}/condition`, `/v1/moves/${first}/condition.pdf`, '/v1/moves/abc/condition']) {
        assertError(await stranger.request('GET', path), 404, 'move_invalid');
      }
      const theirs = await stranger.request('GET', `/v1/vehicles/${VIN}/condition`);
      assert.deepEqual(theirs.json().reports, [], "another rooftop's history is not shown");
      assert.equal((await w.driver.app.request('GET', `/v1/moves/${first}/condition`)).statusCode, 403);
      assert.equal((await w.driver.app.request('GET', `/v1/moves/${first}/condition.pdf`)).statusCode, 403);
      for (const vin of ['1HGCM82633A00435', '1HGCM82633A00435I', 'x'.repeat(60)]) {
        assertError(await w.dealer.request('GET', `/v1/vehicles/${vin}/condition`), 400, 'field_invalid', [['field_invalid', 'vin']]);
      }
      assertError(await w.dealer.request('GET', `/v1/vehicles/${VIN}/condition?limit=51`), 400, 'field_invalid', [['field_invalid', 'limit']]);

      const old = await bookOneWay(w, { vin: null, stock: 'OLD-1' });
      await w.t.deps.database.db.deleteFrom('move_slots').where('move_id', '=', old).execute();
      assert.deepEqual(await conditionOf(w, old), { move_id: old, pickup: null, delivery: null, diff: null, odometer_delta: null, fuel_delta: null });
      assert.equal((await w.dealer.request('GET', `/v1/moves/${old}/condition.pdf`)).statusCode, 200);
    });
  });
}
