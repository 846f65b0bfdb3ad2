// A dealer session of rooftop A can neither read nor change anything of rooftop B, through any
// endpoint of the served OpenAPI document: every path id is one of B's real ids, every body names
// B's move and rooftop. Each answer is a refusal (400/403/404), or for a list, A's own data only;
// and nothing in the database changes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUser } from '../../src/modules/portal/accounts/create-user.ts';
import type { Schema } from '../../src/db/schema.ts';
import { engines } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { oneWayRequest } from '../support/requests.ts';

const MARKER = 'ROOFTOP-B-ONLY';
const SNAPSHOT: (keyof Schema)[] = [
  'rooftops', 'locations', 'lanes', 'scenarios', 'moves', 'events', 'webhooks', 'webhook_deliveries', 'jobs', 'sms_messages',
  'appointments', 'availability_holds', 'charges', 'quotes', 'invoices', 'photos', 'move_slots', 'contracts', 'payers',
  'regions', 'driver_shifts', 'drivers', 'workflow_sets', 'api_clients', 'portal_users', 'portal_user_rooftops',
];

for (const engine of engines()) {
  describe(`a dealer session is confined to its rooftop, on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine, { SANDBOX: '1', WEBHOOK_ALLOW_INSECURE_LOOPBACK: '1' });
    });
    after(() => t.close());

    const snapshot = async () => {
      const db = t.deps.database.db as unknown as { selectFrom(table: string): { selectAll(): { execute(): Promise<unknown[]> } } };
      // An event's log_position is bookkeeping a reader of the log assigns (GET /v1/events), not a change.
      const kept = (row: unknown) => ({ ...(row as object), log_position: undefined });
      return Promise.all(SNAPSHOT.map(async (table) => JSON.stringify((await db.selectFrom(table).selectAll().execute()).map(kept))));
    };

    test('every endpoint, with rooftop B ids, refuses or answers rooftop A data only, and changes nothing', async () => {
      const b = await t.addRooftop({ name: `Dealer ${MARKER}` });
      const bClient = await t.addClient('dealer', [b]);
      const booking = oneWayRequest();
      booking.move.reference_id = MARKER;
      const booked = await t.request('POST', '/v1/one-way-moves', { token: bClient.token, body: booking });
      assert.equal(booked.statusCode, 200, booked.body);
      const move = booked.json().move;
      const hook = await t.request('POST', '/v1/webhooks', {
        token: bClient.token,
        body: { target_url: 'http://127.0.0.1:9/hook', secret: 'a-long-enough-signing-secret', event_types: ['*'], description: MARKER },
      });
      assert.equal(hook.statusCode, 200, hook.body);
      const ids: Record<string, number | string> = {
        moves: move.move_id,
        webhooks: hook.json().webhook_id,
        locations: move.pickup_location.location_id,
        lanes: Number(String(move.lane_uri).split('/').pop()),
        rooftops: b,
      };

      const email = 'isolated.dealer@example.com';
      const password = 'a long enough password';
      await createUser(t.deps.database.db, { email, name: 'A dealer', role: 'dealer', rooftopIds: [t.rooftopId], password }, t.deps);
      const login = await t.request('POST', '/v1/session', { token: null, body: { email, password } });
      assert.equal(login.statusCode, 200, login.body);
      const cookie = /handoff_session=([^;]+)/.exec(String(login.headers['set-cookie']))![1]!;
      const headers = { cookie: `handoff_session=${cookie}`, 'x-csrf-token': login.json().csrf_token as string };

      const doc = (await t.request('GET', '/docs/json', { token: null })).json() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
      const before = await snapshot();
      const leaks: string[] = [];
      let probed = 0;
      for (const [path, operations] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(operations)) {
          if (!op.security?.length || path === '/v1/session') continue; // public: no session involved
          const area = /^\/v1\/(?:ops\/|driver\/)?([a-z-]+)/.exec(path)?.[1] ?? '';
          const url = path.replace(/\{[^}]+\}/g, (param) => (param === '{slot}' ? 'pickup' : String(ids[area] ?? move.move_id)));
          const body = method === 'get' ? undefined : { move_id: move.move_id, rooftop: b, customer_id: b, rooftop_ids: [b] };
          const res = await t.request(method.toUpperCase(), url, { token: null, headers, body });
          probed++;
          const hasParams = path.includes('{');
          const listedOwn = res.statusCode === 200 && method === 'get' && !hasParams && !res.body.includes(MARKER);
          if (![400, 403, 404].includes(res.statusCode) && !listedOwn) leaks.push(`${method.toUpperCase()} ${url}: ${res.statusCode} ${res.body.slice(0, 160)}`);
        }
      }
      assert.ok(probed > 40, `${probed} operations probed`);
      assert.deepEqual(leaks, []);
      assert.deepEqual(await snapshot(), before, 'nothing changed');
    });
  });
}
