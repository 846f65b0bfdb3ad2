// The dealer's webhooks page in Chromium, against a real server and a real receiver on loopback
// (WEBHOOK_ALLOW_INSECURE_LOOPBACK=1): a private URL and no event chosen are shown at their fields and add
// nothing; fixed, the subscription is listed and its signing secret shown once (it signs the deliveries
// the receiver gets) and gone after a reload; "Send test" shows the receiver's status code, for a success
// and a failure, in the delivery log, which pages; disable and delete, by keyboard, change the API's view.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { engines } from '../support/databases.ts';
import {
  addPortalUser,
  addRooftop,
  axeCheck,
  bearerClient,
  closePortalBrowser,
  openPortalPage,
  portalBrowser,
  screenshot,
  startPortalServer,
} from '../support/portal-browser.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';

const DEALER = { email: 'service@dennys.example', name: 'Sam Service', password: 'correct horse battery staple' };

async function signIn(page: Page, baseUrl: string, to: string): Promise<void> {
  await page.goto(`${baseUrl}${to}`);
  await page.locator('#email').fill(DEALER.email);
  await page.locator('#password').fill(DEALER.password);
  await page.locator('#password').press('Enter');
  await page.waitForURL(`${baseUrl}${to}`);
}

/** Chromium logs each 4xx met on purpose (GET /v1/session signed out, the refused URL); nothing else may fail. */
const unexpected = (problems: string[]) => problems.filter((p) => !/status of (400 \(Bad Request\)|401 \(Unauthorized\))$/.test(p));

describe('the webhooks page in Chromium', () => {
  after(() => closePortalBrowser());

  for (const engine of engines()) {
    test(`on ${engine}: add with field errors, the secret once, test deliveries and their log, disable, delete`, async () => {
      const { browser } = await portalBrowser();
      const server = await startPortalServer(engine, { WEBHOOK_ALLOW_INSECURE_LOOPBACK: '1' });
      const receiver = await new WebhookReceiver({ secret: 'not known yet' }).start();
      const { page, problems } = await openPortalPage(browser);
      try {
        await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
        const rooftopId = await addRooftop(server);
        await addPortalUser(server, { ...DEALER, role: 'dealer', rooftopIds: [rooftopId] });
        const dealerApi = await bearerClient(server, 'dealer', [rooftopId]);

        await signIn(page, server.baseUrl, '/portal/webhooks');
        await page.getByText('No webhooks yet: add one below.').waitFor();
        const nav = page.getByRole('navigation', { name: 'Main' });
        assert.equal(await nav.getByRole('link', { name: 'Webhooks' }).getAttribute('aria-current'), 'page');

        // A private address (no SSRF), and "only the events I choose" with none chosen: both problems at their fields.
        await page.getByLabel('URL').fill('https://192.168.1.20/hooks');
        await page.getByLabel('Only the events I choose').check();
        await page.getByRole('button', { name: 'Add webhook' }).click();
        const url = page.locator('#webhook-url');
        await page.locator('#webhook-url-problem').filter({ hasText: /target_url .*private/ }).waitFor();
        assert.equal(await url.getAttribute('aria-invalid'), 'true');
        assert.match((await url.getAttribute('aria-describedby')) ?? '', /webhook-url-problem/);
        await page.locator('#webhook-events-problem').filter({ hasText: /event_types must name at least one event type/ }).waitFor();
        assert.equal(await page.getByRole('alert').filter({ hasText: /./ }).count() > 0, true, 'the summary is announced');
        assert.deepEqual((await dealerApi('GET', '/v1/webhooks')).webhooks, [], 'nothing was added');
        await axeCheck(page, 'the webhooks page with field errors');
        await screenshot(page, 'webhooks-errors');

        // Fixed: the receiver's URL and two chosen events.
        await url.fill(receiver.url());
        await page.getByLabel('move.pickup.started').check();
        await page.getByLabel('invoice.created').check();
        await page.getByRole('button', { name: 'Add webhook' }).click();
        const secretHeading = page.getByRole('heading', { name: 'Webhook added: its signing secret' });
        await secretHeading.waitFor();
        assert.ok(await secretHeading.evaluate((h) => h === document.activeElement), 'the secret is where the focus goes');
        const secret = await page.getByRole('textbox', { name: 'Signing secret' }).inputValue();
        assert.match(secret, /^whsec_[0-9a-f]{64}$/);
        await page.getByText('you will not see it again').waitFor();
        const card = page.locator('.webhook-card', { hasText: receiver.url() });
        await card.getByText(`Ends in …${secret.slice(-4)}`).waitFor();
        await card.getByText('move.pickup.started, invoice.created').waitFor();
        const [listed] = (await dealerApi('GET', '/v1/webhooks')).webhooks;
        assert.deepEqual([listed.target_url, listed.event_types, listed.secret_last4], [receiver.url(), ['move.pickup.started', 'invoice.created'], secret.slice(-4)]);
        await page.getByRole('button', { name: 'Copy' }).click();
        await page.getByText('Copied to the clipboard.').waitFor();
        assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
        await axeCheck(page, 'the webhooks page showing a secret');
        await screenshot(page, 'webhooks-secret');

        // Done, or a reload: the secret is gone for good.
        await page.getByRole('button', { name: 'Done' }).click();
        assert.equal(await page.getByRole('textbox', { name: 'Signing secret' }).count(), 0);
        await page.reload();
        await card.waitFor();
        assert.equal(await page.getByRole('textbox', { name: 'Signing secret' }).count(), 0, 'not shown after a reload');
        assert.equal(await page.locator(`text=${secret}`).count(), 0);

        // Send test by keyboard: the receiver's 200, signed with the secret the page showed; then a 503.
        receiver.secret = secret;
        await card.getByRole('button', { name: 'Send test' }).focus();
        await page.keyboard.press('Enter');
        await card.getByRole('status').filter({ hasText: /^Test delivered: HTTP 200 in \d+ ms\.$/ }).waitFor();
        assert.equal(receiver.requests.length, 1);
        assert.equal(receiver.requests[0]!.signatureValid, true, 'signed with the secret shown once');
        const rows = card.locator('.deliveries-table tbody tr');
        await rows.first().filter({ hasText: 'HTTP 200' }).waitFor();
        receiver.failFirst(1, 503);
        await card.getByRole('button', { name: 'Send test' }).click();
        await card.getByRole('status').filter({ hasText: /^Test not delivered: HTTP 503/ }).waitFor();
        await rows.nth(1).waitFor();
        assert.match(await rows.first().innerText(), /webhook\.test[\s\S]*1[\s\S]*HTTP 503/, 'newest first, attempt 1, its status');
        assert.match(await rows.nth(1).innerText(), /HTTP 200/);
        await axeCheck(page, 'the webhooks page with its delivery log');
        await screenshot(page, 'webhooks-deliveries');

        // Ten more tests through the API: the log shows 10, then the 2 older ones on "Older deliveries".
        for (let i = 0; i < 10; i++) await dealerApi('POST', `/v1/webhooks/${listed.webhook_id}/test`);
        await page.reload();
        await card.getByRole('button', { name: 'Show deliveries' }).click();
        await rows.nth(9).waitFor();
        assert.equal(await rows.count(), 10);
        await card.getByRole('button', { name: 'Older deliveries' }).click();
        await rows.nth(11).waitFor();
        assert.equal(await card.getByRole('button', { name: 'Older deliveries' }).count(), 0, 'no more pages');

        // Disable, then delete (asked twice), by keyboard.
        await card.getByRole('button', { name: 'Disable' }).focus();
        await page.keyboard.press('Enter');
        await card.getByText('Disabled', { exact: true }).waitFor();
        assert.equal((await dealerApi('GET', `/v1/webhooks/${listed.webhook_id}`)).active, false);
        await card.getByRole('button', { name: 'Delete' }).focus();
        await page.keyboard.press('Enter');
        const confirm = card.getByRole('button', { name: 'Yes, delete it' });
        await confirm.waitFor();
        assert.ok(await confirm.evaluate((b) => b === document.activeElement), 'the focus moves to the confirmation');
        await page.keyboard.press('Enter');
        await page.getByText('No webhooks yet: add one below.').waitFor();
        assert.deepEqual((await dealerApi('GET', '/v1/webhooks')).webhooks, []);

        assert.deepEqual(unexpected(problems), [], 'no console errors, exceptions or refused requests');
      } finally {
        await page.context().close();
        await receiver.stop();
        await server.close();
      }
    });
  }
});
