// The portal in a real browser: the built portal (portal-build.ts) served by a real Handoff server
// listening on loopback (built in this process, so a test sets up data through the same deps), and
// Chromium driven by playwright-core. Helpers: portal users, bearer clients for setting up moves, an
// axe-core check and phone + desktop screenshots under test-artifacts/portal/ (ignored by git).
//
// Chromium is required: Debian's when installed, else the one an npm package ships (chromium.ts).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createDeps, type Deps } from '../../src/deps.ts';
import { insertClient } from '../../src/modules/clients/clients.repository.ts';
import { hashSecret } from '../../src/modules/clients/credentials.ts';
import { createUser } from '../../src/modules/portal/accounts/create-user.ts';
import { insertRooftop } from '../../src/modules/rooftops/rooftops.repository.ts';
import { chooseChromium } from './chromium.ts';
import { type EngineName, scratchDatabase, type ScratchDatabase } from './databases.ts';
import { builtPortal } from './portal-build.ts';
import { freePort } from './server-process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = join(ROOT, 'test-artifacts/portal');

export interface PortalServer {
  baseUrl: string;
  deps: Deps;
  app: FastifyInstance;
  scratch: ScratchDatabase;
  /** The built portal it serves. */
  portalDir: string;
  close(): Promise<void>;
}

/**
 * A Handoff server on a free loopback port, on a fresh database of `engine`, serving the portal built
 * from the current sources (or `portalDir`).
 */
export async function startPortalServer(
  engine: EngineName,
  env: Record<string, string> = {},
  options: { portalDir?: string } = {},
): Promise<PortalServer> {
  const portalDir = options.portalDir ?? (await builtPortal()).dir;
  const scratch = await scratchDatabase(engine);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    DATABASE_URL: scratch.url,
    // Loopback http: the session cookie is then sent without Secure, as it must be for a browser to keep it.
    PUBLIC_URL: baseUrl,
    PHOTO_DIR: mkdtempSync(join(tmpdir(), 'handoff-portal-photos-')),
    // A browser test signs in a few times; the lockout, not the request rate, is what a test of it sets.
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_ADDRESS_PER_MINUTE: '0',
    ...env,
  });
  const deps = await createDeps(config, { logger: pino({ level: 'silent' }) });
  const app = await buildApp(deps, { logger: false, portalDir });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    baseUrl,
    deps,
    app,
    scratch,
    portalDir,
    close: async () => {
      await app.close();
      await deps.close();
      await scratch.drop();
    },
  };
}

/** A rooftop at the reference service lot (Richmond, VA 23236). */
export async function addRooftop(server: PortalServer, name = "Denny's Automobiles"): Promise<number> {
  return insertRooftop(server.deps.database.db, {
    name,
    address_one: '11161 Research Plaza Way',
    address_two: null,
    city: 'Richmond',
    state: 'VA',
    zip: '23236',
    lat: 37.4782,
    lon: -77.5854,
    timezone: 'America/New_York',
    business_hours: null,
    holidays: '[]',
    created_at: server.deps.clock.now(),
  });
}

/** A portal user with a known password (through the accounts module, as POST /v1/users makes one). */
export async function addPortalUser(
  server: PortalServer,
  user: { email: string; name: string; role: 'dealer' | 'ops'; rooftopIds?: number[]; password: string },
): Promise<void> {
  const { deps } = server;
  await createUser(
    deps.database.db,
    { email: user.email, name: user.name, role: user.role, rooftopIds: user.rooftopIds ?? [], password: user.password },
    { ids: deps.ids, clock: deps.clock },
  );
}

let clientSeq = 0;
const nextClientId = (prefix: string) => `${prefix}_${++clientSeq}_${Math.random().toString(36).slice(2, 8)}`;

/** A JSON API caller: sends JSON with its bearer token, asserts a 2xx, answers the body. */
export type Api = (method: string, path: string, body?: unknown) => Promise<Record<string, any>>;

/**
 * An API client signed in with its own credentials (one made here, or a driver's app with those
 * POST /v1/ops/drivers answered): POST /v1/authorize must answer 200.
 */
export async function credentialsClient(server: PortalServer, clientId: string, secret: string): Promise<Api> {
  const auth = await fetch(`${server.baseUrl}/v1/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: clientId, client_secret: secret }),
  });
  assert.equal(auth.status, 200, `${clientId} signs in: ${await auth.clone().text()}`);
  const { access_token: token } = (await auth.json()) as { access_token: string };
  return async (method, path, body) => {
    const res = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : {};
  };
}

/** An API client of `role` for the rooftops. */
export async function bearerClient(server: PortalServer, role: 'dealer' | 'ops', rooftopIds: number[]): Promise<Api> {
  const clientId = nextClientId('portal_test');
  const secret = `secret_${clientId}`;
  await insertClient(server.deps.database.db, { clientId, secretHash: hashSecret(secret), role, rooftopIds, now: server.deps.clock.now() });
  return credentialsClient(server, clientId, secret);
}

/** The all-rooftops dispatch desk as an API client (only it makes drivers and their shifts). */
export async function deskClient(server: PortalServer): Promise<Api> {
  const clientId = nextClientId('portal_desk');
  const secret = `secret_${clientId}`;
  await insertClient(server.deps.database.db, { clientId, secretHash: hashSecret(secret), role: 'ops', allRooftops: true, rooftopIds: [], now: server.deps.clock.now() });
  return credentialsClient(server, clientId, secret);
}

/** Signs a portal user in on the login page (by Enter in the password box) and waits to land on `landing`. */
export async function signInAs(page: Page, baseUrl: string, user: { email: string; password: string }, landing: string | RegExp, from = '/portal/login'): Promise<void> {
  await page.goto(`${baseUrl}${from}`);
  await page.locator('#email').fill(user.email);
  await page.locator('#password').fill(user.password);
  await page.locator('#password').press('Enter');
  await page.waitForURL(typeof landing === 'string' ? `${baseUrl}${landing}` : landing);
}

let launched: Promise<{ browser: Browser; source: string }> | undefined;

/** Chromium, launched once per test file; no browser to start fails the test that needs it. */
export function portalBrowser(): Promise<{ browser: Browser; source: string }> {
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

export async function closePortalBrowser(): Promise<void> {
  await (await launched?.catch(() => undefined))?.browser.close();
  launched = undefined;
}

/**
 * A page whose console errors, uncaught exceptions and refused requests (a Content-Security-Policy
 * violation is one) are collected in `problems`: a test ends by asserting there were none.
 */
export async function openPortalPage(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', colorScheme: 'light' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  return { page, problems };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core on the page as it is now and fails on any serious or critical violation, listing
 * each with the elements it found. Injected with page.evaluate, not a script tag: the portal's
 * Content-Security-Policy rightly refuses scripts from anywhere but its own files.
 */
export async function axeCheck(page: Page, what = page.url()): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)")) as AxeViolation[];
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const listed = serious.map(
    (v) => `- ${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`.replace(/\n/g, ' ')).join('\n')}`,
  );
  assert.equal(serious.length, 0, `axe found serious or critical problems on ${what}:\n${listed.join('\n')}`);
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/** Saves `<name>-phone.png` (390×844) and `<name>-desktop.png` (1280×800), whole pages; restores the viewport. */
export async function screenshot(page: Page, name: string): Promise<string[]> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const before = page.viewportSize();
  const saved: string[] = [];
  for (const [label, size] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    await page.setViewportSize(size);
    const path = join(ARTIFACTS, `${name}-${label}.png`);
    await page.screenshot({ path, fullPage: true });
    saved.push(path);
  }
  if (before) await page.setViewportSize(before);
  return saved;
}
