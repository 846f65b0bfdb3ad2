// The portal's acceptance journey in Chromium, once per database: a service advisor signs in by the
// login form, books a Concierge + Loaner through the booking form (a bad VIN first, corrected at its
// field), confirms, and finds the booking in the moves list by its RO; its page stays open. In a
// second browser context a dispatcher signs in, lands on the board and dispatches the scenario from
// it (by keyboard, from the suggestion list). The advisor marks the customer's details complete in
// the move page (the loaner's delivery waits for it). The driver's app then walks both legs through every
// step over the API while the advisor's page shows each new status without navigating. The advisor
// signs out: the browser is on the login page and the old session cookie no longer opens /v1.
// Every page on the way passes axe; phone and desktop screenshots go to test-artifacts/portal/.
//
// HANDOFF_DOCS_SCREENSHOTS=1 also rewrites the README's small screenshots under docs/portal/ (on
// the first database only); without it the test never touches committed files.
import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { engines } from '../support/databases.ts';
import { completeSlotWith, sendOverHttp } from '../support/inspection.ts';
import { STATUS_OF, STEPS } from '../support/lifecycle.ts';
import {
  addPortalUser,
  addRooftop,
  type Api,
  axeCheck,
  closePortalBrowser,
  deskClient,
  openPortalPage,
  type PortalServer,
  portalBrowser,
  screenshot,
  startPortalServer,
} from '../support/portal-browser.ts';

const DEALER = { email: 'sam.advisor@dennys.example', name: 'Sam Advisor', password: 'correct horse battery staple' };
const OPS = { email: 'dispatch@handoff.example', name: 'Dee Spatcher', password: 'another horse battery staple' };
const RO = 'RO-JOURNEY-42';
/** The promise to advisors: a change is on their page within 5 s. */
const LIVE = { timeout: 5_000 };
const DOCS = fileURLToPath(new URL('../../docs/portal/', import.meta.url));

async function authorize(server: PortalServer, clientId: string, secret: string): Promise<string> {
  const res = await fetch(`${server.baseUrl}/v1/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: clientId, client_secret: secret }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return ((await res.json()) as { access_token: string }).access_token;
}

/** A weekday a few days ahead (YYYY-MM-DD): the appointment's day, in the service lot's zone too. */
function nextWeekday(): string {
  const d = new Date(Date.now() + 3 * 86_400_000);
  while ([0, 6].includes(d.getUTCDay())) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

async function signIn(page: Page, baseUrl: string, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/portal/login`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.locator('#email').fill(who.email);
  await page.locator('#password').fill(who.password);
  await page.locator('#password').press('Enter');
}

/** Fills the Concierge + Loaner form: everything right but the VIN, which the API will refuse. */
async function fillBooking(page: Page, day: string): Promise<void> {
  const fill = (section: string, label: string | RegExp, value: string) =>
    page.locator(`main .section-${section}`).getByLabel(label, { exact: typeof label === 'string' }).fill(value);
  await page.locator('#book-customer_name').fill('Harry Stevens');
  await page.locator('#book-customer_phone').fill('804-555-0134');
  await page.locator('#book-time').fill(`${day}T10:00`);
  await fill('customer-vehicle', 'Stock number', 'BK0018');
  await fill('customer-vehicle', /^VIN/, '5GAKRBED5BJ26243'); // one character short
  await fill('customer-vehicle', 'Year', '2011');
  await fill('customer-vehicle', /^Make/, 'Buick');
  await fill('customer-vehicle', /^Model/, 'Enclave');
  await fill('customer-vehicle', 'RO / reference', RO);
  await fill('loaner', 'Stock number', 'LOAN01');
  for (const [section, place] of [
    ['customer-address', ['Harry Stevens', '210 S Mulberry St', 'Richmond', 'VA', '23220']],
    ['service-lot', ["Denny's Automobiles", '11161 Research Plaza Way', 'Richmond', 'VA', '23236']],
  ] as const) {
    for (const [i, label] of [/^Name/, /^Street address/, /^City/, /^State/, /^ZIP/].entries()) await fill(section, label, place[i]!);
  }
}

/** The advisor's booking, from the form to the move's page; answers the move id the page opened. */
async function bookThroughForm(page: Page, day: string): Promise<number> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Book a move' }).click();
  await page.waitForURL(/\/portal\/book\/concierge-loaner$/);
  await page.getByRole('heading', { name: 'Concierge + Loaner' }).waitFor();
  await fillBooking(page, day);
  await axeCheck(page, 'the booking form');
  await screenshot(page, 'journey-book-form');

  // The API refuses the VIN: its problem is at the field and in the summary; corrected there.
  await page.getByRole('button', { name: 'Review booking' }).click();
  await page.locator('.book-summary').waitFor();
  const vin = page.locator('#book-customer_move-vehicle-vin');
  assert.equal(await vin.getAttribute('aria-invalid'), 'true');
  const problemId = (await vin.getAttribute('aria-describedby'))!.split(' ').at(-1);
  assert.match((await page.locator(`#${problemId}`).textContent()) ?? '', /vin/i, 'the problem is said at the VIN');
  await axeCheck(page, 'the booking form with its error');
  await screenshot(page, 'journey-book-error');
  await page.locator('.book-summary').getByRole('link', { name: /vin/i }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'book-customer_move-vehicle-vin');
  await vin.fill('5GAKRBED5BJ262438');

  await page.getByRole('button', { name: 'Review booking' }).click();
  const review = page.getByRole('region', { name: 'Review before booking' });
  await review.waitFor();
  assert.equal(await page.locator('.book-summary').count(), 0, 'the problem is gone once corrected');
  assert.match((await review.locator('dt:has-text("Ready by") + dd').textContent()) ?? '', /AM E[DS]T/, "the API's ready-by, in the lot's zone");
  await axeCheck(page, 'the review');
  await screenshot(page, 'journey-book-review');
  await docsShot(page, 'booking-review');

  await page.getByRole('button', { name: 'Confirm booking' }).click();
  await page.waitForURL(/\/portal\/moves\/\d+$/);
  return Number(page.url().split('/').at(-1));
}

let docsWritten = false;
/** The README's screenshot of the page as a 1024×720 window shows it (CSS pixels, kept small). Only on request. */
async function docsShot(page: Page, name: string): Promise<void> {
  if (process.env.HANDOFF_DOCS_SCREENSHOTS !== '1' || docsWritten) return;
  mkdirSync(DOCS, { recursive: true });
  const before = page.viewportSize();
  await page.setViewportSize({ width: 1024, height: 720 });
  const path = join(DOCS, `${name}.png`);
  await page.screenshot({ path, scale: 'css', animations: 'disabled' });
  if (before) await page.setViewportSize(before);
  assert.ok(statSync(path).size <= 150_000, `${path} is ${statSync(path).size} bytes: keep it under 150 KB`);
}

/** The dispatcher, in a browser context of their own: board → the scenario → the first suggested driver. */
async function dispatchFromBoard(browser: Browser, server: PortalServer, day: string, driverName: string): Promise<{ page: Page; problems: string[] }> {
  const ops = await openPortalPage(browser);
  const { page } = ops;
  await signIn(page, server.baseUrl, OPS);
  await page.waitForURL(/\/portal\/board$/);
  await page.getByRole('heading', { name: 'Board', level: 1 }).waitFor();
  await page.locator('#board-date').fill(day);
  await page.waitForURL(new RegExp(`/portal/board\\?date=${day}$`));
  const card = page.locator('section[data-column="unassigned"] li.board-card', { hasText: RO });
  await card.waitFor();
  await axeCheck(page, 'the board');
  await screenshot(page, 'journey-board');

  await card.getByRole('button', { name: 'Assign…' }).focus();
  await page.keyboard.press('Enter');
  const suggestion = page.getByRole('dialog').locator('ol.suggestions button:not([disabled])').first();
  await suggestion.waitFor();
  assert.equal((await suggestion.innerText()).trim(), driverName, 'the one driver on shift is suggested');
  await axeCheck(page, 'the suggestion list');
  await suggestion.focus();
  await page.keyboard.press('Enter');
  await page.locator('section[data-column="dispatched"] li.board-card', { hasText: RO }).waitFor();
  await page.getByRole('status').filter({ hasText: `dispatched to ${driverName}` }).waitFor();
  await axeCheck(page, 'the board after dispatch');
  await screenshot(page, 'journey-board-dispatched');
  await docsShot(page, 'board');
  return ops;
}

describe('the portal journey in Chromium', () => {
  after(() => closePortalBrowser());

  for (const engine of engines()) {
    test(`on ${engine}: book by form, find it, dispatch from the board, follow it live, sign out`, async (t) => {
      const { browser, source } = await portalBrowser();
      t.diagnostic(`browser: ${source}`);
      const server = await startPortalServer(engine);
      const dealer = await openPortalPage(browser);
      const { page } = dealer;
      let ops: { page: Page; problems: string[] } | undefined;
      try {
        const rooftopId = await addRooftop(server);
        await addPortalUser(server, { ...DEALER, role: 'dealer', rooftopIds: [rooftopId] });
        await addPortalUser(server, { ...OPS, role: 'ops' });
        const day = nextWeekday();
        const desk = await deskClient(server);
        const made = await desk('POST', '/v1/ops/drivers', { name: 'Dana Driver', phone: '804-555-0134', can_drive_manual: true });
        await desk('POST', `/v1/ops/drivers/${made.driver_id}/shifts`, { starts_at: `${day}T12:00:00Z`, ends_at: `${day}T23:00:00Z` });
        const driverApp = sendOverHttp(server.baseUrl, await authorize(server, made.client_id, made.client_secret));

        // The advisor signs in by the form and lands on their moves (none yet).
        await signIn(page, server.baseUrl, DEALER);
        await page.waitForURL(`${server.baseUrl}/portal/moves`);
        await page.getByRole('heading', { name: 'Moves' }).waitFor();
        await axeCheck(page, 'the moves list, empty');
        await screenshot(page, 'journey-moves-empty');

        const moveId = await bookThroughForm(page, day);

        // Found in the moves list by its RO; its link opens the move's page.
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Moves' }).click();
        await page.getByLabel('Search').fill(RO);
        await page.getByLabel('Search').press('Enter');
        await page.waitForURL(`${server.baseUrl}/portal/moves?q=${RO}`);
        // (the unfiltered list shows both legs first; the RO is the customer's leg's alone)
        await page.getByText('Showing 1 move.').waitFor();
        assert.deepEqual(await page.locator('table.moves tbody th a').allTextContents(), [`#${moveId}`]);
        assert.match(await page.locator('table.moves tbody tr').first().innerText(), new RegExp(RO));
        assert.equal(await page.locator('table.moves tbody td[data-label="Customer"]').innerText(), 'Harry Stevens', "whose move it is, as booked");
        await axeCheck(page, 'the moves list, searched');
        await screenshot(page, 'journey-moves-found');
        await docsShot(page, 'moves');
        await page.locator(`table.moves a[href="/portal/moves/${moveId}"]`).click();
        await page.waitForURL(`${server.baseUrl}/portal/moves/${moveId}`);
        await page.getByRole('heading', { level: 1, name: `Move #${moveId}` }).waitFor();
        await page.locator('.leg-status').nth(1).waitFor(); // the heading may come before the legs
        const legs = await page.locator('.leg-status').evaluateAll((ps) => ps.map((p) => Number((p as HTMLElement).dataset.moveId)));
        assert.equal(legs.length, 2, 'both legs of the pair');
        for (const leg of legs) await page.locator(`.leg-status[data-move-id="${leg}"]`).getByText('status: null').waitFor();
        await axeCheck(page, 'the move page, booked');
        await screenshot(page, 'journey-move-booked');

        // From here on the advisor's page is left alone: any navigation of it would be recorded.
        const navigations: string[] = [];
        page.on('framenavigated', (f) => {
          if (f === page.mainFrame()) navigations.push(f.url());
        });
        await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
        const status = (leg: number, text: string) => page.locator(`.leg-status[data-move-id="${leg}"]`).getByText(`status: ${text}`, { exact: true }).waitFor(LIVE);

        ops = await dispatchFromBoard(browser, server, day, 'Dana Driver');
        for (const leg of legs) await status(leg, 'dispatched');
        await page.locator('.leg-driver').first().getByText('Dana Driver').waitFor(LIVE);

        // The dealer's part of the loaner's pickup (its gate of the delivery), in the page: the
        // customer's details are complete.
        const gate = page.getByRole('form', { name: new RegExp(`move #${legs[0]}\\), at pickup`) });
        await gate.getByRole('checkbox', { name: "Customer's details complete" }).check();
        await gate.getByRole('button', { name: 'Save steps' }).click();
        await gate.getByRole('status').getByText('Saved.').waitFor(LIVE);

        // The driver walks the legs in driving order (the loaner's first); each step shows up live.
        for (const leg of legs) {
          for (const step of STEPS) {
            if (step.endsWith('_successful')) await completeSlotWith(driverApp, leg, step === 'pickup_successful' ? 'pickup' : 'delivery');
            const res = await driverApp('POST', `/v1/driver/moves/${leg}/steps`, { step, lat: 37.5407, lon: -77.436 });
            assert.equal(res.statusCode, 200, `${step} of move ${leg}: ${res.body}`);
            await status(leg, STATUS_OF[step]);
          }
        }
        assert.deepEqual(navigations, [], 'the move page never navigated');
        assert.equal(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed), true, 'nor reloaded');
        await axeCheck(page, 'the move page, delivered');
        await screenshot(page, 'journey-move-delivered');
        await docsShot(page, 'move');
        docsWritten = process.env.HANDOFF_DOCS_SCREENSHOTS === '1';

        // Sign out: back on the login page, and the old cookie opens nothing on /v1 any more.
        const cookie = (await page.context().cookies(server.baseUrl)).find((c) => c.name === 'handoff_session');
        assert.ok(cookie, 'signed in by the handoff_session cookie');
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.waitForURL(`${server.baseUrl}/portal/login`);
        await page.getByRole('heading', { name: 'Sign in' }).waitFor();
        await axeCheck(page, 'the login page after signing out');
        for (const path of ['/v1/session', `/v1/moves/${moveId}`]) {
          const res: Response = await fetch(`${server.baseUrl}${path}`, { headers: { cookie: `handoff_session=${cookie.value}` } });
          assert.equal(res.status, 401, `${path} with the old cookie`);
          assert.equal(((await res.json()) as { code: string }).code, 'access_denied');
        }

        // Provoked and logged by Chromium: the signed-out session checks (401) and the bad VIN (400).
        const expected = /status of (400 \(Bad Request\)|401 \(Unauthorized\))$/;
        for (const [who, problems] of [['advisor', dealer.problems], ['dispatcher', ops.problems]] as const) {
          assert.deepEqual(problems.filter((p) => !expected.test(p)), [], `the ${who}'s pages: no console errors or refused requests`);
        }
      } finally {
        await ops?.page.context().close();
        await page.context().close();
        await server.close();
      }
    });
  }
});
