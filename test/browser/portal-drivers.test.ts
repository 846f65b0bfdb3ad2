// The ops desk's drivers page in Chromium, against a real server (real clock). Ops sign in at
// /portal/drivers: nobody is on shift; adding a driver with a bad phone shows the problem at the phone
// field and adds nothing; fixed (by keyboard), the driver app's credentials are shown once and sign
// the driver in. A shift ending when it starts is refused at its end; one covering now is added in
// the rooftop's local time; the driver is then on the live map's list, and on the map once their app
// reports a position; a second report moves the marker within 5 s without a reload (the page polls);
// removing the shift takes them off. A driver who left is deactivated by keyboard through a confirm
// step (Cancel first changes nothing): the row says Inactive without a reload, the focus is back on
// the row's button, the API says active: false and their app is refused; reactivated, it works
// again. axe, phone and desktop screenshots; no console errors beyond the refusals asked for.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type EngineName, engines } from '../support/databases.ts';
import {
  addPortalUser,
  addRooftop,
  axeCheck,
  closePortalBrowser,
  deskClient,
  openPortalPage,
  type PortalServer,
  portalBrowser,
  screenshot,
  startPortalServer,
} from '../support/portal-browser.ts';

const OPS = { email: 'dispatch@handoff.example', name: 'Dee Spatcher', password: 'correct horse battery staple' };
/** The promise to dispatchers: a new position is on the map within 5 s. */
const LIVE = { timeout: 5_000 };
const ZONE = 'America/New_York';

async function signIn(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/portal/drivers`);
  await page.locator('#email').fill(OPS.email);
  await page.locator('#password').fill(OPS.password);
  await page.locator('#password').press('Enter');
  await page.waitForURL(`${baseUrl}/portal/drivers`);
}

/**
 * The driver app, signed in with the credentials the page showed: reports where the driver is,
 * expects the answer's status (401 once the driver is deactivated) and answers its body.
 */
async function driverApp(server: PortalServer, clientId: string, secret: string) {
  const auth = await fetch(`${server.baseUrl}/v1/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: clientId, client_secret: secret }),
  });
  assert.equal(auth.status, 200, 'the credentials shown sign the driver app in');
  const { access_token: token } = (await auth.json()) as { access_token: string };
  return async (lat: number, lon: number, expected = 200) => {
    const res = await fetch(`${server.baseUrl}/v1/driver/location`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ lat, lon }),
    });
    const text = await res.text();
    assert.equal(res.status, expected, text);
    return text;
  };
}

/** A shift from the top of the current hour to 3 hours later, in the rooftop's zone: it holds now. */
function shiftAroundNow(): { start: string; end: string } {
  const hour = Number(new Intl.DateTimeFormat('en-US', { timeZone: ZONE, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
  const hh = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
  return { start: hh(hour), end: hh(hour + 3) };
}

/** Chromium logs each 4xx met on purpose (GET /v1/session signed out, the refused phone). */
const unexpected = (problems: string[]) => problems.filter((p) => !/status of (400 \(Bad Request\)|401 \(Unauthorized\))$/.test(p));

async function markerCentre(page: Page, driverId: number): Promise<{ x: number; y: number }> {
  const box = await page.locator(`.route-map path.map-driver-${driverId}`).boundingBox();
  assert.ok(box, 'the marker is drawn');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Waits (5 s at most) for the focus to be on `name` (its aria-label, else its text) in the driver's row. */
async function focusOn(page: Page, driverId: number, name: string): Promise<void> {
  await page.waitForFunction(
    ([id, wanted]) => {
      const el = document.activeElement;
      return el?.closest('tr')?.getAttribute('data-driver-id') === id && (el.getAttribute('aria-label') ?? el.textContent) === wanted;
    },
    [String(driverId), name] as const,
    { timeout: 5_000 },
  );
}

/** A server with a rooftop and the ops desk's portal user, and a fresh page (not signed in yet). */
async function deskPage(engine: EngineName) {
  const { browser } = await portalBrowser();
  const server = await startPortalServer(engine);
  const { page, problems } = await openPortalPage(browser);
  try {
    await addRooftop(server);
    await addPortalUser(server, { ...OPS, role: 'ops' });
  } catch (err) {
    await page.context().close();
    await server.close();
    throw err;
  }
  return { server, page, problems };
}

describe('the drivers page in Chromium', () => {
  after(() => closePortalBrowser());

  for (const engine of engines()) {
    test(`on ${engine}: add a driver (phone error first), a shift covering now, the live map follows the driver, removing the shift clears it`, async () => {
      const { server, page, problems } = await deskPage(engine);
      try {
        await signIn(page, server.baseUrl);
        await page.getByRole('heading', { name: 'Drivers', level: 1 }).waitFor();
        await page.getByText('No driver is on shift now.').waitFor();
        await page.getByText('0 drivers.').waitFor();
        await page.getByRole('banner').getByRole('link', { name: 'Drivers' }).waitFor();

        // A phone that is no US number: refused at the phone field, nothing added.
        await page.getByLabel('Name').fill('Dana Driver');
        await page.getByLabel('Mobile phone').fill('555-01');
        await page.getByRole('button', { name: 'Add driver' }).click();
        await page.locator('#driver-phone-problem').waitFor();
        assert.equal(await page.getByLabel('Mobile phone').getAttribute('aria-invalid'), 'true');
        assert.equal(await page.getByLabel('Name').getAttribute('aria-invalid'), 'false');
        await page.getByText('0 drivers.').waitFor();
        await axeCheck(page, 'the drivers page with a phone problem');

        // Fixed, by keyboard: added, and the driver app's sign-in shown once.
        await page.getByLabel('Mobile phone').fill('804-555-0134');
        await page.getByLabel('Mobile phone').press('Enter');
        await page.getByRole('heading', { name: 'Dana Driver added: their driver app sign-in' }).waitFor();
        const clientId = (await page.locator('code.client-id').textContent())!;
        const secret = await page.getByRole('textbox', { name: 'Client secret' }).inputValue();
        const report = await driverApp(server, clientId, secret);
        await page.getByText('1 driver.').waitFor();
        const row = page.locator('table.drivers tbody tr', { hasText: 'Dana Driver' });
        assert.match(await row.innerText(), /Dana Driver[\s\S]*\(804\) 555-0134[\s\S]*Active[\s\S]*Never reported/);
        const driverId = Number(await row.getAttribute('data-driver-id'));
        await page.getByRole('button', { name: 'Done' }).press('Enter');
        assert.equal(await page.locator('#driver-secret-once').count(), 0, 'shown once');

        // The driver's shifts, by keyboard: one covering now, in the rooftop's local time.
        await page.getByRole('button', { name: 'Shifts of Dana Driver' }).press('Enter');
        await page.getByText('No shift in the next 31 days.').waitFor();
        assert.equal(await page.getByLabel('Where, in whose local time').inputValue(), '0');
        assert.match(await page.getByLabel('Where, in whose local time').locator('option:checked').innerText(), /Every rooftop \(America\/New_York\)/);
        const { start, end } = shiftAroundNow();
        // An end equal to the start: refused at the Ends field, no shift added.
        await page.getByLabel('Starts').fill(start);
        await page.getByLabel('Ends').fill(start);
        await page.getByRole('button', { name: 'Add shift' }).click();
        await page.locator('#shift-end-problem').filter({ hasText: /must differ/ }).waitFor();
        assert.equal(await page.getByLabel('Ends').getAttribute('aria-invalid'), 'true');
        assert.equal(await page.locator('.shift-list li').count(), 0);
        await axeCheck(page, 'the shift form with a problem');
        await page.getByLabel('Ends').fill(end);
        await page.getByLabel('Ends').press('Enter');
        await page.getByText('Shift added for Dana Driver.').waitFor();
        assert.equal(await page.locator('.shift-list li').count(), 1);

        // On shift, not yet on the map: no position reported.
        const onShift = page.locator(`.on-shift-list li[data-driver-id="${driverId}"]`);
        await onShift.getByText('No position reported yet').waitFor(LIVE);
        assert.equal(await page.locator('.route-map path.map-driver').count(), 0);

        // The driver app reports: the marker appears, labelled; a second report moves it, no reload.
        await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
        await report(37.5407, -77.436);
        await page.locator(`.route-map path.map-driver-${driverId}`).waitFor(LIVE);
        await page.locator('.map-driver-label', { hasText: /Dana Driver · (just now|\d+ s ago)/ }).waitFor();
        await onShift.getByText('37.5407, -77.4360').waitFor();
        const before = await markerCentre(page, driverId);
        await report(37.5407, -77.45);
        await onShift.getByText('37.5407, -77.4500').waitFor(LIVE);
        const moved = await markerCentre(page, driverId);
        assert.ok(before.x - moved.x > 20, `the marker moved west on the map: ${before.x} → ${moved.x}`);
        assert.ok(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), 'without a reload');
        assert.doesNotMatch(await row.innerText(), /Never reported/, 'the list shows the last position time too');
        await axeCheck(page, 'the drivers page with a driver on the map');
        await screenshot(page, 'drivers');

        // Removing the shift (by keyboard) takes the driver off the map.
        await page.getByRole('button', { name: /^Remove the shift/ }).press('Enter');
        await page.getByText(/^Shift of .* removed\.$/).waitFor();
        await page.getByText('No shift in the next 31 days.').waitFor();
        await page.getByText('No driver is on shift now.').waitFor(LIVE);
        assert.equal(await page.locator('.route-map path.map-driver').count(), 0);
        assert.deepEqual(unexpected(problems), [], 'no console errors, exceptions or refused requests');
      } finally {
        await page.context().close();
        await server.close();
      }
    });

    test(`on ${engine}: deactivate a driver who left by keyboard (Cancel first changes nothing), then reactivate them`, async () => {
      const { server, page, problems } = await deskPage(engine);
      try {
        const desk = await deskClient(server);
        const rita = await desk('POST', '/v1/ops/drivers', { name: 'Rita Reyes', phone: '804-555-0177' });
        const driverId = Number(rita.driver_id);
        const isActive = async () => (await desk('GET', `/v1/ops/drivers/${driverId}`)).active;
        const report = await driverApp(server, rita.client_id, rita.client_secret);
        await report(37.5407, -77.436);

        await signIn(page, server.baseUrl);
        await page.getByText('1 driver.').waitFor();
        await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
        const row = page.locator(`table.drivers tbody tr[data-driver-id="${driverId}"]`);
        const state = row.locator('td[data-label="State"]');
        assert.equal(await state.innerText(), 'Active');
        const question = row.getByRole('group', { name: 'Deactivate Rita Reyes?' });

        // Asked, then Cancel (by keyboard): the focus goes back to the button, and nothing changed.
        await row.getByRole('button', { name: 'Deactivate Rita Reyes' }).focus();
        await page.keyboard.press('Enter');
        await focusOn(page, driverId, 'Yes, deactivate');
        await question.getByText('Their driver app stops working at once').waitFor();
        await page.keyboard.press('Tab');
        await focusOn(page, driverId, 'Cancel');
        await page.keyboard.press('Enter');
        await focusOn(page, driverId, 'Deactivate Rita Reyes');
        assert.equal(await question.count(), 0, 'the confirm step is gone');
        assert.equal(await state.innerText(), 'Active');
        assert.equal(await isActive(), true, 'Cancel sent nothing');
        await report(37.5407, -77.437);

        // Asked again and confirmed: Inactive in the row, as the API keeps it, and the app is refused.
        await page.keyboard.press('Enter');
        await focusOn(page, driverId, 'Yes, deactivate');
        assert.match(await question.innerText(), /Deactivate Rita Reyes\? Their driver app stops working at once, and they cannot be given moves or count as on shift\. Moves already assigned to them stay theirs and show under Attention on the board, to re-dispatch\./);
        await axeCheck(page, 'the drivers page asking to deactivate a driver');
        await screenshot(page, 'drivers-deactivate-confirm');
        await page.keyboard.press('Enter');
        await focusOn(page, driverId, 'Reactivate Rita Reyes');
        assert.equal(await state.innerText(), 'Inactive');
        assert.equal(await isActive(), false, 'the API has the driver inactive');
        assert.match(await report(37.5407, -77.438, 401), /this driver has been deactivated/, 'the driver app is refused at once');
        await screenshot(page, 'drivers-inactive');

        // Reactivated (by keyboard): Active again, and the same sign-in works.
        await page.keyboard.press('Enter');
        await focusOn(page, driverId, 'Yes, reactivate');
        await row.getByRole('group', { name: 'Reactivate Rita Reyes?' }).getByText('Their driver app works again with the same sign-in').waitFor();
        await page.keyboard.press('Enter');
        await focusOn(page, driverId, 'Deactivate Rita Reyes');
        assert.equal(await state.innerText(), 'Active');
        assert.equal(await isActive(), true, 'the API has the driver active again');
        await report(37.5407, -77.439);
        assert.ok(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), 'without a reload');
        assert.deepEqual(unexpected(problems), [], 'no console errors, exceptions or refused requests');
      } finally {
        await page.context().close();
        await server.close();
      }
    });
  }
});
