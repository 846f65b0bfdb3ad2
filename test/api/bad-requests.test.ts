// Bad requests to POST /v1/concierge-loaner-moves (spec §2, §3, §4, §5, §5.1, §5.5), one table row
// each. Every row states the status, the top-level code and the exact set of {code, field} problems
// in `errors`; every row also proves that nothing was written and that the error body is complete.
import { conciergeLoanerRequest } from '../support/requests.ts';
import {
  atlanta,
  type BadRequest,
  manhattan,
  midtown,
  mutator,
  only,
  runBadRequestTable,
  SERVICE_AREA_ENV,
  type Row,
} from '../support/bad-request-table.ts';

const PATH = '/v1/concierge-loaner-moves';

/** A fresh reference request, changed by `change`. */
const mutate = mutator(conciergeLoanerRequest);

const json = (raw: string): BadRequest => ({ body: raw, headers: { 'content-type': 'application/json' } });

const CM = 'customer_move';
const LM = 'loaner_move';
const CV = 'customer_move.vehicle';
const CPL = 'customer_move.pickup_location';
const LPL = 'loaner_move.pickup_location';

const rows: Row[] = [
  // ── top level: absent, empty, whitespace, null, wrong type ────────────────────────────────────
  {
    name: 'an empty JSON object lists every required top-level field',
    request: () => ({ body: {} }),
    status: 400,
    code: 'field_missing',
    errors: [
      ['field_missing', 'appointment_time_utc'],
      ['field_missing', 'customer_name'],
      ['field_missing', 'customer_phone'],
      ['field_missing', 'customer_action'],
      ['field_missing', LM],
      ['field_missing', CM],
    ],
  },
  {
    name: 'appointment_time_utc absent',
    request: mutate((b) => delete b.appointment_time_utc),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', 'appointment_time_utc']],
  },
  {
    name: 'customer_name empty',
    request: mutate((b) => (b.customer_name = '')),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', 'customer_name']],
  },
  {
    name: 'customer_name whitespace only',
    request: mutate((b) => (b.customer_name = '  \t ')),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', 'customer_name']],
  },
  {
    name: 'customer_phone null',
    request: mutate((b) => (b.customer_phone = null)),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', 'customer_phone']],
  },
  {
    name: 'customer_action absent',
    request: mutate((b) => delete b.customer_action),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', 'customer_action']],
  },
  {
    name: 'customer_name a number',
    request: mutate((b) => (b.customer_name = 42)),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'customer_name']],
  },
  {
    name: 'customer_name an object',
    request: mutate((b) => (b.customer_name = { first: 'Harry' })),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'customer_name']],
  },
  {
    name: 'customer_action not one of pickup / return',
    request: mutate((b) => (b.customer_action = 'drop-off')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'customer_action']],
  },
  {
    name: 'customer_action a boolean',
    request: mutate((b) => (b.customer_action = true)),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'customer_action']],
  },
  {
    name: 'customer_phone too short to be a number',
    request: mutate((b) => (b.customer_phone = '12345')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'customer_phone']],
  },
  {
    name: 'customer_phone not a US number',
    request: mutate((b) => (b.customer_phone = '+44 20 7946 0958')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'customer_phone']],
  },

  // ── appointment_time_utc: format and scheduling window ────────────────────────────────────────
  {
    name: 'appointment on an impossible date (2026-02-30)',
    request: mutate((b) => (b.appointment_time_utc = '2026-02-30T14:00:00Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment on an impossible future date (2026-04-31)',
    request: mutate((b) => (b.appointment_time_utc = '2026-04-31T14:00:00Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment at an impossible hour (25:00)',
    request: mutate((b) => (b.appointment_time_utc = '2026-03-25T25:00:00Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment as a date without a time',
    request: mutate((b) => (b.appointment_time_utc = '2026-03-25')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment in T form without an offset',
    request: mutate((b) => (b.appointment_time_utc = '2026-03-25T14:00:00')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment as a number (epoch milliseconds)',
    request: mutate((b) => (b.appointment_time_utc = Date.parse('2026-03-25T14:00:00Z'))),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment in the past',
    request: mutate((b) => (b.appointment_time_utc = '2026-03-17T14:00:00Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment more than 365 days ahead',
    request: mutate((b) => (b.appointment_time_utc = '2027-04-01T14:00:00Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment 10 minutes from now: the vehicle would have to be ready in the past',
    request: mutate((b) => (b.appointment_time_utc = '2026-03-18T12:10:00Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },

  // ── move objects ──────────────────────────────────────────────────────────────────────────────
  {
    name: 'loaner_move absent',
    request: mutate((b) => delete b.loaner_move),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', LM]],
  },
  {
    name: 'customer_move null',
    request: mutate((b) => (b.customer_move = null)),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', CM]],
  },
  {
    name: 'customer_move a string',
    request: mutate((b) => (b.customer_move = 'BK0018')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', CM]],
  },
  {
    name: 'loaner_move an array',
    request: mutate((b) => (b.loaner_move = [b.loaner_move])),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', LM]],
  },
  {
    name: 'loaner_move without pickup_location',
    request: mutate((b) => delete b.loaner_move.pickup_location),
    status: 400,
    code: 'pickup_location_required',
    errors: [['pickup_location_required', LPL]],
  },
  {
    name: 'customer_move with pickup_location null',
    request: mutate((b) => (b.customer_move.pickup_location = null)),
    status: 400,
    code: 'pickup_location_required',
    errors: [['pickup_location_required', CPL]],
  },
  {
    name: 'customer_move.pickup_location a string',
    request: mutate((b) => (b.customer_move.pickup_location = '210 S Mulberry St, Richmond, VA 23220')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', CPL]],
  },
  {
    name: 'special_instructions over 2,000 characters',
    request: mutate((b) => (b.customer_move.special_instructions = 'x'.repeat(2001))),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CM}.special_instructions`]],
  },
  {
    name: 'dealer_contact an object',
    request: mutate((b) => (b.loaner_move.dealer_contact = { name: 'Jane Smith' })),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${LM}.dealer_contact`]],
  },
  {
    name: 'reference_id and reference_num disagree',
    request: mutate((b) => (b.customer_move.reference_num = 'RO# 99999')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CM}.reference_num`]],
  },

  // ── vehicle ───────────────────────────────────────────────────────────────────────────────────
  {
    name: 'customer vehicle absent',
    request: mutate((b) => delete b.customer_move.vehicle),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', CV]],
  },
  {
    name: 'customer vehicle a string',
    request: mutate((b) => (b.customer_move.vehicle = 'Buick Enclave')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', CV]],
  },
  {
    name: 'loaner vehicle a string (it may be omitted, not malformed)',
    request: mutate((b) => (b.loaner_move.vehicle = 'LOAN01')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${LM}.vehicle`]],
  },
  {
    name: 'vehicle.make absent',
    request: mutate((b) => delete b.customer_move.vehicle.make),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', `${CV}.make`]],
  },
  {
    name: 'vehicle.model whitespace only',
    request: mutate((b) => (b.customer_move.vehicle.model = '   ')),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', `${CV}.model`]],
  },
  {
    name: 'vehicle.manual null',
    request: mutate((b) => (b.customer_move.vehicle.manual = null)),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', `${CV}.manual`]],
  },
  {
    name: 'vehicle.manual a string',
    request: mutate((b) => (b.customer_move.vehicle.manual = 'no')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CV}.manual`]],
  },
  {
    name: 'vehicle.make a number',
    request: mutate((b) => (b.customer_move.vehicle.make = 123)),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CV}.make`]],
  },
  {
    name: 'VIN of 16 characters',
    request: mutate((b) => (b.customer_move.vehicle.vin = '5GAKRBED5BJ26243')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CV}.vin`]],
  },
  {
    name: 'VIN with a letter O',
    request: mutate((b) => (b.customer_move.vehicle.vin = '5GAKRBEO5BJ262438')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CV}.vin`]],
  },
  {
    name: 'year before 1900',
    request: mutate((b) => (b.customer_move.vehicle.year = '1899')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CV}.year`]],
  },
  {
    name: 'year after next year + 1 (2028 in 2026)',
    request: mutate((b) => (b.customer_move.vehicle.year = 2028)),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CV}.year`]],
  },
  {
    name: 'year of two digits',
    request: mutate((b) => (b.customer_move.vehicle.year = '11')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CV}.year`]],
  },
  {
    name: 'year a boolean',
    request: mutate((b) => (b.customer_move.vehicle.year = true)),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CV}.year`]],
  },

  // ── location fields ───────────────────────────────────────────────────────────────────────────
  {
    name: 'location name absent',
    request: mutate((b) => delete b.customer_move.pickup_location.name),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', `${CPL}.name`]],
  },
  {
    name: 'location address_one whitespace only',
    request: mutate((b) => (b.customer_move.pickup_location.address_one = '   ')),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', `${CPL}.address_one`]],
  },
  {
    name: 'location city null',
    request: mutate((b) => (b.loaner_move.pickup_location.city = null)),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', `${LPL}.city`]],
  },
  {
    name: 'location state empty',
    request: mutate((b) => (b.customer_move.pickup_location.state = '')),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', `${CPL}.state`]],
  },
  {
    name: 'location zip absent',
    request: mutate((b) => delete b.loaner_move.pickup_location.zip),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', `${LPL}.zip`]],
  },
  {
    name: 'location address_one a number',
    request: mutate((b) => (b.customer_move.pickup_location.address_one = 210)),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CPL}.address_one`]],
  },
  {
    name: 'location address_two (optional) an array',
    request: mutate((b) => (b.customer_move.pickup_location.address_two = ['Apt 4'])),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CPL}.address_two`]],
  },
  {
    name: 'location state a boolean',
    request: mutate((b) => (b.customer_move.pickup_location.state = true)),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CPL}.state`]],
  },
  {
    name: 'location state not a state',
    request: mutate((b) => (b.customer_move.pickup_location.state = 'XX')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CPL}.state`]],
  },
  {
    name: 'location zip of four digits',
    request: mutate((b) => (b.customer_move.pickup_location.zip = '2322')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CPL}.zip`]],
  },
  {
    name: 'location zip of letters',
    request: mutate((b) => (b.customer_move.pickup_location.zip = 'ABCDE')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CPL}.zip`]],
  },
  {
    name: 'location zip that does not exist',
    request: mutate((b) => (b.customer_move.pickup_location.zip = '99999')),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', `${CPL}.zip`]],
  },
  {
    name: 'location zip in another state (Atlanta ZIP, VA)',
    request: mutate((b) => (b.customer_move.pickup_location.zip = '30301')),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', `${CPL}.zip`]],
  },
  {
    name: 'the same address for both pickups',
    request: mutate((b) => (b.customer_move.pickup_location = structuredClone(b.loaner_move.pickup_location))),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', CPL]],
  },

  // ── service area (§5.5) ───────────────────────────────────────────────────────────────────────
  {
    name: 'a drive longer than 250 miles (customer in Atlanta)',
    request: mutate((b) => (b.customer_move.pickup_location = { ...atlanta })),
    status: 400,
    code: 'outside_region',
    errors: [
      ['outside_region', LM],
      ['outside_region', CM],
    ],
  },
  {
    name: "both ends beyond the rooftop's service radius (two Manhattan addresses)",
    request: mutate((b) => {
      b.loaner_move.pickup_location = { ...midtown };
      b.customer_move.pickup_location = { ...manhattan };
    }),
    status: 400,
    code: 'outside_region',
    errors: [
      ['outside_region', LM],
      ['outside_region', CM],
    ],
  },

  // ── rooftop ───────────────────────────────────────────────────────────────────────────────────
  {
    name: "rooftop that is not the client's",
    request: async (t) => {
      const body = conciergeLoanerRequest();
      body.rooftop = await t.addRooftop({ name: 'Someone else' });
      return { body };
    },
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'rooftop']],
  },
  {
    name: 'rooftop as a string',
    request: (t) => {
      const body = conciergeLoanerRequest();
      body.rooftop = String(t.rooftopId);
      return { body };
    },
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'rooftop']],
  },

  // ── several problems at once: every one is listed ─────────────────────────────────────────────
  {
    name: 'problems at every level at once',
    request: mutate((b) => {
      delete b.customer_name;
      b.customer_action = 'later';
      delete b.customer_move.vehicle.make;
      b.customer_move.vehicle.vin = 'TOO-SHORT';
      b.customer_move.special_instructions = 'x'.repeat(2001);
      b.customer_move.pickup_location.zip = 'ABCDE';
      b.loaner_move.pickup_location.state = 'XX';
      b.loaner_move.pickup_location.name = '';
    }),
    status: 400,
    code: ['field_missing', 'field_invalid'],
    errors: [
      ['field_missing', 'customer_name'],
      ['field_invalid', 'customer_action'],
      ['field_missing', `${CV}.make`],
      ['field_invalid', `${CV}.vin`],
      ['field_invalid', `${CM}.special_instructions`],
      ['field_invalid', `${CPL}.zip`],
      ['field_invalid', `${LPL}.state`],
      ['field_missing', `${LPL}.name`],
    ],
  },
  {
    name: 'both moves without a pickup location',
    request: mutate((b) => {
      delete b.loaner_move.pickup_location;
      delete b.customer_move.pickup_location;
    }),
    status: 400,
    code: 'pickup_location_required',
    errors: [
      ['pickup_location_required', LPL],
      ['pickup_location_required', CPL],
    ],
  },
  {
    name: 'an unknown ZIP and a bad phone',
    request: mutate((b) => {
      b.customer_phone = '555';
      b.customer_move.pickup_location.zip = '99999';
    }),
    status: 400,
    code: ['field_invalid', 'address_invalid'],
    errors: [
      ['field_invalid', 'customer_phone'],
      ['address_invalid', `${CPL}.zip`],
    ],
  },
  {
    name: 'a missing customer_name and an appointment in the past',
    request: mutate((b) => {
      b.customer_name = ' ';
      b.appointment_time_utc = '2026-03-17T14:00:00Z';
    }),
    status: 400,
    code: ['field_missing', 'field_invalid'],
    errors: [
      ['field_missing', 'customer_name'],
      ['field_invalid', 'appointment_time_utc'],
    ],
  },
  {
    name: 'a missing vehicle.model and an appointment more than 365 days ahead',
    request: mutate((b) => {
      delete b.customer_move.vehicle.model;
      b.appointment_time_utc = '2027-04-01T14:00:00Z';
    }),
    status: 400,
    code: ['field_missing', 'field_invalid'],
    errors: [
      ['field_missing', `${CV}.model`],
      ['field_invalid', 'appointment_time_utc'],
    ],
  },
  {
    name: 'the same address for both pickups and a missing vehicle.make',
    request: mutate((b) => {
      b.customer_move.pickup_location = structuredClone(b.loaner_move.pickup_location);
      delete b.customer_move.vehicle.make;
    }),
    status: 400,
    code: ['field_missing', 'address_invalid'],
    errors: [
      ['field_missing', `${CV}.make`],
      ['address_invalid', CPL],
    ],
  },

  // ── the body itself (§2, §4) ──────────────────────────────────────────────────────────────────
  {
    name: 'malformed JSON',
    request: () => json('{"customer_name": "Harry",'),
    status: 400,
    code: 'invalid_json',
    errors: only('invalid_json'),
  },
  {
    name: 'a JSON array',
    request: () => json(JSON.stringify([conciergeLoanerRequest()])),
    status: 400,
    code: 'invalid_json',
    errors: only('invalid_json'),
  },
  {
    name: 'a JSON string',
    request: () => json('"hello"'),
    status: 400,
    code: 'invalid_json',
    errors: only('invalid_json'),
  },
  {
    name: 'JSON null',
    request: () => json('null'),
    status: 400,
    code: 'invalid_json',
    errors: only('invalid_json'),
  },
  {
    name: 'an empty body with Content-Type: application/json',
    request: () => json(''),
    status: 400,
    code: 'invalid_json',
    errors: only('invalid_json'),
  },
  {
    name: 'Content-Type: text/plain',
    request: () => ({ body: JSON.stringify(conciergeLoanerRequest()), headers: { 'content-type': 'text/plain' } }),
    status: 415,
    code: 'unsupported_media_type',
    errors: only('unsupported_media_type'),
  },
  {
    name: 'Content-Type: application/x-www-form-urlencoded',
    request: () => ({
      body: 'customer_name=Harry+Stevens&customer_action=pickup',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
    status: 415,
    code: 'unsupported_media_type',
    errors: only('unsupported_media_type'),
  },
  {
    name: 'a body over 64 KiB',
    request: mutate((b) => (b.customer_move.special_instructions = 'x'.repeat(65 * 1024))),
    status: 413,
    code: 'payload_too_large',
    errors: only('payload_too_large'),
  },

  // ── authentication and roles (§3) ─────────────────────────────────────────────────────────────
  {
    name: 'no token',
    request: () => ({ body: conciergeLoanerRequest(), token: null }),
    status: 401,
    code: 'access_denied',
    errors: only('access_denied'),
  },
  {
    name: 'a malformed token',
    request: () => ({ body: conciergeLoanerRequest(), token: 'not-a-token' }),
    status: 401,
    code: 'access_denied',
    errors: only('access_denied'),
  },
  {
    name: 'a token with a forged signature',
    request: (t) => ({ body: conciergeLoanerRequest(), token: `${t.token.split('.')[0]}.${'A'.repeat(43)}` }),
    status: 401,
    code: 'access_denied',
    errors: only('access_denied'),
  },
  {
    name: 'a Basic authorization header',
    request: () => ({
      body: conciergeLoanerRequest(),
      token: null,
      headers: { authorization: `Basic ${Buffer.from('client:secret').toString('base64')}` },
    }),
    status: 401,
    code: 'access_denied',
    errors: only('access_denied'),
  },
  {
    name: 'an expired token (3601 s after authorizing)',
    request: async (t) => ({ body: conciergeLoanerRequest(), token: (await t.addClient('dealer', [t.rooftopId])).token }),
    clockShiftMs: 3601_000,
    status: 401,
    code: 'access_denied',
    errors: only('access_denied'),
  },
  {
    name: "a revoked client's token",
    request: async (t) => {
      // A client never used on a guarded route, so the auth layer has nothing cached for it.
      const { clientId, token } = await t.addClient('dealer', [t.rooftopId]);
      await t.deps.database.db
        .updateTable('api_clients')
        .set({ revoked_at: t.clock.now() })
        .where('client_id', '=', clientId)
        .execute();
      return { body: conciergeLoanerRequest(), token };
    },
    status: 401,
    code: 'access_denied',
    errors: only('access_denied'),
  },
  {
    name: 'an ops token (ops do not book)',
    request: async (t) => ({ body: conciergeLoanerRequest(), token: (await t.addClient('ops', [t.rooftopId])).token }),
    status: 403,
    code: 'missing_scope',
    errors: only('missing_scope'),
  },
  {
    name: 'a driver token',
    request: async (t) => ({ body: conciergeLoanerRequest(), token: (await t.addClient('driver', [t.rooftopId])).token }),
    status: 403,
    code: 'missing_scope',
    errors: only('missing_scope'),
  },
];

runBadRequestTable({
  path: PATH,
  rows,
  baseRequest: {
    name: 'the reference request itself is accepted (the rows below each break one thing)',
    bodies: () => [conciergeLoanerRequest()],
  },
  minRows: 45,
  // The service-area rows depend on these two settings.
  env: SERVICE_AREA_ENV,
});
