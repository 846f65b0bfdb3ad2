// One runner for the bad-request tables of the booking endpoints. Each test file keeps its own
// rows; every row states the status, the top-level code and the exact set of {code, field}
// problems in `errors`, and the runner also proves for every row that nothing was written and that
// the error body is complete.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines } from './databases.ts';
import { PUBLIC_URL, startTestApp, type TestApp } from './app.ts';

export type Body = Record<string, any>;
export type Problem = readonly [code: string, field: string | null];

export interface BadRequest {
  /** A JSON value (sent as application/json) or raw text (sent with the row's own headers). */
  body?: unknown;
  headers?: Record<string, string>;
  /** undefined: the rooftop's dealer token; null: no Authorization header at all. */
  token?: string | null;
}

export interface Row {
  name: string;
  request: (t: TestApp) => BadRequest | Promise<BadRequest>;
  /** Moves the clock forward between building and sending the request; it is put back afterwards. */
  clockShiftMs?: number;
  status: number;
  /** The top-level code; a list when several codes are in `errors` (the spec does not say which one leads). */
  code: string | readonly string[];
  /** Exactly the {code, field} pairs `errors` must hold. */
  errors: readonly Problem[];
}

/** `mutate` for one endpoint: a fresh `base()` request, changed by `change`. */
export const mutator =
  (base: () => Body) =>
  (change: (b: Body) => void): Row['request'] =>
  () => {
    const body = base();
    change(body);
    return { body };
  };

/** A problem without a field (the body, the media type, authentication). */
export const only = (code: string): readonly Problem[] => [[code, null]];

/** The service-area settings the §5.5 rows depend on; they are the defaults, pinned here. */
export const SERVICE_AREA_ENV = { MAX_DRIVE_MILES: '250', SERVICE_RADIUS_MILES: '150' };

// Addresses outside the reference rooftop's service area (Richmond, VA), for the §5.5 rows.
export const atlanta = { name: 'Customer', address_one: '55 Trinity Ave SW', city: 'Atlanta', state: 'GA', zip: '30301' };
export const manhattan = { name: 'Customer', address_one: '350 5th Ave', city: 'New York', state: 'NY', zip: '10001' };
export const midtown = { name: 'Lot', address_one: '20 W 34th St', city: 'New York', state: 'NY', zip: '10118' };

const TABLES = ['moves', 'scenarios', 'locations', 'lanes', 'events'] as const;

/** The row count of every table a booking writes to. */
export async function counts(t: TestApp): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(TABLES.map(async (n) => [n, await t.count(n)])));
}

const pairs = (problems: readonly Problem[]) => [...new Set(problems.map(([code, field]) => `${code} @ ${field}`))].sort();

export interface BadRequestTable {
  /** The endpoint, e.g. '/v1/one-way-moves' (always POST). */
  path: string;
  rows: readonly Row[];
  /** The valid request(s) the rows break, each proven accepted first, in a test of this name. */
  baseRequest: { name: string; bodies: () => readonly Body[] };
  /** The table must have at least this many rows. */
  minRows: number;
  /** Settings for the test app. */
  env?: Record<string, string>;
}

/** On every engine: the base request(s) are accepted, the table is big enough, and one test per row. */
export function runBadRequestTable({ path, rows, baseRequest, minRows, env }: BadRequestTable): void {
  for (const engine of engines()) {
    describe(`bad requests to POST ${path} on ${engine}`, () => {
      let t: TestApp;
      before(async () => {
        t = await startTestApp(engine, env);
      });
      after(() => t.close());

      test(baseRequest.name, async () => {
        for (const body of baseRequest.bodies()) {
          const res = await t.request('POST', path, { body });
          assert.equal(res.statusCode, 200, res.body);
        }
      });

      test(`the table has at least ${minRows} rows with distinct names`, () => {
        assert.ok(rows.length >= minRows, `${rows.length} rows`);
        assert.equal(new Set(rows.map((r) => r.name)).size, rows.length);
      });

      for (const row of rows) {
        test(row.name, async () => {
          const req = await row.request(t);
          const before = await counts(t);

          const start = t.clock.now();
          if (row.clockShiftMs) t.clock.advance(row.clockShiftMs);
          let res;
          try {
            res = await t.request('POST', path, { body: req.body, token: req.token, headers: req.headers });
          } finally {
            t.clock.set(start);
          }

          assert.ok(res.statusCode < 500, `never a 5xx: ${res.statusCode} ${res.body}`);
          assert.equal(res.statusCode, row.status, res.body);
          assert.match(String(res.headers['content-type']), /^application\/json/);
          const body = res.json();

          const codes = typeof row.code === 'string' ? [row.code] : row.code;
          assert.ok(codes.includes(body.code), `code ${body.code}, expected ${codes.join(' or ')}`);
          assert.deepEqual(
            pairs(body.errors.map((e: { code: string; field: string | null }) => [e.code, e.field] as const)),
            pairs(row.errors),
            'errors: exactly the expected {code, field} pairs',
          );
          for (const e of body.errors) {
            assert.deepEqual(Object.keys(e).sort(), ['code', 'field', 'message']);
            assert.ok(typeof e.message === 'string' && e.message.length > 0, 'each problem has a message');
          }
          assert.ok(typeof body.message === 'string' && body.message.length > 0, 'a top-level message');
          assert.equal(body.doc_url, `${PUBLIC_URL}/docs/errors#${body.code}`);
          assert.ok(typeof body.request_id === 'string' && body.request_id.length > 0);
          assert.equal(body.request_id, res.headers['x-request-id']);

          assert.deepEqual(await counts(t), before, 'nothing was written');
        });
      }
    });
  }
}
