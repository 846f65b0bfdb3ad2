// The served OpenAPI document tells the truth about what the readers refuse (issue 11 item 5): for
// every endpoint with a request body (and every query string), each required field, each optional
// one, each type, each length and range limit and each enum of the schema in /docs/json is sent to
// the real endpoint, with a neighbour on both sides of every limit (test/support/schema-probe.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  conciergeLoanerRequest,
  conciergeRequest,
  oneWayRequest,
  roundTripRequest,
} from '../support/requests.ts';
import { disagreement, type Json, type Probe, probesOf, type Schema, withValue } from '../support/schema-probe.ts';

type Body = Record<string, Json>;

interface Endpoint {
  method: 'POST' | 'PATCH' | 'PUT' | 'GET';
  /** As in the document: /v1/moves/{id}. */
  path: string;
  url: string;
  token: string | null;
  example: () => Body;
  /** A body schema that is an anyOf (POST /v1/quotes: any booking body): the branch probed. */
  branch?: number;
}

/** Operations with a body that is not read by a FieldReader reader, and why. */
const NOT_PROBED: Record<string, string> = {
  'POST /v1/sms/inbound': "Twilio's form, checked by its signature; neither parameter is required",
  'PATCH /v1/moves/{id}/workflows/{slot}/data': "its keys are the workflow's step ids, each value checked against its step (422): test/api/inspection-workflows.test.ts",
  'PATCH /v1/driver/moves/{id}/workflows/{slot}/data': "its keys are the workflow's step ids, each value checked against its step (422): test/api/inspection-workflows.test.ts",
  'POST /v1/driver/moves/{id}/photos': 'multipart/form-data, not JSON: its parts are tested in test/api/photo-upload-refusals.test.ts',
  'POST /v1/driver/moves/{id}/workflows/{slot}/signature': 'multipart/form-data, not JSON: its parts are tested in test/api/photo-upload-refusals.test.ts',
  'POST /v1/ops/drivers/{id}/shifts': 'two forms (starts_at and ends_at, or pattern), so each form\'s fields are required only without the other: test/api/shifts.test.ts',
  'GET /v1/invoices/{id}.csv': 'not JSON: text/csv, no query or body to probe (test/api/invoices.test.ts reads it back)',
  'GET /v1/invoices/{id}.pdf': 'not JSON: application/pdf, no query or body to probe (test/api/invoices.test.ts reads it back)',
};

/**
 * Probes the schema cannot pass, each with its reason. The model year's upper bound is next year
 * + 1: it moves with the calendar, so the schema states it in words, not as a maximum.
 */
function knownGap(p: Probe): string | null {
  const at = p.path.join('.');
  if (/(^|\.)vehicle(\.|_)year$/.test(at) && p.expect.kind === 'not for' && typeof p.value === 'number' && p.value > 0) {
    return 'the model year maximum moves with the calendar';
  }
  return null;
}

const MISSING_MOVE = 999_999_999;

for (const engine of engines()) {
  describe(`the OpenAPI request schemas match the readers, on ${engine}`, () => {
    let t: TestApp;
    let doc: { paths: Record<string, Record<string, any>> };
    let endpoints: Endpoint[];

    before(async () => {
      t = await startTestApp(engine, { SANDBOX: '1', WEBHOOK_ALLOW_INSECURE_LOOPBACK: '1' });
      doc = (await t.request('GET', '/docs/json', { token: null })).json();
      const ops = (await t.addClient('ops', 'all')).token;

      const driver = await t.request('POST', '/v1/ops/drivers', { token: ops, body: { name: 'Probe Driver', phone: '804-555-0134' } });
      assert.equal(driver.statusCode, 200, driver.body);
      const { driver_id: driverId, client_id, client_secret } = driver.json();
      const driverToken = (await t.request('POST', '/v1/authorize', { token: null, body: { client_id, client_secret } })).json().access_token;

      const booked = await t.request('POST', '/v1/one-way-moves', { body: oneWayRequest() });
      assert.equal(booked.statusCode, 200, booked.body);
      const moveId = booked.json().move.move_id;

      // An appointment's fields, with the rooftop's two places the booking above left (spec §11.4).
      const appointmentFields = () => ({
        consumer_at_pickup: true,
        pickup_location_id: booked.json().move.delivery_location.location_id,
        delivery_location_id: booked.json().move.pickup_location.location_id,
        appointment_time: '2026-03-25T14:00:00Z',
        consumer_name: 'Harry Stevens',
        consumer_phone: '804-555-0134',
        consumer_email: 'harry@example.com',
        vehicle_make: 'Buick',
        vehicle_model: 'Enclave',
        vehicle_year: 2011,
        vehicle_color: 'white',
        vehicle_vin: '5GAKRBED5BJ262438',
        vehicle_manual: false,
        driver_notes: 'Keys with the customer',
        config: { loaner: false, hide_service_location: false },
        source_status: 'booked',
      });

      // Availability's and holds' trip (spec §11.3): a Concierge + Loaner pickup at the booking's delivery place.
      const tripAsked = () => ({
        customer_id: t.rooftopId,
        consumer_action: 'concierge-loaner-pu',
        pickup_location_id: booked.json().move.delivery_location.location_id,
        pickup_address: '5000 W Broad St, Richmond, VA 23230',
      });

      const hook = { target_url: 'http://127.0.0.1:9/hook', secret: 'a-long-enough-signing-secret', event_types: ['move.created'] };
      const webhook = await t.request('POST', '/v1/webhooks', { body: hook });
      assert.equal(webhook.statusCode, 200, webhook.body);
      const webhookId = webhook.json().webhook_id;

      const workflow = (name: string) => ({
        name,
        description: 'probe',
        steps: [{ id: 'odometer', type: 'integer', config: { allow_server_edits: false, required: true, min: 0 } }],
      });
      const workflowSet = () => ({ name: 'Probe set', description: 'probe', is_default: false, pickup: workflow('Probe pickup'), delivery: workflow('Probe delivery') });
      const set = await t.request('POST', '/v1/ops/workflow-sets', { token: ops, body: { rooftop: t.rooftopId, ...workflowSet() } });
      assert.equal(set.statusCode, 200, set.body);
      const setId = set.json().id;

      // Regions on a rooftop of their own: every probe the reader takes writes a region, which must
      // not change the service area of the rooftop the other probes book and ask availability for.
      const regionRooftop = await t.addRooftop({ name: 'Probe regions' });
      const regionBody = () => ({
        name: 'Probe region',
        timezone: 'America/New_York',
        area: { type: 'Polygon', coordinates: [[[-77.7, 37.3], [-77.3, 37.3], [-77.3, 37.7], [-77.7, 37.7], [-77.7, 37.3]]] },
      });
      const region = await t.request('POST', '/v1/ops/regions', { token: ops, body: { rooftop: regionRooftop, ...regionBody() } });
      assert.equal(region.statusCode, 201, region.body);
      const regionId = region.json().id;
      // Contracts on a rooftop of their own: the example is accepted once, every later probe the reader
      // takes meets it (one contract per set on a date) and is refused at begin_date only.
      const contractRooftop = await t.addRooftop({ name: 'Probe contracts' });
      const builtInSet = (await t.deps.database.db.selectFrom('workflow_sets').select('id').where('rooftop_id', 'is', null).executeTakeFirstOrThrow()).id;
      const contractBody = () => ({
        rooftop: contractRooftop,
        begin_date: '2026-04-01',
        end_date: '2026-12-31',
        workflowset_id: builtInSet,
        mileage_bands: [{ rate: 45.01, type: 'flat', class: 'stranded', distance_start: 0, distance_end: 250, class_rates: { '2': 50 } }],
        accessorials: { wait_per_minute: 0.5, wait_free_minutes: 15, fuel: { type: 'none' }, cancel_partial_fee: 25, dry_run_fee: 75, rush_fee: 30 },
      });
      // Payers on a rooftop of their own: a probe that requires a payer must not refuse the other probes' bookings.
      const payerRooftop = await t.addRooftop({ name: 'Probe payers' });
      const payer = await t.request('POST', '/v1/ops/payers', { token: ops, body: { rooftop: payerRooftop, name: 'Probe payer' } });
      assert.equal(payer.statusCode, 201, payer.body);
      const payerId = payer.json().id;
      // Both coordinates and the address: either left out, the other places the end.
      const eligibilityEnd = (lat: number, lon: number, zip: string) => ({
        latitude: lat,
        longitude: lon,
        name: 'Probe place',
        full_address: `210 S Mulberry St, Richmond, VA ${zip}`,
        address_one: '210 S Mulberry St',
        address_two: 'Suite 5',
        city: 'Richmond',
        state: 'VA',
        zip,
      });

      // Ids of missing moves where the body is read before the move is looked up: every probe
      // that passes the reader ends in a 404, and nothing changes state.
      endpoints = [
        { method: 'POST', path: '/v1/authorize', url: '/v1/authorize', token: null, example: () => ({ client_id: 'probe', client_secret: 'not-the-secret' }) },
        // Portal sign-in and users: a probe the reader takes is a failed sign-in (401, then 429 locked), or a user added once (then its email is taken).
        { method: 'POST', path: '/v1/session', url: '/v1/session', token: null, example: () => ({ email: 'probe@example.com', password: 'not-the-password' }) },
        {
          method: 'POST',
          path: '/v1/users',
          url: '/v1/users',
          token: ops,
          // An ops user: rooftop_ids is required of a dealer only, so the example leaves it out.
          example: () => ({ email: 'probe.user@example.com', name: 'Probe User', role: 'ops', password: 'a-long-probe-password' }),
        },
        { method: 'POST', path: '/v1/concierge-loaner-moves', url: '/v1/concierge-loaner-moves', token: t.token, example: conciergeLoanerRequest },
        { method: 'POST', path: '/v1/concierge-moves', url: '/v1/concierge-moves', token: t.token, example: () => conciergeRequest() },
        { method: 'POST', path: '/v1/one-way-moves', url: '/v1/one-way-moves', token: t.token, example: oneWayRequest },
        { method: 'POST', path: '/v1/round-trip-moves', url: '/v1/round-trip-moves', token: t.token, example: roundTripRequest },
        // Any booking body, each branch with its move_type (ours): read by the booking readers above.
        ...[conciergeLoanerRequest, () => conciergeRequest(), oneWayRequest, roundTripRequest].map((example, branch) => ({
          method: 'POST' as const,
          path: '/v1/quotes',
          url: '/v1/quotes',
          token: t.token,
          example: () => ({ ...example(), move_type: ['concierge-loaner', 'concierge', 'one-way', 'round-trip'][branch]! }),
          branch,
        })),
        // The same bodies previewed (ours, the portal's review step): the same readers, nothing written.
        ...[conciergeLoanerRequest, () => conciergeRequest(), oneWayRequest, roundTripRequest].map((example, branch) => ({
          method: 'POST' as const,
          path: '/v1/booking-previews',
          url: '/v1/booking-previews',
          token: t.token,
          example: () => ({ ...example(), move_type: ['concierge-loaner', 'concierge', 'one-way', 'round-trip'][branch]! }),
          branch,
        })),
        {
          method: 'PATCH',
          path: '/v1/moves/{id}',
          url: `/v1/moves/${moveId}`,
          token: t.token,
          example: () => ({
            vehicle_year: '2012',
            vehicle_make: 'Honda',
            vehicle_model: 'Civic',
            vehicle_color: 'red',
            vehicle_stock: 'S-1',
            vehicle_vin: '1HGCM82633A004352',
            ready_by: '2026-03-25T15:00:00Z',
            reference_num: 'R-1',
          }),
        },
        { method: 'POST', path: '/v1/ops/drivers', url: '/v1/ops/drivers', token: ops, example: () => ({ name: 'Dana Wheeler', phone: '804-555-0100', can_drive_manual: true }) },
        {
          method: 'PATCH',
          path: '/v1/ops/drivers/{id}',
          url: `/v1/ops/drivers/${driverId}`,
          token: ops,
          example: () => ({ name: 'Probe Driver', phone: '804-555-0134', can_drive_manual: false, active: true }),
        },
        { method: 'POST', path: '/v1/ops/moves/{id}/dispatch', url: `/v1/ops/moves/${MISSING_MOVE}/dispatch`, token: ops, example: () => ({ driver_id: driverId }) },
        { method: 'POST', path: '/v1/ops/moves/{id}/cancel-decision', url: `/v1/ops/moves/${MISSING_MOVE}/cancel-decision`, token: ops, example: () => ({ outcome: 'canceled' }) },
        // A missing user: the body is read first, so every probe the reader passes ends in a 404.
        { method: 'PATCH', path: '/v1/users/{id}', url: `/v1/users/${MISSING_MOVE}`, token: ops, example: () => ({ disabled: true }) },
        {
          method: 'POST',
          path: '/v1/ops/moves/{id}/reschedule',
          url: `/v1/ops/moves/${MISSING_MOVE}/reschedule`,
          token: ops,
          example: () => ({ appointment_time_utc: '2026-03-26T14:00:00Z', reason: 'Customer not home', force: false }),
        },
        { method: 'POST', path: '/v1/cancelation', url: '/v1/cancelation', token: t.token, example: () => ({ move_id: MISSING_MOVE, dry_run: true }) },
        // Without hold_id: a made-up one is refused by the holds, whatever its length.
        {
          method: 'POST',
          path: '/v1/appointments',
          url: '/v1/appointments',
          token: t.token,
          example: () => ({ customer_id: t.rooftopId, source: 'spark', external_id: 'PROBE-1', ...appointmentFields() }),
        },
        { method: 'PUT', path: '/v1/appointments/{id}', url: `/v1/appointments/${MISSING_MOVE}`, token: t.token, example: () => ({ ...appointmentFields(), transportation_type: 'shuttle' }) },
        { method: 'PATCH', path: '/v1/appointments/{id}', url: `/v1/appointments/${MISSING_MOVE}`, token: t.token, example: () => ({ ...appointmentFields(), transportation_type: 'shuttle' }) },
        { method: 'GET', path: '/v1/appointments', url: '/v1/appointments', token: t.token, example: () => ({}) },
        // Both the consumer's location id and its address: either left out, the other names the place.
        { method: 'GET', path: '/v1/appointments/availability', url: '/v1/appointments/availability', token: t.token, example: () => ({ ...tripAsked(), date: '2026-03-25' }) },
        { method: 'POST', path: '/v1/appointments/holds', url: '/v1/appointments/holds', token: t.token, example: () => ({ ...tripAsked(), start: '2026-03-25T14:00:00Z' }) },
        {
          method: 'POST',
          path: '/v1/driver/moves/{id}/steps',
          url: `/v1/driver/moves/${MISSING_MOVE}/steps`,
          token: driverToken,
          example: () => ({ step: 'pickup_started', lat: 37.5, lon: -77.4, odometer: 1200, fuel_level: 50, notes: 'keys at the desk' }),
        },
        { method: 'POST', path: '/v1/driver/location', url: '/v1/driver/location', token: driverToken, example: () => ({ lat: 37.5, lon: -77.4 }) },
        {
          method: 'PUT',
          path: '/v1/driver/moves/{id}/condition/{slot}',
          url: `/v1/driver/moves/${MISSING_MOVE}/condition/pickup`,
          token: driverToken,
          example: () => ({ odometer: 12_000, fuel_level: 75, keys: 2, damages: [{ panel: 'hood', type: 'scratch', severity: 2, note: 'left of the badge', photo_ids: [] }], notes: 'clean' }),
        },
        { method: 'POST', path: '/v1/webhooks', url: '/v1/webhooks', token: t.token, example: () => ({ ...hook, description: 'probe' }) },
        {
          method: 'PATCH',
          path: '/v1/webhooks/{id}',
          url: `/v1/webhooks/${webhookId}`,
          token: t.token,
          example: () => ({ ...hook, description: 'probe', active: true }),
        },
        {
          method: 'POST',
          path: '/v1/mock/{moveId}',
          url: `/v1/mock/${MISSING_MOVE}`,
          token: t.token,
          // add-charge's fields are read whenever sent (required for add-charge alone).
          example: () => ({ sequence: 'new-to-successful', interval: 1000, accessorialCode: 'ACCESSORIAL', amount: 12.5 }),
        },
        // The charge desk (spec §12.2): bodies are read before the move is looked up.
        {
          method: 'POST',
          path: '/v1/ops/moves/{id}/charges',
          url: `/v1/ops/moves/${MISSING_MOVE}/charges`,
          token: ops,
          example: () => ({ code: 'ACCESSORIAL', name: 'Tolls', amount: 12.5, notes: 'I-95 both ways' }),
        },
        { method: 'POST', path: '/v1/moves/{id}/charge/dispute', url: `/v1/moves/${MISSING_MOVE}/charge/dispute`, token: t.token, example: () => ({ reason: 'Billed for 20 miles, driven 8' }) },
        {
          method: 'POST',
          path: '/v1/ops/moves/{id}/charge/resolve-dispute',
          url: `/v1/ops/moves/${MISSING_MOVE}/charge/resolve-dispute`,
          token: ops,
          example: () => ({ notes: 'Agreed', discount_amount: 5 }),
        },
        { method: 'GET', path: '/v1/moves', url: '/v1/moves', token: t.token, example: () => ({}) },
        { method: 'GET', path: '/v1/moves', url: '/v1/moves', token: t.token, example: () => ({ q: 'stevens', status: 'booked' }) },
        { method: 'GET', path: '/v1/locations', url: '/v1/locations', token: t.token, example: () => ({}) },
        { method: 'GET', path: '/v1/ops/drivers', url: '/v1/ops/drivers', token: ops, example: () => ({}) },
        { method: 'GET', path: '/v1/ops/drivers/{id}/shifts', url: `/v1/ops/drivers/${driverId}/shifts`, token: ops, example: () => ({}) },
        { method: 'POST', path: '/v1/ops/dispatch/suggest', url: '/v1/ops/dispatch/suggest', token: ops, example: () => ({ move_id: MISSING_MOVE }) },
        { method: 'GET', path: '/v1/ops/board', url: '/v1/ops/board', token: ops, example: () => ({ date: '2026-03-25' }) },
        { method: 'GET', path: '/v1/events', url: '/v1/events', token: t.token, example: () => ({}) },
        { method: 'GET', path: '/v1/moves/{id}/timeline', url: `/v1/moves/${moveId}/timeline`, token: t.token, example: () => ({ limit: 100 }) },
        { method: 'GET', path: '/v1/webhooks/{id}/deliveries', url: `/v1/webhooks/${webhookId}/deliveries`, token: t.token, example: () => ({}) },
        // Last: every probe the reader takes writes a set (never a default), which no booking above runs.
        { method: 'POST', path: '/v1/ops/workflow-sets', url: '/v1/ops/workflow-sets', token: ops, example: () => ({ rooftop: t.rooftopId, ...workflowSet() }) },
        { method: 'PATCH', path: '/v1/ops/workflow-sets/{id}', url: `/v1/ops/workflow-sets/${setId}`, token: ops, example: workflowSet },
        { method: 'GET', path: '/v1/ops/workflow-sets', url: '/v1/ops/workflow-sets', token: ops, example: () => ({}) },
        { method: 'GET', path: '/v1/workflow-sets', url: '/v1/workflow-sets', token: t.token, example: () => ({}) },
        { method: 'POST', path: '/v1/ops/regions', url: '/v1/ops/regions', token: ops, example: () => ({ rooftop: regionRooftop, ...regionBody() }) },
        { method: 'PATCH', path: '/v1/ops/regions/{id}', url: `/v1/ops/regions/${regionId}`, token: ops, example: regionBody },
        { method: 'GET', path: '/v1/ops/regions', url: '/v1/ops/regions', token: ops, example: () => ({}) },
        { method: 'POST', path: '/v1/ops/contracts', url: '/v1/ops/contracts', token: ops, example: contractBody },
        { method: 'GET', path: '/v1/ops/contracts', url: '/v1/ops/contracts', token: ops, example: () => ({}) },
        { method: 'POST', path: '/v1/ops/payers', url: '/v1/ops/payers', token: ops, example: () => ({ rooftop: payerRooftop, name: 'Probe payer' }) },
        {
          method: 'PATCH',
          path: '/v1/ops/rooftops/{id}/payer-settings',
          url: `/v1/ops/rooftops/${payerRooftop}/payer-settings`,
          token: ops,
          example: () => ({ payer_required: false, default_payer_id: payerId }),
        },
        { method: 'GET', path: '/v1/payers', url: '/v1/payers', token: t.token, example: () => ({}) },
        { method: 'GET', path: '/v1/invoices', url: '/v1/invoices', token: t.token, example: () => ({ limit: 10, page: 1, rooftop: t.rooftopId, from: '2026-03-15' }) },
        // A missing invoice: the body is read first, so every probe the reader passes ends in a 404.
        {
          method: 'POST',
          path: '/v1/ops/invoices/{id}/payments',
          url: `/v1/ops/invoices/${MISSING_MOVE}/payments`,
          token: ops,
          example: () => ({ amount: 45.01, date: '2026-03-20', method: { type: 'ach', last4: '6789' } }),
        },
        { method: 'POST', path: '/v1/ops/invoices/{id}/write-off', url: `/v1/ops/invoices/${MISSING_MOVE}/write-off`, token: ops, example: () => ({ reason: 'goodwill' }) },
        {
          method: 'POST',
          path: '/v1/confirm-move-eligibility',
          url: '/v1/confirm-move-eligibility',
          token: t.token,
          example: () => ({ pickup_location: eligibilityEnd(37.5498, -77.4588, '23220'), delivery_location: eligibilityEnd(37.4782, -77.5854, '23236'), drive_miles: 12.5 }),
        },
      ];
    });

    after(() => t.close());

    /** The endpoint's body schema, or its query parameters as one object schema. */
    function schemaOf(e: Endpoint): { schema: Schema; query: boolean } {
      const op = doc.paths[e.path]?.[e.method.toLowerCase()];
      assert.ok(op, `${e.method} ${e.path} is in the document`);
      if (e.method !== 'GET') {
        const body = op.requestBody.content['application/json'].schema;
        return { schema: e.branch === undefined ? body : body.anyOf[e.branch], query: false };
      }
      const params = (op.parameters as { in: string; name: string; schema: Schema; required?: boolean }[]).filter((p) => p.in === 'query');
      return {
        schema: {
          type: 'object',
          properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
          required: params.filter((p) => p.required).map((p) => p.name),
        },
        query: true,
      };
    }

    async function send(e: Endpoint, body: Body, query: boolean) {
      if (!query) return t.request(e.method, e.url, { token: e.token, body });
      const qs = new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)]));
      return t.request('GET', `${e.url}?${qs}`, { token: e.token });
    }

    test('every operation with a JSON body is probed here', () => {
      const probed = new Set(endpoints.map((e) => `${e.method} ${e.path}`));
      const withBody = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => op.requestBody)
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      );
      assert.deepEqual(withBody.filter((k) => !probed.has(k) && !(k in NOT_PROBED)), []);
    });

    test('each endpoint, each probe', async (s) => {
      for (const e of endpoints) {
        await s.test(`${e.method} ${e.path}${e.branch === undefined ? '' : ` anyOf[${e.branch}]`}`, async () => {
          const { schema, query } = schemaOf(e);
          const example = e.example();
          const base = await send(e, example, query);
          assert.ok(base.statusCode !== 400, `the example itself is accepted by the reader: ${base.body}`);
          const probes = probesOf(schema, example, query);
          assert.ok(probes.length > 0, 'the schema has fields to probe');
          const found: string[] = [];
          for (const probe of probes) {
            if (knownGap(probe)) continue;
            const res = await send(e, withValue(example, probe.path, probe.value), query);
            const problems = res.statusCode === 400 ? res.json().errors : [];
            const why = disagreement(probe, res.statusCode, problems);
            if (why) found.push(`${probe.what}: ${why}`);
          }
          assert.deepEqual(found, [], `schema and reader disagree on ${e.method} ${e.path}`);
        });
      }
    });
  });
}
