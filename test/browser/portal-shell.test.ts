// The portal's shell in Chromium, against a real server on loopback serving the built portal: the
// login page passes axe and carries the Content-Security-Policy; its assets are immutable and
// compressed; a dealer signs in by keyboard (after one wrong password), lands on their moves,
// searches them, signs out back to the login page; the ops desk signs in to the board (each role's
// nav is exactly its registered pages, in order) and out; then the dealer is locked out by wrong passwords.
// Nothing on the way logs an error or trips the policy.
// Screenshots (phone and desktop) go to test-artifacts/portal/.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Page, Response } from 'playwright-core';
import { engines } from '../support/databases.ts';
import { validBooking } from '../support/booking-load.ts';
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

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const DEALER = { email: 'jane.smith@dennys.example', name: 'Jane Smith', password: 'correct horse battery staple' };
const OPS = { email: 'dee.spatcher@handoff.example', name: 'Dee Spatcher', password: 'another horse battery staple' };

/**
 * The nav a role must get: the registered pages (routes.ts) with a nav label that the role may open,
 * in registration order — read from the registry, so a page added there is expected here too.
 */
const navOf = (role: 'dealer' | 'ops') => PAGES.filter((p) => p.nav && p.roles.includes(role)).map((p) => p.nav!.label);

// Imported at run time by a computed name: the portal has its own tsconfig (JSX, its client's
// paths), which the root typecheck must not follow into. Only the registry's data is read.
const ROUTES = '../../web/portal/src/routes.ts';
const { PAGES } = (await import(ROUTES)) as { PAGES: readonly { roles: readonly string[]; nav: { label: string } | null }[] };

/** Presses Tab until `selector` has the focus (at most `max` times): the page is usable by keyboard alone. */
async function tabTo(page: Page, selector: string, max = 15): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.locator(selector).evaluate((el) => el === el.ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`${selector} was not reached with Tab`);
}

describe('the portal shell in Chromium', () => {
  after(() => closePortalBrowser());

  for (const engine of engines()) {
    test(`on ${engine}: login passes axe under the CSP, a dealer signs in by keyboard, sees their moves, signs out`, async (t) => {
      const { browser, source } = await portalBrowser();
      t.diagnostic(`browser: ${source}`);
      const server: PortalServer = await startPortalServer(engine, { PORTAL_LOCKOUT_FAILURES: '2' });
      const { page, problems } = await openPortalPage(browser);
      try {
        const rooftopId = await addRooftop(server);
        await addPortalUser(server, { ...DEALER, role: 'dealer', rooftopIds: [rooftopId] });
        await addPortalUser(server, { ...OPS, role: 'ops' });
        const dealerApi = await bearerClient(server, 'dealer', [rooftopId]);
        const booked = [
          await dealerApi('POST', '/v1/one-way-moves', validBooking('one-way')),
          await dealerApi('POST', '/v1/concierge-loaner-moves', validBooking('concierge-loaner')),
        ];
        const moveIds = [booked[0]!.move.move_id, booked[1]!.loaner_move.move_id, booked[1]!.customer_move.move_id] as number[];

        const assets: Response[] = [];
        page.on('response', (r) => {
          if (r.url().includes('/portal/assets/')) assets.push(r);
        });

        // Signed out, a portal address sends the visitor to the login page, and back after it.
        const first = await page.goto(`${server.baseUrl}/portal/moves`);
        assert.equal(first?.headers()['content-security-policy'], CSP);
        assert.equal(first?.headers()['cache-control'], 'no-store');
        await page.waitForURL(`${server.baseUrl}/portal/login?next=%2Fportal%2Fmoves`);
        await page.getByRole('heading', { name: 'Sign in' }).waitFor();
        await axeCheck(page, 'the login page');
        await screenshot(page, 'login');

        assert.ok(assets.length >= 2, `the page loaded its script and stylesheet: ${assets.map((a) => a.url())}`);
        for (const a of assets) {
          const h = await a.allHeaders();
          assert.equal(h['cache-control'], 'public, max-age=31536000, immutable', a.url());
          assert.equal(h['content-encoding'], 'br', `${a.url()}: Chromium accepts brotli`);
        }

        // By keyboard: a wrong password first (the one generic message, announced), then the right one.
        await tabTo(page, '#email');
        await page.keyboard.type(DEALER.email);
        await page.keyboard.press('Tab');
        await page.keyboard.type('not the password');
        await page.keyboard.press('Enter');
        const alert = page.getByRole('alert');
        await alert.filter({ hasText: /wrong email or password/i }).waitFor();
        await axeCheck(page, 'the login page with its error');
        await screenshot(page, 'login-error');
        await page.locator('#password').fill('');
        await tabTo(page, '#password');
        await page.keyboard.type(DEALER.password);
        await page.keyboard.press('Enter');

        await page.waitForURL(`${server.baseUrl}/portal/moves`);
        await page.getByRole('heading', { name: 'Moves' }).waitFor();
        await page.getByText(`Showing ${moveIds.length} moves.`).waitFor();
        const links = await page.locator('table.moves tbody th a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.deepEqual(links, [...moveIds].sort((a, b) => b - a).map((id) => `/portal/moves/${id}`), 'newest first, each linking to its page');
        const nav = page.getByRole('navigation', { name: 'Main' });
        // The dealer's nav: their pages, Moves (their home) first, nothing of the ops desk's.
        assert.equal(navOf('dealer')[0], 'Moves');
        assert.ok(!navOf('dealer').includes('Board'), 'the board is not registered for dealers');
        assert.deepEqual(await nav.getByRole('link').allTextContents(), navOf('dealer'), "the dealer's pages, in order");
        assert.equal(await nav.getByRole('link', { name: 'Moves' }).getAttribute('aria-current'), 'page');
        await page.getByRole('banner').getByText(DEALER.name).waitFor();
        // Each move's ready-by is its rooftop's clock, zone named, whatever the browser's zone.
        await page.locator('td[data-label="Ready by"]', { hasText: /^[A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d\d\s[AP]M E[DS]T$/ }).first().waitFor();
        await axeCheck(page, 'the moves list');
        await screenshot(page, 'moves');

        // No secret in the page: the session cookie is HttpOnly (scripts cannot read it), and neither
        // it, the CSRF token nor the password is in the document or in storage another script could read.
        const cookie = (await page.context().cookies()).find((c) => c.name === 'handoff_session');
        assert.ok(cookie?.httpOnly && cookie.sameSite === 'Lax', 'an HttpOnly, SameSite=Lax session cookie');
        const session = await (await page.request.get(`${server.baseUrl}/v1/session`)).json();
        const visible = await page.evaluate(() => ({
          html: document.documentElement.outerHTML,
          cookie: document.cookie,
          storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
        }));
        for (const [what, secret] of [['session cookie', cookie.value], ['CSRF token', session.csrf_token], ['password', DEALER.password]]) {
          assert.ok(typeof secret === 'string' && secret.length >= 8, `${what} is known to the test`);
          for (const [where, text] of Object.entries(visible)) assert.ok(!text.includes(secret), `the ${what} is not in the page's ${where}`);
        }

        // The search goes into the address (q) and to GET /v1/moves; Clear brings every move back.
        await page.getByLabel('Search').fill('U2231'); // the one-way's stock number
        await page.getByLabel('Search').press('Enter');
        await page.waitForURL(`${server.baseUrl}/portal/moves?q=U2231`);
        await page.getByText('Showing 1 move.').waitFor();
        assert.deepEqual(await page.locator('table.moves tbody th a').allTextContents(), [`#${moveIds[0]}`]);
        await page.getByRole('link', { name: 'Clear' }).click();
        await page.getByText(`Showing ${moveIds.length} moves.`).waitFor();

        // Sign out by keyboard: the session ends on the server too (the cookie no longer works).
        await tabTo(page, 'button:has-text("Sign out")', 30);
        await page.keyboard.press('Enter');
        await page.waitForURL(`${server.baseUrl}/portal/login`);
        await page.getByRole('heading', { name: 'Sign in' }).waitFor();
        const after = await page.request.get(`${server.baseUrl}/v1/session`);
        assert.equal(after.status(), 401, 'signed out on the server');

        // The ops desk lands on the board, with the ops nav (Board first, none of a dealer's pages).
        await page.locator('#email').fill(OPS.email);
        await page.locator('#password').fill(OPS.password);
        await page.locator('#password').press('Enter');
        await page.waitForURL(`${server.baseUrl}/portal/board`);
        assert.equal(navOf('ops')[0], 'Board');
        assert.ok(!navOf('ops').includes('Moves') && !navOf('ops').includes('Book a move'), "a dealer's pages are not registered for ops");
        assert.deepEqual(await nav.getByRole('link').allTextContents(), navOf('ops'), "the ops desk's pages, in order");
        assert.equal(await nav.getByRole('link', { name: 'Board' }).getAttribute('aria-current'), 'page');
        await page.getByRole('banner').getByText(OPS.name).waitFor();
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.waitForURL(`${server.baseUrl}/portal/login`);
        await page.getByRole('heading', { name: 'Sign in' }).waitFor();

        // Locked out (PORTAL_LOCKOUT_FAILURES=2 wrong passwords in a row): the page says how long to wait.
        for (let attempt = 1; attempt <= 3; attempt++) {
          await page.locator('#email').fill(DEALER.email);
          await page.locator('#password').fill(`wrong ${attempt}`);
          // Each answer awaited: the message of the attempt before may read the same.
          const answered = page.waitForResponse((r) => r.url().endsWith('/v1/session') && r.request().method() === 'POST');
          await page.locator('#password').press('Enter');
          assert.equal((await answered).status(), attempt <= 2 ? 401 : 429);
          const expected = attempt <= 2 ? /wrong email or password/i : /too many failed attempts\. try again in 1 minute\./i;
          await alert.filter({ hasText: expected }).waitFor();
        }
        await axeCheck(page, 'the login page, locked out');

        // The 401s (signed out, wrong password) and the 429 (locked out) above are answers the test
        // provoked, which Chromium logs; nothing else may fail.
        assert.deepEqual(
          problems.filter((p) => !/status of (401 \(Unauthorized\)|429 \(Too Many Requests\))$/.test(p)),
          [],
          'no console errors, exceptions, refused requests or policy violations',
        );
      } finally {
        await page.context().close();
        await server.close();
      }
    });
  }
});
