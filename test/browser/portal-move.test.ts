// A move's page in Chromium (/portal/moves/:id), on both databases: a dealer opens a booked
// Concierge + Loaner and, with the page left open, the ops desk dispatches it and the driver sets
// out and arrives: the page shows each new status and the driver without a reload, the timeline
// grows, and the map draws the stops, legs and the driver's position (no tile server configured,
// so no tile is requested). The dealer disputes a charge (the reason is required). On a one-way move: a bad edit is shown at its field and saves nothing,
// a good one is saved; the cancelation preview shows the API's fee and basis, and confirming cancels.
// Screenshots (phone and desktop) before and after dispatch go to test-artifacts/portal/.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { validBooking } from '../support/booking-load.ts';
import { engines } from '../support/databases.ts';
import {
  addPortalUser,
  addRooftop,
  type Api,
  axeCheck,
  bearerClient,
  closePortalBrowser,
  credentialsClient,
  deskClient,
  openPortalPage,
  type PortalServer,
  portalBrowser,
  screenshot,
  startPortalServer,
} from '../support/portal-browser.ts';

const DEALER = { email: 'jane.smith@dennys.example', name: 'Jane Smith', password: 'correct horse battery staple' };
const BANDS = [
  { rate: 45.01, type: 'flat', class: 'stranded', distance_start: 0, distance_end: 25 },
  { rate: 1.5, type: 'per', class: 'stranded', distance_start: 25, distance_end: 250 },
  { rate: 0.99, type: 'per', class: 'base', distance_start: 0, distance_end: 250 },
];
/** The promise to advisors: a change is on the page within 5 s. */
const LIVE = { timeout: 5000 };

/** A driver made by the ops desk, signed in with the credentials it answers: posts steps as the driver app does. */
async function addDriver(server: PortalServer, ops: Api, name: string) {
  const made = await ops('POST', '/v1/ops/drivers', { name, phone: '804-555-0134', can_drive_manual: false });
  const app = await credentialsClient(server, made.client_id, made.client_secret);
  const step = async (moveId: number, step: string, at: { lat: number; lon: number }) => {
    await app('POST', `/v1/driver/moves/${moveId}/steps`, { step, ...at });
  };
  return { driverId: made.driver_id as number, step };
}

const legStatus = (page: Page, moveId: number) => page.locator(`.leg-status[data-move-id="${moveId}"]`);

describe('the move page in Chromium', () => {
  after(() => closePortalBrowser());

  for (const engine of engines()) {
    test(`on ${engine}: live status, driver, timeline and map; a dispute; edit errors at fields; cancel with the fee preview`, async (t) => {
      const { browser, source } = await portalBrowser();
      t.diagnostic(`browser: ${source}`);
      const server = await startPortalServer(engine);
      const { page, problems } = await openPortalPage(browser);
      try {
        const rooftopId = await addRooftop(server);
        await addPortalUser(server, { ...DEALER, role: 'dealer', rooftopIds: [rooftopId] });
        const dealerApi = await bearerClient(server, 'dealer', [rooftopId]);
        const opsApi = await deskClient(server);
        const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
        await opsApi('POST', '/v1/ops/contracts', { rooftop: rooftopId, begin_date: day(-1), end_date: day(365), mileage_bands: BANDS, accessorials: {} });
        const pair = await dealerApi('POST', '/v1/concierge-loaner-moves', validBooking('concierge-loaner'));
        const oneWay = await dealerApi('POST', '/v1/one-way-moves', validBooking('one-way'));
        const first = [pair.loaner_move, pair.customer_move].find((m) => m.cardinality === 0)!;
        const second = [pair.loaner_move, pair.customer_move].find((m) => m.cardinality === 1)!;

        const offOrigin: string[] = [];
        page.on('request', (r) => {
          if (!r.url().startsWith(server.baseUrl)) offOrigin.push(r.url());
        });
        const signedIn = await page.request.post(`${server.baseUrl}/v1/session`, { data: { email: DEALER.email, password: DEALER.password } });
        assert.equal(signedIn.status(), 200);

        // Booked: both legs, their statuses in words and as the API says them, no driver yet.
        await page.goto(`${server.baseUrl}/portal/moves/${first.move_id}`);
        await page.getByRole('heading', { level: 1, name: `Move #${first.move_id}` }).waitFor();
        for (const leg of [first, second]) {
          await legStatus(page, leg.move_id).getByText('Booked, waiting for a driver').waitFor();
          await legStatus(page, leg.move_id).getByText('status: null').waitFor();
        }
        assert.equal(await page.locator('.leg-driver').first().textContent(), 'Not assigned yet');
        // The map: two stops (the service lot and the customer's), a line per leg, no driver yet.
        await page.locator('.route-map path.map-stop').nth(1).waitFor();
        assert.equal(await page.locator('.route-map path.map-stop').count(), 2);
        assert.equal(await page.locator('.route-map path.map-leg').count(), 2);
        assert.equal(await page.locator('.route-map path.map-driver').count(), 0);
        await page.getByRole('heading', { name: 'Charge' }).waitFor();
        await page.locator('.charge-due').first().waitFor();
        // The dealer disputes the first leg's charge: a reason is required, shown at its field.
        await page.getByRole('button', { name: 'Dispute this charge' }).first().click();
        await page.getByRole('button', { name: 'Send dispute' }).click();
        await page.locator(`#dispute-${first.move_id}-problem`).waitFor();
        assert.equal(await page.getByLabel('Why do you dispute it?').getAttribute('aria-invalid'), 'true');
        await page.getByLabel('Why do you dispute it?').fill('The loaner was never moved');
        await page.getByRole('button', { name: 'Send dispute' }).click();
        await page.locator('.charge-status').getByText('The loaner was never moved').waitFor();
        const disputed = await dealerApi('GET', `/v1/moves/${first.move_id}`);
        assert.equal(disputed.loaner_move.charge.disputed || disputed.customer_move.charge.disputed, true);
        const shownBefore = await page.locator('ol.timeline > li').count();
        assert.ok(shownBefore >= 1, 'the booking is on the timeline');
        await axeCheck(page, 'the move page, booked');
        await screenshot(page, 'move-booked');

        // With the page open: dispatch, then the driver sets out and arrives. No reload in between.
        await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
        const driver = await addDriver(server, opsApi, 'Dana Driver');
        await opsApi('POST', `/v1/ops/moves/${first.move_id}/dispatch`, { driver_id: driver.driverId });
        await legStatus(page, first.move_id).getByText('A driver is assigned').waitFor(LIVE);
        await legStatus(page, first.move_id).getByText('status: dispatched').waitFor(LIVE);
        await page.locator('.leg-driver').first().getByText('Dana Driver').waitFor(LIVE);
        await page.getByRole('status').filter({ hasText: 'Status now: A driver is assigned' }).waitFor(LIVE);

        await driver.step(first.move_id, 'pickup_started', { lat: 37.5001, lon: -77.55 });
        await legStatus(page, first.move_id).getByText('The driver is on the way to the pickup').waitFor(LIVE);
        await page.locator('.route-map path.map-driver').waitFor(LIVE);
        await driver.step(first.move_id, 'pickup_arrived', { lat: 37.5407, lon: -77.436 });
        await legStatus(page, first.move_id).getByText('The driver is at the pickup').waitFor(LIVE);
        await legStatus(page, first.move_id).getByText('status: pickup arrived').waitFor(LIVE);
        await page.locator('ol.timeline > li[data-type="move.pickup.arrived"]').waitFor(LIVE);
        for (const type of ['move.dispatched', 'move.pickup.started', 'driver.position']) {
          assert.ok(await page.locator(`ol.timeline > li[data-type="${type}"]`).count(), `${type} is on the timeline`);
        }
        assert.ok((await page.locator('ol.timeline > li').count()) >= shownBefore + 4, 'the timeline grew');
        const newest = await page.locator('ol.timeline > li').first().getAttribute('data-type');
        assert.ok(['move.pickup.arrived', 'driver.position'].includes(newest ?? ''), `newest first, not ${newest}`);
        assert.equal(await page.locator('.route-map path.map-driver').count(), 1, 'one driver marker');
        // In sight: the map frames the driver when they leave the view.
        const [mapBox, driverBox] = [await page.locator('.route-map').boundingBox(), await page.locator('.route-map path.map-driver').boundingBox()];
        assert.ok(mapBox && driverBox, 'both drawn');
        const inside = driverBox.x >= mapBox.x && driverBox.y >= mapBox.y && driverBox.x + driverBox.width <= mapBox.x + mapBox.width && driverBox.y + driverBox.height <= mapBox.y + mapBox.height;
        // (the whole marker, border included: the map keeps a margin around a driver near its edge)
        assert.ok(inside, `the driver marker is inside the map: ${JSON.stringify({ mapBox, driverBox })}`);
        assert.equal(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed), true, 'the page never reloaded');
        await axeCheck(page, 'the move page, under way');
        await screenshot(page, 'move-dispatched');

        // Edit the one-way: a bad VIN is shown at its field and nothing is saved; a good change is.
        const oneWayId = oneWay.move.move_id as number;
        await page.goto(`${server.baseUrl}/portal/moves/${oneWayId}`);
        await page.getByRole('button', { name: `Edit move #${oneWayId}` }).click();
        await page.getByLabel('VIN').fill('NOT A VIN');
        await page.getByLabel('Color').fill('Midnight blue');
        await page.getByRole('button', { name: 'Save changes' }).click();
        await page.locator('#edit-vehicle_vin-problem').waitFor();
        assert.equal(await page.getByLabel('VIN').getAttribute('aria-invalid'), 'true');
        assert.match((await page.getByLabel('VIN').getAttribute('aria-describedby')) ?? '', /edit-vehicle_vin-problem/);
        const unchanged = await dealerApi('GET', `/v1/moves/${oneWayId}`);
        assert.equal(unchanged.move.vehicle.color, oneWay.move.vehicle.color, 'nothing was saved');
        await axeCheck(page, 'the edit form with its error');
        await page.getByLabel('VIN').fill(oneWay.move.vehicle.vin ?? '');
        await page.getByRole('button', { name: 'Save changes' }).click();
        await page.getByText('Saved.').waitFor();
        await page.locator('.move-legs').getByText('Midnight blue').waitFor();
        assert.equal((await dealerApi('GET', `/v1/moves/${oneWayId}`)).move.vehicle.color, 'Midnight blue');

        // Cancel: the preview is the API's own dry run, fee and basis; confirming cancels.
        const expected = await dealerApi('POST', '/v1/cancelation', { move_id: oneWayId, dry_run: true });
        await page.getByRole('button', { name: 'Cancel this move…' }).click();
        const preview = page.getByRole('region', { name: 'Cancelation preview' });
        await preview.waitFor();
        const fee = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(expected.fee);
        assert.equal(await preview.locator('.cancel-fee').textContent(), fee);
        await preview.getByText(`cancel_status_if_now: ${expected.cancel_status_if_now}`).waitFor();
        for (const key of Object.keys(expected.basis)) await preview.locator('dt', { hasText: key.replace(/_/g, ' ') }).first().waitFor();
        await axeCheck(page, 'the cancelation preview');
        await preview.getByRole('button', { name: /Confirm cancelation/ }).click();
        await legStatus(page, oneWayId).getByText(/cancel_status: (pending|canceled)/).waitFor(LIVE);
        const canceled = await dealerApi('GET', `/v1/moves/${oneWayId}`);
        assert.ok(['pending', 'canceled'].includes(canceled.move.cancel_status), canceled.move.cancel_status);

        assert.deepEqual(offOrigin, [], 'no tile or other request left the origin');
        assert.deepEqual(
          problems.filter((p) => !/status of 400 \(Bad Request\)$/.test(p)),
          [],
          'no console errors, exceptions, refused requests or policy violations (the bad edit is a 400 the test provoked)',
        );
      } finally {
        await page.context().close();
        await server.close();
      }
    });
  }
});
