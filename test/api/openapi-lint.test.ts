// The served OpenAPI document (GET /docs/json) is what integrators generate clients from. It must
// pass `redocly lint` (its recommended rules, as configured in redocly.yaml) with zero errors and
// zero warnings, and every operation must document the answers the shared machinery can give it:
// authentication, body parsing, the Idempotency-Key, path ids, query strings, rate limits.
// The document does not depend on the database engine, so this runs once, on SQLite.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { ERROR_CODES } from '../../src/lib/errors.ts';
import { startTestApp } from '../support/app.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const REDOCLY = join(root, 'node_modules/.bin/redocly');

/** The operations anyone may call (no bearer token), each limited per remote address instead. */
// The portal's session operations take no bearer token: sign-in is by password, the others by the session cookie.
const PUBLIC = new Set(['authorize', 'receiveInboundSms', 'createSession', 'getSession', 'deleteSession']);

type Operation = {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};

/** The error statuses an operation can answer whatever it does, from how the app is built. */
function machineryStatuses(method: string, op: Operation): number[] {
  const statuses = new Set([429, 500]); // a rate limit per client or per address; a bug
  const bearer = (op.security ?? []).length > 0;
  if (bearer) [401, 403].forEach((s) => statuses.add(s)); // the authenticator's guard: no token, wrong role
  // Any method but GET and HEAD has its body parsed: bad JSON, too large, not JSON (a DELETE's too).
  if (method !== 'get' && method !== 'head') [400, 413, 415].forEach((s) => statuses.add(s));
  // An authenticated POST takes an Idempotency-Key: malformed, reused with another body, still running.
  // Not an upload (multipart/form-data): it is idempotent by its bytes and ignores the header.
  const upload = op.requestBody?.content?.['multipart/form-data'] !== undefined;
  if (bearer && method === 'post' && !upload) [400, 409, 422].forEach((s) => statuses.add(s));
  if (op.parameters?.some((p) => p.in === 'path')) statuses.add(404);
  if (op.parameters?.some((p) => p.in === 'query')) statuses.add(400);
  return [...statuses].sort();
}

describe('the served OpenAPI document', () => {
  let dir: string;
  let file: string;
  let operations: [string, string, Operation][];

  before(async () => {
    // SANDBOX=1 registers every operation there is (POST /v1/mock/:moveId only exists in sandbox mode).
    const t = await startTestApp('sqlite', { SANDBOX: '1' });
    try {
      const res = await t.request('GET', '/docs/json', { token: null });
      assert.equal(res.statusCode, 200);
      dir = mkdtempSync(join(tmpdir(), 'handoff-openapi-'));
      file = join(dir, 'openapi.json');
      writeFileSync(file, res.body);
      const doc = res.json() as { paths: Record<string, Record<string, Operation>> };
      operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([m, op]) => [m, path, op] as [string, string, Operation]));
    } finally {
      await t.close();
    }
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  test('passes redocly lint with zero errors and zero warnings', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [REDOCLY, 'lint', file, '--config', join(root, 'redocly.yaml'), '--format=json'], {
      cwd: root,
      timeout: 60_000,
      // Offline: no usage data, no update check against the npm registry (both are on by default).
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true', NO_COLOR: '1' },
    }).catch((err: { stdout?: string; stderr?: string }) => {
      // A failed lint exits non-zero: its report is still the answer to show.
      if (err.stdout) return { stdout: err.stdout };
      throw new Error(`redocly did not run: ${err.stderr ?? err}`);
    });
    const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string; location: { pointer: string }[] }[] };
    const problems = report.problems.map((p) => `${p.ruleId}: ${p.message} (${p.location.map((l) => l.pointer).join(', ')})`);
    assert.deepEqual(problems, []);
    assert.deepEqual(report.totals, { ...report.totals, errors: 0, warnings: 0 });
  });

  test('has every operation, each with a unique camelCase operationId', () => {
    assert.ok(operations.length >= 33, `${operations.length} operations`);
    const ids = operations.map(([, , op]) => op.operationId);
    for (const [method, path, op] of operations) assert.match(String(op.operationId), /^[a-z][a-zA-Z]+$/, `${method} ${path}`);
    assert.equal(new Set(ids).size, ids.length, 'no two operations share an operationId');
  });

  test('says who may call each operation: a bearer token, or nobody needs one ([])', () => {
    for (const [method, path, op] of operations) {
      const expected = PUBLIC.has(op.operationId!) ? [] : [{ bearer: [] }];
      assert.deepEqual(op.security, expected, `${method} ${path}`);
    }
  });

  test("documents each operation's error answers, every one with the Error component", () => {
    const known = new Set<number>(Object.values(ERROR_CODES).map((e) => e.status));
    for (const [method, path, op] of operations) {
      const documented = Object.keys(op.responses).map(Number).filter((s) => s >= 400);
      const missing = machineryStatuses(method, op).filter((s) => !documented.includes(s));
      assert.deepEqual(missing, [], `${method} ${path}: undocumented error statuses`);
      for (const status of documented) {
        assert.ok(known.has(status), `${method} ${path}: ${status} is not a status of any error code`);
        const schema = op.responses[status]!.content?.['application/json']?.schema;
        assert.equal(schema?.$ref, '#/components/schemas/Error', `${method} ${path} ${status}`);
      }
    }
  });
});
