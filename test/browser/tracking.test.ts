// The tracking page in a real browser (Chromium through playwright-core), against the real
// server process: set up with the admin CLI, book and dispatch through the API, open the tracking
// link on a phone-sized screen, then post driver steps and watch the page follow them without
// reloading. It saves three screenshots under test/artifacts/ (ignored by git) and checks that the
// page only ever talks to its own loopback origin and trips no Content-Security-Policy rule.
//
// Chromium is required: Debian's when installed, else the one an npm package ships (test/support/chromium.ts);
// when neither starts, this test fails.
import assert from 'node:assert/strict';
import { inspectBeforeStep, sendOverHttp } from '../support/inspection.ts';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { runCli } from '../../src/cli.ts';
import { demoAppointment } from '../../src/first-run.ts';
import { chooseChromium } from '../support/chromium.ts';
import { engines, scratchDatabase, type ScratchDatabase } from '../support/databases.ts';
import { conciergeLoanerRequest } from '../support/requests.ts';
import { type ServerProcess, startServer } from '../support/server-process.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const STEPS = ['pickup_started', 'pickup_arrived', 'pickup_successful', 'delivery_started', 'delivery_arrived', 'delivery_successful'];
/** The page polls every 3 s; give each change a few polls' worth of time. */
const UPDATE_TIMEOUT_MS = 15_000;

type Doc = Record<string, any>;

async function cli(db: ScratchDatabase, args: string[]): Promise<Doc> {
  const res = await runCli(args, { DATABASE_URL: db.url });
  assert.equal(res.exitCode, 0, `handoff ${args.join(' ')}: ${res.stderr}`);
  return JSON.parse(res.stdout);
}

/** A client of the running server: authorizes once, then sends JSON. */
async function client(baseUrl: string, clientId: string, secret: string) {
  const auth = await fetch(`${baseUrl}/v1/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: clientId, client_secret: secret }),
  });
  assert.equal(auth.status, 200, await auth.clone().text());
  const { access_token: token } = (await auth.json()) as { access_token: string };
  return Object.assign(async (method: string, path: string, body?: unknown): Promise<Doc> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    assert.equal(res.status, 200, `${method} ${path}: ${text}`);
    return JSON.parse(text);
  }, { token });
}

const isLoopback = (url: string) => {
  if (url.startsWith('data:') || url.startsWith('about:')) return true;
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
};

/** Chromium, launched once for the file; no browser to start fails the test that needs it. */
let launched: Promise<{ browser: Browser; source: string }> | undefined;
function browser(): Promise<{ browser: Browser; source: string }> {
  launched ??= chooseChromium().then(({ source, launch }) =>
    chromium.launch(launch).then(
      (browser) => ({ browser, source }),
      (err: Error) => {
        throw new Error(`Chromium did not start (${source}): ${err.message}\nThe browser test never skips.`);
      },
    ),
  );
  return launched;
}

describe('tracking page in Chromium', () => {
  before(() => mkdirSync(ARTIFACTS, { recursive: true }));
  after(async () => {
    await (await launched?.catch(() => undefined))?.browser.close();
  });

  for (const engine of engines()) {
    test(`on ${engine}: the timeline follows the driver live, the ETA appears, three screenshots`, async (t) => {
      const { browser: chromiumBrowser, source } = await browser();
      t.diagnostic(`browser: ${source}`);
      const db = await scratchDatabase(engine);
      let server: ServerProcess | undefined;
      try {
        // Set up like an operator would: the admin CLI, before the server starts.
        const { rooftop_id: rooftopId } = await cli(db, [
          'rooftop', 'add', '--name', "Denny's Automobiles", '--address-one', '11161 Research Plaza Way',
          '--city', 'Richmond', '--state', 'VA', '--zip', '23236',
        ]);
        const dealerCreds = await cli(db, ['client', 'add', '--rooftop', String(rooftopId)]);
        const opsCreds = await cli(db, ['client', 'add', '--rooftop', String(rooftopId), '--role', 'ops']);
        const driverCreds = await cli(db, ['driver', 'add', '--name', 'Samantha Okafor', '--phone', '804-555-0199']);

        server = await startServer({ DATABASE_URL: db.url });
        const { baseUrl } = server;
        const dealer = await client(baseUrl, dealerCreds.client_id, dealerCreds.client_secret);
        const ops = await client(baseUrl, opsCreds.client_id, opsCreds.client_secret);
        const driver = await client(baseUrl, driverCreds.client_id, driverCreds.client_secret);
        const driverSend = sendOverHttp(baseUrl, driver.token);

        const request = conciergeLoanerRequest();
        request.appointment_time_utc = demoAppointment(Date.now());
        const booked = await dealer('POST', '/v1/concierge-loaner-moves', request);
        const [loaner, customer] = [booked.loaner_move, booked.customer_move];
        const dispatched = await ops('POST', `/v1/ops/moves/${loaner.move_id}/dispatch`, { driver_id: driverCreds.driver_id });
        const link: string = dispatched.loaner_move.tracking_link;
        assert.ok(link.startsWith(`${baseUrl}/track/`), link);

        const context = await chromiumBrowser.newContext({
          viewport: { width: 390, height: 844 },
          deviceScaleFactor: 2,
          isMobile: true,
          hasTouch: true,
          locale: 'en-US',
          colorScheme: 'light',
        });
        try {
          const page = await context.newPage();
          const requests: string[] = [];
          const problems: string[] = [];
          context.on('request', (r) => requests.push(r.url()));
          page.on('console', (m) => {
            if (m.type() === 'error' || m.type() === 'warning' || /Content.Security.Policy|Refused to/i.test(m.text())) {
              problems.push(`console ${m.type()}: ${m.text()}`);
            }
          });
          page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
          // CSP violations, as the page itself sees them (init scripts are not subject to the page's CSP).
          await page.addInitScript(() => {
            const w = window as unknown as { __csp: string[] };
            w.__csp = [];
            document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
          });
          let navigations = 0;
          page.on('framenavigated', (f) => {
            if (f === page.mainFrame()) navigations += 1;
          });

          const response = await page.goto(link, { waitUntil: 'load' });
          assert.equal(response?.status(), 200);
          assert.match(response!.headers()['content-security-policy'] ?? '', /default-src 'none'/);
          assert.equal(await page.textContent('#rooftop'), "Denny's Automobiles");
          assert.equal(await page.textContent('#headline'), 'Your driver has been assigned');
          assert.equal(await page.textContent('#driver-name'), 'Samantha');
          assert.equal(await page.isVisible('#eta'), false, 'no ETA before the driver sets out');
          // The stylesheet applied (a CSP refusal would leave the page unstyled).
          assert.equal(await page.$eval('.eta', (e) => getComputedStyle(e).color), 'rgb(255, 255, 255)');
          assert.equal(await page.$eval('body', (e) => getComputedStyle(e).margin), '0px');
          // A marker that only survives if the page is never reloaded.
          await page.evaluate(() => ((window as unknown as { __marker: string }).__marker = 'still here'));
          const reachedCount = () => page.$$eval('.step.is-reached', (els) => els.length);
          assert.equal(await reachedCount(), 1);
          await page.screenshot({ path: `${ARTIFACTS}tracking-${engine}-1-dispatched.png`, fullPage: true });

          // The driver sets out, collects the loaner at the lot and heads for the customer.
          const lot = loaner.pickup_location;
          for (const step of STEPS.slice(0, 4)) {
            await inspectBeforeStep(driverSend, loaner.move_id, step);
            await driver('POST', `/v1/driver/moves/${loaner.move_id}/steps`, { step, lat: lot.lat, lon: lot.lon });
          }
          await page.waitForSelector('[data-leg="0"] .step-delivery_started.is-current', { timeout: UPDATE_TIMEOUT_MS });
          assert.equal(await page.textContent('#headline'), 'Loaner on its way to you');
          // Assigned, four steps, and the loaner's inspection at the lot ("Vehicle inspected").
          assert.equal(await reachedCount(), 6);
          assert.equal(await page.textContent('[data-leg="0"] .step-pickup_inspected .step-title'), 'Vehicle inspected');
          await page.waitForFunction(() => !(document.getElementById('eta') as HTMLElement).hidden, null, { timeout: UPDATE_TIMEOUT_MS });
          const firstEta = await page.textContent('#eta-text');
          assert.match(firstEta ?? '', /^Arriving in about \d+ min, around \d{1,2}:\d{2} [AP]M [A-Z]{3,4}$/);
          assert.equal(await page.textContent('#eta-dest'), 'Next stop: 210 S Mulberry St, Richmond');

          // Halfway there: the ETA comes down, still without a reload.
          const home = loaner.delivery_location;
          await driver('POST', '/v1/driver/location', { lat: (lot.lat + home.lat) / 2, lon: (lot.lon + home.lon) / 2 });
          await page.waitForFunction((before) => document.getElementById('eta-text')!.textContent !== before, firstEta, {
            timeout: UPDATE_TIMEOUT_MS,
          });
          const minutes = (text: string | null) => Number(/about (\d+) min/.exec(text ?? '')?.[1]);
          assert.ok(minutes(await page.textContent('#eta-text')) < minutes(firstEta), 'closer means sooner');
          assert.equal(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker), 'still here');
          await page.screenshot({ path: `${ARTIFACTS}tracking-${engine}-2-on-the-way.png`, fullPage: true });

          // Loaner delivered, the customer's car taken back to the lot.
          for (const step of STEPS.slice(4)) {
            await inspectBeforeStep(driverSend, loaner.move_id, step);
            await driver('POST', `/v1/driver/moves/${loaner.move_id}/steps`, { step, lat: home.lat, lon: home.lon });
          }
          for (const [i, step] of STEPS.entries()) {
            const at = i < 3 ? home : lot;
            await inspectBeforeStep(driverSend, customer.move_id, step);
            await driver('POST', `/v1/driver/moves/${customer.move_id}/steps`, { step, lat: at.lat, lon: at.lon });
          }
          await page.waitForSelector('body[data-state="completed"]', { timeout: UPDATE_TIMEOUT_MS });
          assert.equal(await page.textContent('#headline'), "Your vehicle delivered to Denny's Automobiles");
          assert.equal(await page.textContent('#state'), 'Completed');
          // Assigned, then per leg six steps and two inspections.
          assert.equal(await reachedCount(), 17);
          assert.equal(await page.isVisible('#eta'), false);
          assert.equal(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker), 'still here');
          await page.screenshot({ path: `${ARTIFACTS}tracking-${engine}-3-delivered.png`, fullPage: true });

          assert.equal(navigations, 1, 'the page was never reloaded');
          const outside = requests.filter((u) => !isLoopback(u));
          assert.deepEqual(outside, [], 'every request stays on the loopback origin');
          assert.ok(requests.some((u) => u.includes('/status')), 'the page polled its status');
          assert.deepEqual(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), [], 'no CSP violation');
          assert.deepEqual(problems, [], 'no console errors, warnings or page errors');
        } finally {
          await context.close();
        }
      } finally {
        const code = await server?.stop();
        if (server && code !== 0) console.error(server.output());
        await db.drop();
      }
    });
  }
});
