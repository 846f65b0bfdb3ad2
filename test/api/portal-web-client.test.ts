// The typed client (packages/handoff-client) and the portal built on it: its committed schema.d.ts
// is exactly what the served OpenAPI document generates (so neither can drift from the other without
// this failing: run `npm run build` to regenerate), the portal type-checks against it, and the client
// authenticates as each kind of caller needs: a bearer token, or the session cookie plus the CSRF
// header on every request that changes something.
// The document does not depend on the database engine; the generator builds the app on SQLite.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { createHandoffClient } from '../../packages/handoff-client/src/index.ts';
import { generateSchema, SCHEMA_FILE } from '../../packages/handoff-client/scripts/generate-schema.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the typed client', { concurrency: true }, () => {
  test('schema.d.ts is what the served OpenAPI document generates (else: npm run build)', { timeout: 60_000 }, async () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    const fresh = await generateSchema();
    if (committed === fresh) return;
    const a = committed.split('\n');
    const b = fresh.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]);
    assert.fail(
      `packages/handoff-client/src/schema.d.ts differs from the served document from line ${line + 1}:\n` +
        `  committed: ${a[line]?.trim()}\n  generated: ${b[line]?.trim()}\nRun \`npm run build\` to regenerate it.`,
    );
  });

  test('the portal type-checks against it (tsc -p web/portal)', { timeout: 120_000 }, async () => {
    const tsc = fileURLToPath(new URL('node_modules/typescript/bin/tsc', `file://${ROOT}`));
    try {
      await promisify(execFile)(process.execPath, [tsc, '--noEmit', '-p', 'web/portal'], { cwd: ROOT });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      assert.fail(`the portal does not type-check:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
  });

  /** A client whose requests are recorded and answered with `{}`. */
  function recording(options: { token?: string; csrfToken?: () => string | null }) {
    const seen: Request[] = [];
    const client = createHandoffClient({
      baseUrl: 'https://handoff.example/',
      ...options,
      fetch: async (request) => {
        seen.push(request);
        return new Response(request.method === 'DELETE' ? null : '{}', { status: request.method === 'DELETE' ? 204 : 200, headers: { 'content-type': 'application/json' } });
      },
    });
    return { client, seen };
  }

  test('an integrator: the bearer token on every request, no cookies, no CSRF header', async () => {
    const { client, seen } = recording({ token: 'tok_123' });
    await client.GET('/v1/moves', { params: { query: { status: 'booked', limit: 5 } } });
    await client.POST('/v1/authorize', { body: { client_id: 'c', client_secret: 's' } });
    assert.equal(seen[0]!.url, 'https://handoff.example/v1/moves?status=booked&limit=5');
    for (const r of seen) {
      assert.equal(r.headers.get('authorization'), 'Bearer tok_123');
      assert.equal(r.headers.get('x-csrf-token'), null);
      assert.equal(r.credentials, 'omit');
    }
  });

  test('the portal: same-origin cookies, and the current CSRF token on every request but GET', async () => {
    let csrf: string | null = 'csrf_one';
    const { client, seen } = recording({ csrfToken: () => csrf });
    await client.GET('/v1/session');
    await client.DELETE('/v1/session');
    csrf = 'csrf_two';
    await client.POST('/v1/session', { body: { email: 'a@b.example', password: 'pw' } });
    assert.deepEqual(
      seen.map((r) => [r.method, r.headers.get('x-csrf-token'), r.headers.get('authorization'), r.credentials]),
      [
        ['GET', null, null, 'same-origin'],
        ['DELETE', 'csrf_one', null, 'same-origin'],
        ['POST', 'csrf_two', null, 'same-origin'],
      ],
    );
  });
});
