// The ops desk's users page in Chromium: the users listed with role, rooftops and state; adding a
// dealer with a bad email and no rooftop shows both problems at their fields and adds nothing; a taken
// email is refused at the email field; fixed, the dealer is listed and its generated password shown
// once — and with it the new dealer signs in and lands on their moves. Ops disable a dealer by
// keyboard (a confirm step first; their own row offers nothing): the dealer's open session stops
// working and their sign-in is refused; enabled again, they sign in.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { engines } from '../support/databases.ts';
import {
  addPortalUser,
  addRooftop,
  axeCheck,
  closePortalBrowser,
  openPortalPage,
  portalBrowser,
  screenshot,
  startPortalServer,
} from '../support/portal-browser.ts';

const OPS = { email: 'desk@handoff.example', name: 'Dana Desk', password: 'correct horse battery staple' };

async function signIn(page: Page, baseUrl: string, email: string, password: string, to: string): Promise<void> {
  await page.goto(`${baseUrl}${to}`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('#password').press('Enter');
  await page.waitForURL(`${baseUrl}${to}`);
}

/** Chromium logs each 4xx met on purpose (GET /v1/session signed out, refused additions). */
const unexpected = (problems: string[]) => problems.filter((p) => !/status of (400 \(Bad Request\)|401 \(Unauthorized\))$/.test(p));

async function newDealerSignsIn(browser: Browser, baseUrl: string, email: string, password: string): Promise<void> {
  const { page, problems } = await openPortalPage(browser);
  try {
    await signIn(page, baseUrl, email, password, '/portal/moves');
    await page.getByRole('heading', { name: 'Moves' }).waitFor();
    await page.getByRole('banner').getByText('Nora North').waitFor();
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.context().close();
  }
}

describe('the users page in Chromium', () => {
  after(() => closePortalBrowser());

  for (const engine of engines()) {
    test(`on ${engine}: ops add a dealer (field errors first), see its password once, and the dealer signs in with it`, async () => {
      const { browser } = await portalBrowser();
      const server = await startPortalServer(engine);
      const { page, problems } = await openPortalPage(browser);
      try {
        const north = await addRooftop(server, 'North Motors');
        const south = await addRooftop(server, 'South Motors');
        await addPortalUser(server, { ...OPS, role: 'ops' });
        await addPortalUser(server, { email: 'sam@south.example', name: 'Sam South', role: 'dealer', rooftopIds: [south], password: 'another long password' });

        await signIn(page, server.baseUrl, OPS.email, OPS.password, '/portal/users');
        await page.getByText('2 users.').waitFor();
        const rows = page.locator('table.users tbody tr');
        assert.match(await rows.nth(0).innerText(), /desk@handoff\.example[\s\S]*Dana Desk[\s\S]*Dispatch[\s\S]*Every rooftop[\s\S]*Active/);
        await rows.nth(1).filter({ hasText: 'South Motors' }).waitFor();
        assert.match(await rows.nth(1).innerText(), /sam@south\.example[\s\S]*Sam South[\s\S]*Dealer[\s\S]*South Motors/);
        await axeCheck(page, 'the users page');

        // A bad email and a dealer with no rooftop: both at their fields; nothing added.
        await page.getByLabel('Email').fill('nora.north');
        await page.getByLabel('Name').fill('Nora North');
        await page.getByRole('button', { name: 'Add user' }).click();
        await page.locator('#user-email-problem').filter({ hasText: /email/ }).waitFor();
        assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
        await page.locator('#user-rooftops-problem').filter({ hasText: /rooftop/ }).waitFor();
        await axeCheck(page, 'the users page with field errors');
        await screenshot(page, 'users-errors');

        // A taken email (any case) is refused at the email field.
        await page.getByLabel('Email').fill('SAM@south.example');
        await page.getByLabel('North Motors').check();
        await page.getByRole('button', { name: 'Add user' }).click();
        await page.locator('#user-email-problem').filter({ hasText: 'a portal user with this email already exists' }).waitFor();
        assert.equal(await page.locator('#user-rooftops-problem').count(), 0, 'the rooftop problem is gone');
        assert.equal(await rows.count(), 2);

        // Fixed, by keyboard: listed, and its generated password shown once.
        await page.getByLabel('Email').fill('nora@north.example');
        await page.getByLabel('Email').press('Enter');
        const heading = page.getByRole('heading', { name: 'Nora North added: their password' });
        await heading.waitFor();
        const password = await page.getByRole('textbox', { name: 'Generated password' }).inputValue();
        assert.ok(password.length >= 12, 'a generated password');
        await page.getByText('you will not see it again').waitFor();
        await rows.nth(2).filter({ hasText: 'nora@north.example' }).waitFor();
        assert.match(await rows.nth(2).innerText(), /Nora North[\s\S]*Dealer[\s\S]*North Motors[\s\S]*Active/);
        assert.equal(await page.getByLabel('Email').inputValue(), '', 'the form is ready for the next user');
        await axeCheck(page, 'the users page showing a password');
        await screenshot(page, 'users-password');
        await page.getByRole('button', { name: 'Done' }).press('Enter');
        assert.equal(await heading.count(), 0);
        await page.reload();
        await page.getByText('3 users.').waitFor();
        assert.equal(await page.locator(`input[value="${password}"]`).count(), 0, 'not shown again');

        await newDealerSignsIn(browser, server.baseUrl, 'nora@north.example', password);
        assert.deepEqual(unexpected(problems), [], 'no console errors, exceptions or refused requests');
      } finally {
        await page.context().close();
        await server.close();
      }
    });

    test(`on ${engine}: ops disable a dealer by keyboard (their session ends, sign-in refused), then enable them`, async () => {
      const { browser } = await portalBrowser();
      const server = await startPortalServer(engine);
      const { page, problems } = await openPortalPage(browser);
      const dealerPage = await openPortalPage(browser);
      try {
        const south = await addRooftop(server, 'South Motors');
        await addPortalUser(server, { ...OPS, role: 'ops' });
        const SAM = { email: 'sam@south.example', password: 'another long password' };
        await addPortalUser(server, { ...SAM, name: 'Sam South', role: 'dealer', rooftopIds: [south] });
        await signIn(dealerPage.page, server.baseUrl, SAM.email, SAM.password, '/portal/moves');
        assert.equal((await dealerPage.page.request.get(`${server.baseUrl}/v1/moves`)).status(), 200);

        await signIn(page, server.baseUrl, OPS.email, OPS.password, '/portal/users');
        await page.getByText('2 users.').waitFor();
        const rows = page.locator('table.users tbody tr');
        assert.equal(await rows.nth(0).getByRole('button').count(), 0, 'nothing offered on their own row');
        await rows.nth(0).getByText('You').waitFor();

        // By keyboard: Disable, the confirm takes the focus, Enter.
        await rows.nth(1).getByRole('button', { name: `Disable ${SAM.email}` }).focus();
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement?.textContent === 'Yes, disable');
        await rows.nth(1).getByText('Their sessions end at once').waitFor();
        await axeCheck(page, 'the users page asking to disable');
        await screenshot(page, 'users-disable-confirm');
        await page.keyboard.press('Enter');
        await rows.nth(1).getByRole('button', { name: `Enable ${SAM.email}` }).waitFor();
        assert.match(await rows.nth(1).innerText(), /Disabled/);
        await page.waitForFunction(() => document.activeElement?.textContent === 'Enable', undefined, { timeout: 5000 });

        assert.equal((await dealerPage.page.request.get(`${server.baseUrl}/v1/moves`)).status(), 401, "the dealer's session ended at once");
        const refused = await dealerPage.page.request.post(`${server.baseUrl}/v1/session`, { data: { email: SAM.email, password: SAM.password } });
        assert.equal(refused.status(), 401);
        assert.equal((await refused.json()).message, 'wrong email or password');

        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement?.textContent === 'Yes, enable');
        await page.keyboard.press('Enter');
        await rows.nth(1).getByRole('button', { name: `Disable ${SAM.email}` }).waitFor();
        assert.match(await rows.nth(1).innerText(), /Active/);
        await screenshot(page, 'users-enabled');
        await page.reload();
        await page.getByText('2 users.').waitFor();
        assert.match(await rows.nth(1).innerText(), /Active/, 'as the API keeps it');

        await signIn(dealerPage.page, server.baseUrl, SAM.email, SAM.password, '/portal/moves');
        await dealerPage.page.getByRole('heading', { name: 'Moves' }).waitFor();
        assert.deepEqual(unexpected(problems), [], 'no console errors, exceptions or refused requests');
      } finally {
        await dealerPage.page.context().close();
        await page.context().close();
        await server.close();
      }
    });
  }
});
