// The dealer's inspection steps on the move page, in Chromium, on both databases. A Concierge +
// Loaner booked without the customer's details marked complete: its loaner cannot start delivery
// (409 workflow_incomplete) until the dealer ticks `consumer-info-complete`. The dealer does it in
// the page, by keyboard alone; the page says it is saved and shows the step done, and the driver's
// delivery_started then goes through. Screenshots (phone and desktop) go to test-artifacts/portal/.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { insertClient } from '../../src/modules/clients/clients.repository.ts';
import { hashSecret } from '../../src/modules/clients/credentials.ts';
import { validBooking } from '../support/booking-load.ts';
import { engines } from '../support/databases.ts';
import { completeSlotWith, type Send, sendOverHttp } from '../support/inspection.ts';
import {
  addPortalUser,
  addRooftop,
  axeCheck,
  bearerClient,
  closePortalBrowser,
  openPortalPage,
  type PortalServer,
  portalBrowser,
  screenshot,
  startPortalServer,
} from '../support/portal-browser.ts';

const DEALER = { email: 'jane.smith@dennys.example', name: 'Jane Smith', password: 'correct horse battery staple' };
const LIVE = { timeout: 5000 };
const AT = { lat: 37.5407, lon: -77.436 };

async function authorize(server: PortalServer, clientId: string, secret: string): Promise<string> {
  const res = await fetch(`${server.baseUrl}/v1/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: clientId, client_secret: secret }),
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The all-rooftops desk makes a driver and dispatches the move to them; answers the driver's own client. */
async function dispatchToNewDriver(server: PortalServer, moveId: number): Promise<Send> {
  const clientId = `workflow_desk_${Math.random().toString(36).slice(2, 8)}`;
  await insertClient(server.deps.database.db, { clientId, secretHash: hashSecret('desk secret'), role: 'ops', allRooftops: true, rooftopIds: [], now: server.deps.clock.now() });
  const desk = sendOverHttp(server.baseUrl, await authorize(server, clientId, 'desk secret'));
  const made = await desk('POST', '/v1/ops/drivers', { name: 'Dana Driver', phone: '804-555-0134', can_drive_manual: true });
  assert.equal(made.statusCode, 200, made.body);
  const driver = JSON.parse(made.body) as { driver_id: number; client_id: string; client_secret: string };
  const dispatched = await desk('POST', `/v1/ops/moves/${moveId}/dispatch`, { driver_id: driver.driver_id });
  assert.equal(dispatched.statusCode, 200, dispatched.body);
  return sendOverHttp(server.baseUrl, await authorize(server, driver.client_id, driver.client_secret));
}

describe("the dealer's inspection steps in Chromium", () => {
  after(() => closePortalBrowser());

  for (const engine of engines()) {
    test(`on ${engine}: the dealer completes the loaner's gate in the page, and its delivery can start`, async (t) => {
      const { browser, source } = await portalBrowser();
      t.diagnostic(`browser: ${source}`);
      const server = await startPortalServer(engine);
      const { page, problems } = await openPortalPage(browser);
      try {
        const rooftopId = await addRooftop(server);
        await addPortalUser(server, { ...DEALER, role: 'dealer', rooftopIds: [rooftopId] });
        const dealerApi = await bearerClient(server, 'dealer', [rooftopId]);
        const booking = validBooking('concierge-loaner');
        delete booking.loaner_move.pickup_workflow_data; // the customer's details are not complete yet
        const pair = await dealerApi('POST', '/v1/concierge-loaner-moves', booking);
        const loaner = pair.loaner_move.move_id as number;
        const driver = await dispatchToNewDriver(server, loaner);

        const signedIn = await page.request.post(`${server.baseUrl}/v1/session`, { data: { email: DEALER.email, password: DEALER.password } });
        assert.equal(signedIn.status(), 200);
        await page.goto(`${server.baseUrl}/portal/moves/${loaner}`);
        const section = page.getByRole('region', { name: 'Your inspection steps' });
        const form = section.getByRole('form', { name: new RegExp(`move #${loaner}\\), at pickup`) });
        const box = form.getByRole('checkbox', { name: "Customer's details complete" });
        await box.waitFor();
        assert.equal(await box.isChecked(), false);
        const step = form.locator('li[data-step="consumer-info-complete"]');
        await step.getByText('Not done yet — holds delivery started until done').waitFor();
        // Only the loaner's pickup has a dealer step: no form for the other slots.
        assert.equal(await section.getByRole('form').count(), 1);
        await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

        // The driver picks the loaner up; its delivery is held back by the dealer's step.
        for (const s of ['pickup_started', 'pickup_arrived']) assert.equal((await driver('POST', `/v1/driver/moves/${loaner}/steps`, { step: s, ...AT })).statusCode, 200);
        await completeSlotWith(driver, loaner, 'pickup');
        assert.equal((await driver('POST', `/v1/driver/moves/${loaner}/steps`, { step: 'pickup_successful', ...AT })).statusCode, 200);
        const held = await driver('POST', `/v1/driver/moves/${loaner}/steps`, { step: 'delivery_started', ...AT });
        assert.equal(held.statusCode, 409, held.body);
        assert.equal(JSON.parse(held.body).code, 'workflow_incomplete');
        // The page followed the pickup live, and still offers the step (a signed slot keeps its open gate).
        await page.locator(`.leg-status[data-move-id="${loaner}"]`).getByText('status: pickup successful', { exact: true }).waitFor(LIVE);
        await axeCheck(page, 'the move page with a dealer step to do');
        await screenshot(page, 'workflow-step-open');

        // By keyboard alone: tick the box, move to Save, press Enter.
        await box.focus();
        await page.keyboard.press('Space');
        assert.equal(await box.isChecked(), true);
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Save steps');
        await page.keyboard.press('Enter');
        await form.getByRole('status').getByText('Saved.').waitFor(LIVE);
        await step.getByText('Done', { exact: true }).waitFor(LIVE);
        assert.equal(await box.isChecked(), true, 'the box shows what the API recorded');

        const workflow = await dealerApi('GET', `/v1/moves/${loaner}/workflows/pickup`);
        assert.equal(workflow.data['consumer-info-complete'], true, 'recorded by the API');
        const started = await driver('POST', `/v1/driver/moves/${loaner}/steps`, { step: 'delivery_started', ...AT });
        assert.equal(started.statusCode, 200, started.body);
        await page.locator(`.leg-status[data-move-id="${loaner}"]`).getByText('status: delivery started', { exact: true }).waitFor(LIVE);
        assert.equal(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed), true, 'never reloaded');
        await axeCheck(page, 'the move page with the dealer step done');
        await screenshot(page, 'workflow-step-done');
        assert.deepEqual(problems, []);
      } finally {
        await page.context().close();
        await server.close();
      }
    });
  }
});
