// The public tracking page (spec §8), on both engines through inject: what it shows as a trip goes
// on, what it must never show, its security headers, the ETA arithmetic, 404 and 410 pages, and
// the booking option config.hide_service_location.
import assert from 'node:assert/strict';
import { inspectBeforeStep, type Send } from '../support/inspection.ts';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { StraightLineEstimator } from '../../src/modules/lanes/route-estimator.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { STEPS, type StepName as Step } from '../support/lifecycle.ts';
import { conciergeLoanerRequest, conciergeRequest, oneWayRequest } from '../support/requests.ts';

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
type Doc = Record<string, any>;

/** The reference service lot (23236) and the reference customer (23220) — ZIP centroids. */
const LOT = { lat: 37.4782, lon: -77.5854 };

const eastern = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', minute: '2-digit' });
/** "8:05 AM" — Richmond's wall clock, written independently of the code under test. */
const easternTime = (ms: number) => eastern.format(ms).replace(/\u202f/g, ' ');
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace('.000', '');

/** An API client that authorizes again whenever the test clock has moved on (tokens last an hour). */
class Client {
  private token: string | undefined;
  private issuedAt = -Infinity;
  constructor(
    private readonly t: TestApp,
    readonly clientId: string,
    private readonly secret: string,
  ) {}

  async call(method: string, url: string, body?: unknown): Promise<LightMyRequestResponse> {
    const age = this.t.clock.now() - this.issuedAt;
    if (this.token === undefined || age < 0 || age > 30 * MINUTE) {
      const res = await this.t.request('POST', '/v1/authorize', {
        token: null,
        body: { client_id: this.clientId, client_secret: this.secret },
      });
      assert.equal(res.statusCode, 200, res.body);
      this.token = res.json().access_token;
      this.issuedAt = this.t.clock.now();
    }
    return this.t.request(method, url, { token: this.token!, body });
  }

  /** The same calls, as the inspection helpers send them. */
  readonly send: Send = async (method, url, body, headers) => {
    await this.call('GET', '/v1/driver/moves');
    return this.t.request(method, url, { token: this.token!, body, headers });
  };

  async ok(method: string, url: string, body?: unknown): Promise<Doc> {
    const res = await this.call(method, url, body);
    assert.equal(res.statusCode, 200, `${method} ${url}: ${res.body}`);
    return res.json();
  }
}

for (const engine of engines()) {
  describe(`tracking page on ${engine}`, () => {
    let t: TestApp;
    let dealer: Client;
    let ops: Client;
    let driver: Client;
    let driverId: number;

    before(async () => {
      t = await startTestApp(engine);
      const d = await t.addClient('dealer', [t.rooftopId]);
      dealer = new Client(t, d.clientId, d.secret);
      const o = await t.addClient('ops', [t.rooftopId]);
      ops = new Client(t, o.clientId, o.secret);
      // Drivers are made by the all-rooftops desk; the rooftop's ops client dispatches them.
      const desk = await t.addClient('ops', 'all');
      const made = await new Client(t, desk.clientId, desk.secret).ok('POST', '/v1/ops/drivers', { name: 'Samantha Okafor', phone: '804-555-0199', can_drive_manual: true });
      driverId = made.driver_id;
      driver = new Client(t, made.client_id, made.client_secret);
    });
    after(() => t?.close());
    // Every test starts at the same instant (Wed 2026-03-18 12:00 UTC, 8:00 AM EDT).
    beforeEach(() => t.clock.set(TEST_NOW));

    /** Book, dispatch to the driver, and return the booking document and the tracking path. */
    async function bookAndDispatch(path: string, body: Doc, legRoles: string[]) {
      const doc = await dealer.ok('POST', path, body);
      const ids = legRoles.map((r) => doc[r].move_id as number);
      const dispatched = await ops.ok('POST', `/v1/ops/moves/${ids[0]}/dispatch`, { driver_id: driverId });
      const link: string = dispatched[legRoles[0]!].tracking_link;
      assert.match(link, /\/track\/[A-Za-z0-9_-]{16,}$/);
      return { doc: dispatched, ids, link, path: new URL(link).pathname };
    }

    const pair = () => bookAndDispatch('/v1/concierge-loaner-moves', conciergeLoanerRequest(), ['loaner_move', 'customer_move']);

    async function step(moveId: number, name: Step, at: { lat: number; lon: number } = LOT) {
      t.clock.advance(5 * MINUTE);
      await inspectBeforeStep(driver.send, moveId, name);
      await driver.ok('POST', `/v1/driver/moves/${moveId}/steps`, { step: name, ...at });
    }

    const page = (path: string) => t.request('GET', path, { token: null });
    async function status(path: string): Promise<Doc> {
      const res = await t.request('GET', `${path}/status`, { token: null });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    }
    const reached = (s: Doc) => s.legs.flatMap((l: Doc) => l.steps.filter((x: Doc) => x.reached).map((x: Doc) => `${l.leg}:${x.step}`));

    function assertLockedDown(res: LightMyRequestResponse, type: RegExp) {
      assert.equal(res.headers['content-security-policy'], CSP);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.headers['x-frame-options'], 'DENY');
      assert.match(String(res.headers['content-type']), type);
    }

    test('the page: rooftop, vehicles, first name, timeline, strict headers, no external resources', async () => {
      const { path } = await pair();
      const res = await page(path);
      assert.equal(res.statusCode, 200, res.body);
      assertLockedDown(res, /^text\/html; charset=utf-8$/);
      const html = res.body;
      assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1/);
      assert.match(html, /<p class="rooftop" id="rooftop">Denny&#39;s Automobiles<\/p>/);
      assert.match(html, /<h1 id="headline"[^>]*>Your driver has been assigned<\/h1>/);
      assert.match(html, /<h2>Your loaner<\/h2>/);
      assert.match(html, /<h2>Your vehicle<\/h2><p class="vehicle">2011 Buick Enclave, white<\/p>/);
      assert.match(html, /<p class="driver-name" id="driver-name">Samantha<\/p>/);
      assert.match(html, /Driver assigned<\/span> <time datetime="2026-03-18T12:00:00Z">8:00 AM<\/time>/);
      assert.match(html, /Times are EDT\./);
      // No ETA before the driver sets out.
      assert.match(html, /<section class="card eta" id="eta" aria-live="polite" hidden>/);

      // Nothing but this origin's own stylesheet and script; no inline code or style at all.
      assert.doesNotMatch(html, /https?:\/\//, 'no absolute URL: everything is relative to this origin');
      assert.doesNotMatch(html, /<style|style=|\son[a-z]+=|javascript:/i);
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      assert.deepEqual(scripts, [scripts[0]]);
      assert.match(scripts[0]!, /^<script src="assets\/tracking\.js\?v=[0-9a-f]{12}" defer>$/);
      assert.match(html, /<link rel="stylesheet" href="assets\/tracking\.css\?v=[0-9a-f]{12}">/);
      assert.match(html, /<body data-status-url="[A-Za-z0-9_-]+\/status" data-refresh-ms="\d+" data-state="assigned">/);

      // The assets it links exist, cacheable for good at their versioned URL.
      for (const [file, type] of [
        ['tracking.js', /^text\/javascript/],
        ['tracking.css', /^text\/css/],
      ] as const) {
        const href = new RegExp(`assets/${file.replace('.', '\\.')}\\?v=([0-9a-f]{12})`).exec(html)![0];
        const asset = await t.request('GET', `/track/${href}`, { token: null });
        assert.equal(asset.statusCode, 200);
        assert.match(String(asset.headers['content-type']), type);
        assert.equal(asset.headers['x-content-type-options'], 'nosniff');
        assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
        const unversioned = await t.request('GET', `/track/assets/${file}`, { token: null });
        assert.equal(unversioned.headers['cache-control'], 'no-cache');
      }
    });

    test('nothing private: no customer name or phone, VIN, stock, reference, dealer contact, instructions, driver surname', async () => {
      const { path, ids } = await pair();
      await step(ids[0]!, 'pickup_started');
      const html = (await page(path)).body;
      const json = (await t.request('GET', `${path}/status`, { token: null })).body;
      const forbidden = [
        'Harry',
        'Stevens',
        '888-888-8888',
        '8888888888',
        '5GAKRBED5BJ262438',
        'BK0018',
        'LOAN01',
        'RO# 12345',
        '12345',
        'Jane Smith',
        'spot 13C',
        'issued on arrival',
        'Okafor',
        '804-555-0199',
        '8045550199',
        '/v1/',
        'move_id',
        String(LOT.lat),
      ];
      for (const text of forbidden) {
        assert.ok(!html.includes(text), `the page shows "${text}"`);
        assert.ok(!json.includes(text), `the status shows "${text}"`);
      }
      // No ids of any kind (move ids are reference numbers too).
      assert.doesNotMatch(json, /"[a-z_]*id":/);
    });

    test('what dealers typed is escaped, never markup', async () => {
      const body = conciergeLoanerRequest();
      body.customer_move.vehicle.color = '<img src=x onerror=alert(1)>';
      body.customer_move.vehicle.vin = null;
      const { path } = await bookAndDispatch('/v1/concierge-loaner-moves', body, ['loaner_move', 'customer_move']);
      const html = (await page(path)).body;
      assert.ok(!html.includes('<img'));
      assert.match(html, /2011 Buick Enclave, &lt;img src=x onerror=alert\(1\)&gt;/);
    });

    test('the timeline advances step by step, in the customer\'s local time, for both legs of a pair', async () => {
      const { path, ids } = await pair();
      let s = await status(path);
      assert.equal(s.state, 'assigned');
      assert.deepEqual(reached(s), ['0:dispatched']);
      assert.deepEqual(
        s.legs.map((l: Doc) => [l.title, l.vehicle, l.route]),
        [
          ['Your loaner', null, "From Denny's Automobiles to you"],
          ['Your vehicle', '2011 Buick Enclave, white', "From you to Denny's Automobiles"],
        ],
      );

      const seen: string[] = ['0:dispatched'];
      const headlines: string[] = [];
      let recorded = 0;
      for (const [leg, moveId] of ids.entries()) {
        for (const name of STEPS) {
          await step(moveId, name);
          recorded++;
          // Each end's inspection is signed with its `_successful` step: "Vehicle inspected" just before it.
          if (name.endsWith('_successful')) seen.push(`${leg}:${name.split('_')[0]}_inspected`);
          seen.push(`${leg}:${name}`);
          s = await status(path);
          assert.deepEqual(reached(s), seen);
          const current = s.legs.flatMap((l: Doc) => l.steps).filter((x: Doc) => x.current);
          assert.deepEqual(current.map((x: Doc) => x.step), [name], 'the step just recorded is the current one');
          // 12:00 UTC is 8:00 AM EDT; each step comes 5 minutes after the previous one.
          const at = TEST_NOW + 5 * recorded * MINUTE;
          assert.equal(current[0].at_local, easternTime(at));
          assert.equal(current[0].at, isoSeconds(at));
          headlines.push(s.headline);
          // The page itself says the same.
          const html = (await page(path)).body;
          assert.match(html, new RegExp(`class="step is-reached is-current step-${name}" data-step="${name}"`));
        }
      }
      assert.deepEqual(headlines, [
        "Driver heading to Denny's Automobiles for the loaner",
        "Driver arrived at Denny's Automobiles",
        'Loaner picked up',
        'Loaner on its way to you',
        'Driver arrived with the loaner',
        'Loaner delivered to you',
        'Driver on the way to pick up your vehicle',
        'Driver arrived to pick up your vehicle',
        'Your vehicle picked up',
        "Your vehicle on its way to Denny's Automobiles",
        "Your vehicle arrived at Denny's Automobiles",
        "Your vehicle delivered to Denny's Automobiles",
      ]);
      assert.equal(s.state, 'completed');
      assert.equal(s.state_label, 'Completed');
      assert.equal(s.eta, null);
      // Each end says it was inspected, and nothing of the inspection itself reaches the public page.
      const inspected = s.legs.flatMap((l: Doc) => l.steps).filter((x: Doc) => x.step.endsWith('_inspected'));
      assert.deepEqual(inspected.map((x: Doc) => x.title), Array(4).fill('Vehicle inspected'));
      const html = (await page(path)).body;
      assert.equal((html.match(/Vehicle inspected/g) ?? []).length, 4);
      for (const secret of ['/v1/photos/', 'Jane Smith', 'sha256', 'odometer']) assert.ok(!html.includes(secret), secret);
      assert.ok(!JSON.stringify(s).includes('/v1/photos/'));
    });

    test('ETA: from the driver\'s last position to the next stop, through the route estimator', async () => {
      const { path, ids, doc } = await pair();
      const customer = doc.loaner_move.delivery_location as { lat: number; lon: number };
      const lot = doc.loaner_move.pickup_location as { lat: number; lon: number };
      const estimator = new StraightLineEstimator(loadConfig({}).routing);
      const expectEta = async (s: Doc, from: { lat: number; lon: number }, to: { lat: number; lon: number }) => {
        const minutes = Math.round((await estimator.estimate(from, to)).durationMinutes);
        const now = t.clock.now();
        const arrives = Math.floor((now + minutes * MINUTE) / MINUTE) * MINUTE;
        const local = easternTime(arrives);
        assert.equal(s.eta.minutes, minutes);
        assert.equal(s.eta.arrives_at, isoSeconds(arrives));
        assert.equal(s.eta.arrives_at_local, `${local} EDT`);
        assert.equal(s.eta.text, minutes === 0 ? `Arriving any minute now, around ${local} EDT` : `Arriving in about ${minutes} min, around ${local} EDT`);
        return minutes;
      };

      // On the way to the pickup (the lot), 3 miles out.
      const away = { lat: LOT.lat + 0.04, lon: LOT.lon };
      await step(ids[0]!, 'pickup_started', away);
      let s = await status(path);
      assert.equal(s.eta.source, 'driver_position');
      assert.equal(s.eta.destination, "Denny's Automobiles, 11161 Research Plaza Way, Richmond");
      const toLot = await expectEta(s, away, lot);
      assert.ok(toLot >= 5 && toLot <= 15, `${toLot} min`);

      // Vehicle picked up at the lot, then on its way to the customer: the reference 23-minute drive.
      await step(ids[0]!, 'pickup_arrived', lot);
      await step(ids[0]!, 'pickup_successful', lot);
      await step(ids[0]!, 'delivery_started', lot);
      s = await status(path);
      assert.equal(s.eta.destination, '210 S Mulberry St, Richmond');
      assert.equal(await expectEta(s, lot, customer), 23);
      const html = (await page(path)).body;
      assert.match(html, new RegExp(`<p class="eta-text" id="eta-text">${s.eta.text}</p>`));
      assert.match(html, /<p class="eta-dest" id="eta-dest">Next stop: 210 S Mulberry St, Richmond<\/p>/);

      // The driver reports a position halfway there: the ETA shrinks.
      t.clock.advance(9 * MINUTE);
      const halfway = { lat: (lot.lat + customer.lat) / 2, lon: (lot.lon + customer.lon) / 2 };
      await driver.ok('POST', '/v1/driver/location', halfway);
      s = await status(path);
      const later = await expectEta(s, halfway, customer);
      assert.ok(later < 23 && later > 5, `${later} min`);

      // No position known at all: the estimate starts from the leg's pickup.
      await t.deps.database.db.updateTable('drivers').set({ last_lat: null, last_lon: null, last_located_at: null }).where('id', '=', driverId).execute();
      s = await status(path);
      assert.equal(s.eta.source, 'pickup_location');
      assert.equal(await expectEta(s, lot, customer), 23);

      // Arrived: no more ETA.
      await step(ids[0]!, 'delivery_arrived', customer);
      assert.equal((await status(path)).eta, null);
    });

    test('unknown and malformed tokens get a friendly 404 page', async () => {
      for (const path of ['/track/AAAAAAAAAAAAAAAAAAAAAAAA', '/track/nope', '/track/%3Cscript%3E']) {
        const res = await page(path);
        assert.equal(res.statusCode, 404, path);
        assertLockedDown(res, /^text\/html; charset=utf-8$/);
        assert.match(res.body, /<h1>We could not find this tracking page<\/h1>/);
        assert.doesNotMatch(res.body, /<script/);
        const json = await t.request('GET', `${path}/status`, { token: null });
        assert.equal(json.statusCode, 404);
        assert.equal(json.json().state, 'not_found');
        assertLockedDown(json, /^application\/json/);
      }
    });

    test('a delivered trip\'s link works for 24 hours, then a friendly 410 page', async () => {
      const { path, ids } = await bookAndDispatch('/v1/one-way-moves', oneWayRequest(), ['move']);
      for (const name of STEPS) await step(ids[0]!, name);
      const s = await status(path);
      assert.equal(s.state, 'completed');
      assert.equal(s.headline, 'Honda Accord delivered');
      assert.equal(s.legs[0].title, 'The vehicle');
      assert.equal(s.legs[0].route, 'From Denny\'s Automobiles to 5000 W Broad St');

      t.clock.advance(24 * HOUR - 1000);
      assert.equal((await page(path)).statusCode, 200);
      t.clock.advance(1000);
      const gone = await page(path);
      assert.equal(gone.statusCode, 410);
      assertLockedDown(gone, /^text\/html; charset=utf-8$/);
      assert.match(gone.body, /<h1>This tracking link has expired<\/h1>/);
      assert.doesNotMatch(gone.body, /Honda|Denny/);
      const json = await t.request('GET', `${path}/status`, { token: null });
      assert.equal(json.statusCode, 410);
      assert.equal(json.json().state, 'expired');
    });

    test('a canceled trip says so, keeps what happened, and expires 24 hours after the cancelation', async () => {
      const { path, ids } = await pair();
      await step(ids[0]!, 'pickup_started');
      t.clock.advance(MINUTE);
      await dealer.ok('POST', '/v1/cancelation', { move_id: ids[0] });
      // Pending: nothing changes for the customer yet.
      assert.equal((await status(path)).state, 'in_progress');
      t.clock.advance(MINUTE);
      await ops.ok('POST', `/v1/ops/moves/${ids[0]}/cancel-decision`, { outcome: 'partial' });

      const s = await status(path);
      assert.equal(s.state, 'canceled');
      assert.equal(s.headline, 'This trip was canceled');
      assert.equal(s.eta, null);
      assert.deepEqual(reached(s), ['0:dispatched', '0:pickup_started', '0:canceled']);
      assert.equal(s.legs.length, 1, 'a leg that never started is no longer shown');
      assert.ok(s.legs[0].steps.every((x: Doc) => x.reached), 'nothing is upcoming any more');
      const canceled = s.legs[0].steps.at(-1);
      assert.deepEqual([canceled.title, canceled.at_local, canceled.current], ['Trip canceled', '8:07 AM', true]);
      const html = (await page(path)).body;
      assert.match(html, /<p class="badge badge-canceled" id="state">Canceled<\/p>/);
      assert.match(html, /<body [^>]*data-state="canceled">/);

      t.clock.advance(24 * HOUR - 1000);
      assert.equal((await page(path)).statusCode, 200);
      t.clock.advance(1000);
      assert.equal((await page(path)).statusCode, 410);
    });

    test('config.hide_service_location keeps the service lot\'s address off the page', async () => {
      const address = '11161 Research Plaza Way';
      const run = async (config: Doc | undefined) => {
        const body = conciergeRequest('pickup');
        if (config) body.config = config;
        const { path, ids, doc } = await bookAndDispatch('/v1/concierge-moves', body, ['customer_move']);
        const row = await t.deps.database.db.selectFrom('scenarios').innerJoin('moves', 'moves.scenario_id', 'scenarios.id').select('hide_service_location').where('moves.id', '=', ids[0]!).executeTakeFirstOrThrow();
        // On the way to the customer: their own address is theirs to see.
        await step(ids[0]!, 'pickup_started', LOT);
        let s = await status(path);
        assert.equal(s.eta.destination, '210 S Mulberry St, Richmond');
        const customer = doc.customer_move.pickup_location;
        await step(ids[0]!, 'pickup_arrived', customer);
        await step(ids[0]!, 'pickup_successful', customer);
        await step(ids[0]!, 'delivery_started', customer);
        s = await status(path);
        return { hidden: Number(row.hide_service_location), s, html: (await page(path)).body, json: JSON.stringify(s) };
      };

      const shown = await run(undefined);
      assert.ok(!shown.html.includes('Harry'), 'location names (here the customer\'s) never appear');
      assert.equal(shown.hidden, 0);
      assert.equal(shown.s.eta.destination, `Denny's Automobiles, ${address}, Richmond`);
      assert.ok(shown.html.includes(address));

      const hidden = await run({ hide_service_location: true });
      assert.equal(hidden.hidden, 1);
      assert.equal(hidden.s.eta.destination, "Denny's Automobiles");
      assert.ok(hidden.s.eta.minutes > 0, 'the ETA is still there');
      assert.ok(!hidden.html.includes(address), 'the page shows the service lot address');
      assert.ok(!hidden.json.includes(address), 'the status shows the service lot address');
      assert.ok(!hidden.html.includes('23236'));

      const explicit = await run({ hide_service_location: false, something_else: 1 });
      assert.equal(explicit.hidden, 0);
    });

    test('config.hide_service_location must be a boolean; config must be an object', async () => {
      for (const [config, field] of [
        [{ hide_service_location: 'yes' }, 'config.hide_service_location'],
        ['hide', 'config'],
      ] as const) {
        const res = await dealer.call('POST', '/v1/concierge-moves', { ...conciergeRequest('pickup'), config });
        assert.equal(res.statusCode, 400, res.body);
        assert.deepEqual(
          res.json().errors.map((e: Doc) => [e.code, e.field]),
          [['field_invalid', field]],
        );
      }
      // Accepted by every booking endpoint.
      for (const [path, body] of [
        ['/v1/concierge-loaner-moves', conciergeLoanerRequest()],
        ['/v1/one-way-moves', oneWayRequest()],
      ] as const) {
        const res = await dealer.call('POST', path, { ...body, config: { hide_service_location: true } });
        assert.equal(res.statusCode, 200, res.body);
      }
    });
  });
}
