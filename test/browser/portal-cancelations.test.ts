// The ops desk's pending cancelations in Chromium, against a real server: a dealer asks to cancel
// three bookings (a one-way whose driver set out, so the rule says partial and a fee applies; a
// concierge-loaner pair and a round trip not yet dispatched). Ops open /portal/cancelations from the
// nav and see each with rooftop, customer, RO and the fee; decide the one-way by keyboard alone
// (overriding the rule to canceled, through the confirm step), and it leaves the list with the status
// the API then shows. A decision the rule (here: another desk) made first is refused at the form; a
// booking decided elsewhere leaves the list by itself (the page polls). axe; phone and desktop shots.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { validBooking } from '../support/booking-load.ts';
import { engines } from '../support/databases.ts';
import {
  addPortalUser,
  addRooftop,
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

const OPS = { email: 'dispatch@handoff.example', name: 'Dee Spatcher', password: 'correct horse battery staple' };
async function setUp(server: PortalServer) {
  const rooftop = await addRooftop(server);
  await addPortalUser(server, { ...OPS, role: 'ops' });
  const dealer = await bearerClient(server, 'dealer', [rooftop]);
  const desk = await deskClient(server);
  await desk('POST', '/v1/ops/contracts', {
    rooftop,
    begin_date: '2026-01-01',
    end_date: '2027-12-31',
    mileage_bands: [{ rate: 45.01, type: 'flat', class: 'stranded', distance_start: 0, distance_end: 250 }],
    accessorials: { wait_per_minute: 0.5, wait_free_minutes: 15, fuel: { type: 'none' }, cancel_partial_fee: 25, dry_run_fee: 75, rush_fee: 0 },
  });
  const d = await desk('POST', '/v1/ops/drivers', { name: 'Cy Cole', phone: '804-555-0134', can_drive_manual: true });
  const driver = await credentialsClient(server, d.client_id, d.client_secret);

  const oneWay = (await dealer('POST', '/v1/one-way-moves', validBooking('one-way', undefined, 'RO-1111'))).move.move_id as number;
  await desk('POST', `/v1/ops/moves/${oneWay}/dispatch`, { driver_id: d.driver_id });
  await driver('POST', `/v1/driver/moves/${oneWay}/steps`, { step: 'pickup_started', lat: 37.5407, lon: -77.436 });
  const pairDoc = await dealer('POST', '/v1/concierge-loaner-moves', validBooking('concierge-loaner', undefined, 'RO-2222'));
  const pair = pairDoc.loaner_move.move_id as number;
  const roundTrip = (await dealer('POST', '/v1/round-trip-moves', validBooking('round-trip', undefined, 'RO-3333'))).move_one.move_id as number;
  const preview = await dealer('POST', '/v1/cancelation', { move_id: oneWay, dry_run: true });
  for (const id of [oneWay, pair, roundTrip]) await dealer('POST', '/v1/cancelation', { move_id: id });
  return { desk, oneWay, pair, roundTrip, customer: pairDoc.customer_name as string, previewFee: preview.fee as number };
}

const row = (page: Page, moveId: number) => page.locator('table.cancelations tbody tr').filter({ has: page.locator(`a[href="/portal/moves/${moveId}"]`) });

describe('the pending cancelations page in Chromium', () => {
  after(() => closePortalBrowser());

  for (const engine of engines()) {
    test(`on ${engine}: ops see pending cancelations with their fees, decide one by keyboard, and the list follows the API`, async () => {
      const { browser } = await portalBrowser();
      const server = await startPortalServer(engine, { CANCEL_DECISION_DELAY_MS: '3600000' });
      const { page, problems } = await openPortalPage(browser);
      try {
        const s = await setUp(server);
        await page.goto(`${server.baseUrl}/portal/login`);
        await page.locator('#email').fill(OPS.email);
        await page.locator('#password').fill(OPS.password);
        await page.locator('#password').press('Enter');
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cancelations' }).click();
        await page.waitForURL(`${server.baseUrl}/portal/cancelations`);
        await page.getByText('3 pending cancelations.').waitFor();

        const oneWayRow = row(page, s.oneWay);
        const text = await oneWayRow.innerText();
        assert.match(text, /One-way[\s\S]*pickup started[\s\S]*Denny's Automobiles[\s\S]*RO-1111/);
        assert.equal(s.previewFee, 25);
        assert.match(text, /Partial, \$25\.00/, 'the fee the dry run previews');
        assert.match(await row(page, s.pair).innerText(), new RegExp(`Concierge with loaner[\\s\\S]*${s.customer}[\\s\\S]*RO-2222[\\s\\S]*Canceled, \\$0\\.00`));
        await axeCheck(page, 'the pending cancelations');
        await screenshot(page, 'cancelations');

        // By keyboard: Decide, arrow up from the rule's "partial" to "canceled", Enter, confirm with Enter.
        await oneWayRow.getByRole('button', { name: `Decide move #${s.oneWay}` }).focus();
        await page.keyboard.press('Enter');
        const partial = oneWayRow.getByRole('radio', { name: /Partial/ });
        await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.value === 'partial');
        assert.equal(await partial.isChecked(), true, "the rule's outcome is chosen to start with");
        await page.keyboard.press('ArrowUp');
        assert.equal(await oneWayRow.getByRole('radio', { name: /Canceled/ }).isChecked(), true);
        await page.keyboard.press('Enter');
        const yes = oneWayRow.getByRole('button', { name: 'Yes, decide canceled' });
        await page.waitForFunction(() => document.activeElement?.textContent === 'Yes, decide canceled');
        await oneWayRow.getByText('charging $0.00').waitFor();
        await axeCheck(page, 'the confirm step');
        await screenshot(page, 'cancelations-confirm');
        await yes.press('Enter');
        await page.getByRole('status').filter({ hasText: `Move #${s.oneWay}: decided canceled.` }).waitFor();
        await page.getByText('2 pending cancelations.').waitFor();
        assert.equal(await oneWayRow.count(), 0, 'it left the list');
        assert.equal((await s.desk('GET', `/v1/moves/${s.oneWay}`)).move.cancel_status, 'canceled', 'as the API says');

        // Decided elsewhere while the form is open: the confirm is refused, said at the form.
        const pairRow = row(page, s.pair);
        await pairRow.getByRole('button', { name: `Decide move #${s.pair}` }).click();
        await pairRow.getByRole('button', { name: 'Decide…' }).click();
        await s.desk('POST', `/v1/ops/moves/${s.pair}/cancel-decision`, { outcome: 'failed' });
        await pairRow.getByRole('button', { name: 'Yes, decide canceled' }).click();
        await pairRow.getByRole('alert').filter({ hasText: /no pending cancelation to decide/ }).waitFor();
        await axeCheck(page, 'a refused decision');
        await pairRow.getByRole('button', { name: 'Cancel' }).click();
        await page.getByText('1 pending cancelation.').waitFor();

        // Decided elsewhere with nothing open: the page's polling drops it without a reload.
        await s.desk('POST', `/v1/ops/moves/${s.roundTrip}/cancel-decision`, { outcome: 'canceled' });
        await page.getByText('No cancelation is waiting for a decision.').waitFor({ timeout: 12_000 });
        await screenshot(page, 'cancelations-empty');
        // Chromium logs the 4xx met on purpose: GET /v1/session signed out (401), the refused decision (409).
        const unexpected = problems.filter((p) => !/status of (401 \(Unauthorized\)|409 \(Conflict\))$/.test(p));
        assert.deepEqual(unexpected, [], 'no console errors, exceptions or refused requests');
      } finally {
        await page.context().close();
        await server.close();
      }
    });
  }
});
