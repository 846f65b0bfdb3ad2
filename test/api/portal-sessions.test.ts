// Portal sign-in and sessions on both engines: the cookie, CSRF, lockout, expiry, fixation, a
// disabled user, and a session acting on /v1 exactly like an API client of its role and rooftops.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/app.ts';
import { createUser } from '../../src/modules/portal/accounts/create-user.ts';
import { disableUser } from '../../src/modules/portal/accounts/users.repository.ts';
import { engines } from '../support/databases.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { oneWayRequest } from '../support/requests.ts';

const PASSWORD = 'correct horse battery staple';
const MINUTE = 60_000;

interface Session {
  cookie: string;
  csrf: string;
  userId: number;
}

let emailSeq = 0;
const freshEmail = (what: string) => `${what}.${++emailSeq}@Example.com`;

function setCookieOf(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const value = Array.isArray(header) ? header.find((h) => h.startsWith('handoff_session=')) : header;
  assert.ok(value, `a handoff_session cookie is set: ${JSON.stringify(res.headers)}`);
  return value;
}

for (const engine of engines()) {
  describe(`portal sessions on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine, { WEBHOOK_ALLOW_INSECURE_LOOPBACK: '1' });
    });
    after(() => t.close());
    beforeEach(() => t.clock.set(TEST_NOW));

    const addUser = async (role: 'dealer' | 'ops', rooftopIds: number[], email = freshEmail(role)) => {
      const { user } = await createUser(t.deps.database.db, { email, name: `Test ${role}`, role, rooftopIds, password: PASSWORD }, t.deps);
      return { id: user.id, email };
    };
    const login = (email: string, password = PASSWORD, headers: Record<string, string> = {}) =>
      t.request('POST', '/v1/session', { token: null, body: { email, password }, headers });
    const signIn = async (email: string): Promise<Session> => {
      const res = await login(email);
      assert.equal(res.statusCode, 200, res.body);
      const cookie = /^handoff_session=([^;]+)/.exec(setCookieOf(res))?.[1];
      assert.ok(cookie);
      return { cookie, csrf: res.json().csrf_token, userId: res.json().user.id };
    };
    /** A request with the session's cookie and no bearer token; `csrf` adds the header. */
    const as = (s: Session, method: string, url: string, opts: { body?: unknown; csrf?: string | null; headers?: Record<string, string> } = {}) => {
      const csrf = opts.csrf === undefined ? s.csrf : opts.csrf;
      const headers = { cookie: `handoff_session=${s.cookie}`, ...(csrf === null ? {} : { 'x-csrf-token': csrf }), ...opts.headers };
      return t.request(method, url, { token: null, body: opts.body, headers });
    };
    const sessionRows = (userId: number) => t.deps.database.db.selectFrom('portal_sessions').selectAll().where('user_id', '=', userId).execute();

    test('sign in, who am I, sign out: the cookie is opaque, HttpOnly, SameSite=Lax, Secure; only its hash is stored', async () => {
      const { id, email } = await addUser('dealer', [t.rooftopId]);
      const res = await login(email.toUpperCase());
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual(body.user, { id, email: email.toLowerCase(), name: 'Test dealer', role: 'dealer', rooftop_ids: [t.rooftopId] });
      assert.equal(body.expires_at, new Date(TEST_NOW + 30 * MINUTE).toISOString().replace('.000Z', 'Z'));
      const cookie = setCookieOf(res);
      assert.match(cookie, /; Path=\/(;|$)/);
      assert.match(cookie, /; HttpOnly(;|$)/);
      assert.match(cookie, /; SameSite=Lax(;|$)/);
      assert.match(cookie, /; Secure(;|$)/, 'PUBLIC_URL is https: the cookie is Secure');
      const s = await signIn(email);
      const rows = await sessionRows(id);
      const stored = rows.map((r) => r.id);
      assert.ok(stored.includes(createHash('sha256').update(s.cookie).digest('hex')), 'the id is the SHA-256 of the cookie');
      assert.ok(!JSON.stringify(rows).includes(s.cookie), 'the cookie value itself is stored nowhere');

      t.clock.advance(5 * MINUTE);
      const me = await as(s, 'GET', '/v1/session', { csrf: null });
      assert.equal(me.statusCode, 200, me.body);
      assert.deepEqual(me.json().user, body.user);
      assert.equal(me.json().csrf_token, s.csrf);
      assert.equal(me.json().expires_at, new Date(TEST_NOW + 35 * MINUTE).toISOString().replace('.000Z', 'Z'), 'a fresh idle expiry');

      const noCsrf = await as(s, 'DELETE', '/v1/session', { csrf: null });
      assert.equal(noCsrf.statusCode, 401);
      assert.equal(noCsrf.json().code, 'access_denied');
      assert.match(noCsrf.json().message, /X-CSRF-Token/);
      assert.equal((await as(s, 'GET', '/v1/session')).statusCode, 200, 'a refused sign-out ends nothing');

      const out = await as(s, 'DELETE', '/v1/session');
      assert.equal(out.statusCode, 204, out.body);
      assert.match(setCookieOf(out), /^handoff_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/);
      assert.equal((await as(s, 'GET', '/v1/session')).statusCode, 401);
      assert.equal((await as(s, 'GET', '/v1/moves')).statusCode, 401);
      assert.equal((await sessionRows(id)).length, 1, 'only the first sign-in is left');
      assert.equal((await t.request('GET', '/v1/session', { token: null })).json().code, 'access_denied');
    });

    test('a wrong password and an unknown email get the same 401; each attempt is logged with its outcome, never the password', async () => {
      const lines: string[] = [];
      const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
      const logged = await buildApp(t.deps, { logger: pino({ level: 'info' }, sink) });
      try {
        const { email } = await addUser('dealer', [t.rooftopId]);
        const secretGuess = 'hunter2-is-my-guess';
        const send = (e: string, password: string) => logged.inject({ method: 'POST', url: '/v1/session', payload: { email: e, password } });
        const wrong = await send(email, secretGuess);
        const unknown = await send(freshEmail('nobody'), secretGuess);
        for (const res of [wrong, unknown]) {
          assert.equal(res.statusCode, 401);
          assert.equal(res.headers['set-cookie'], undefined);
        }
        const { request_id: _a, ...wrongBody } = wrong.json();
        const { request_id: _b, ...unknownBody } = unknown.json();
        assert.deepEqual(wrongBody, unknownBody);
        assert.equal(wrongBody.message, 'wrong email or password');
        assert.equal((await send(email, PASSWORD)).statusCode, 200);

        const attempts = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'portal login');
        assert.deepEqual(attempts.map((a) => [a.email, a.outcome]), [
          [email.toLowerCase(), 'wrong_password'],
          [attempts[1].email, 'unknown_email'],
          [email.toLowerCase(), 'success'],
        ]);
        const all = lines.join('');
        assert.ok(!all.includes(secretGuess) && !all.includes(PASSWORD), 'no password in the logs');
      } finally {
        await logged.close();
      }
    });

    test('lockout: after 5 failures logins for the email are refused for 1 minute, doubling per further failure; a success resets', async () => {
      const { email } = await addUser('dealer', [t.rooftopId]);
      for (let i = 0; i < 5; i++) assert.equal((await login(email, 'wrong password!')).statusCode, 401);
      const locked = await login(email);
      assert.equal(locked.statusCode, 429, 'even the right password is refused while locked');
      assert.equal(locked.json().code, 'rate_limited');
      assert.equal(locked.headers['retry-after'], '60');
      t.clock.advance(30_000);
      assert.equal((await login(email)).headers['retry-after'], '30');

      t.clock.advance(30_000);
      assert.equal((await login(email, 'wrong again!')).statusCode, 401, 'the lock is over: the 6th failure is checked');
      assert.equal((await login(email)).headers['retry-after'], '120', 'and locks for twice as long');
      t.clock.advance(2 * MINUTE);
      assert.equal((await login(email, 'and again!!')).statusCode, 401);
      assert.equal((await login(email)).headers['retry-after'], '240');
      t.clock.advance(4 * MINUTE);
      assert.equal((await login(email)).statusCode, 200, 'the right password after the lock');

      for (let i = 0; i < 4; i++) assert.equal((await login(email, 'wrong password!')).statusCode, 401);
      assert.equal((await login(email)).statusCode, 200, 'the count started again from the success');

      const nobody = freshEmail('nobody');
      for (let i = 0; i < 5; i++) assert.equal((await login(nobody, 'any password')).statusCode, 401);
      const alike = await login(nobody, 'any password');
      assert.equal(alike.statusCode, 429, 'an unknown email locks alike, so lockout shows nothing about which emails exist');
      assert.equal(alike.headers['retry-after'], '60');
    });

    test('a session ends after 30 idle minutes; last_seen moves at most once a minute', async () => {
      const { id, email } = await addUser('dealer', [t.rooftopId]);
      const s = await signIn(email);
      const lastSeen = async () => Number((await sessionRows(id))[0]?.last_seen_at);
      t.clock.advance(30_000);
      assert.equal((await as(s, 'GET', '/v1/moves')).statusCode, 200);
      assert.equal(await lastSeen(), TEST_NOW, 'not written within the minute');
      t.clock.advance(29 * MINUTE);
      assert.equal((await as(s, 'GET', '/v1/moves')).statusCode, 200);
      assert.equal(await lastSeen(), TEST_NOW + 29.5 * MINUTE);
      t.clock.advance(29 * MINUTE);
      assert.equal((await as(s, 'GET', '/v1/session')).statusCode, 200, 'used within 30 minutes of the last use');
      t.clock.advance(30 * MINUTE);
      const idle = await as(s, 'GET', '/v1/moves');
      assert.equal(idle.statusCode, 401);
      assert.match(idle.json().message, /expired/);
      assert.equal((await sessionRows(id)).length, 0, 'the ended session is deleted');
    });

    test('a session ends 12 hours after sign-in, however active', async () => {
      const { email } = await addUser('dealer', [t.rooftopId]);
      const s = await signIn(email);
      for (let elapsed = 0; elapsed < 12 * 60 - 20; elapsed += 20) {
        t.clock.advance(20 * MINUTE);
        assert.equal((await as(s, 'GET', '/v1/session')).statusCode, 200, `${elapsed + 20} minutes in`);
      }
      t.clock.set(TEST_NOW + 12 * 60 * MINUTE);
      assert.equal((await as(s, 'GET', '/v1/session')).statusCode, 401);
    });

    test('CSRF: a cookie-authenticated POST, PATCH or DELETE needs X-CSRF-Token and changes nothing without it; Bearer needs none', async () => {
      const { email } = await addUser('dealer', [t.rooftopId]);
      const s = await signIn(email);
      const moves = await t.count('moves');
      for (const csrf of [null, 'not-the-token', '']) {
        const res = await as(s, 'POST', '/v1/one-way-moves', { body: oneWayRequest(), csrf });
        assert.equal(res.statusCode, 401, res.body);
        assert.equal(res.json().code, 'access_denied');
        assert.match(res.json().message, /X-CSRF-Token/);
      }
      assert.equal(await t.count('moves'), moves, 'nothing was booked');

      const booked = await as(s, 'POST', '/v1/one-way-moves', { body: oneWayRequest() });
      assert.equal(booked.statusCode, 200, booked.body);
      const moveId = booked.json().move.move_id;
      const patch = await as(s, 'PATCH', `/v1/moves/${moveId}`, { body: { vehicle_color: 'red' }, csrf: null });
      assert.equal(patch.statusCode, 401);
      const color = async () => (await t.deps.database.db.selectFrom('moves').select('vehicle_color').where('id', '=', moveId).executeTakeFirstOrThrow()).vehicle_color;
      assert.notEqual(await color(), 'red', 'the refused PATCH changed nothing');
      assert.equal((await as(s, 'PATCH', `/v1/moves/${moveId}`, { body: { vehicle_color: 'red' } })).statusCode, 200);
      assert.equal(await color(), 'red', 'with the token it does');

      const hook = await as(s, 'POST', '/v1/webhooks', { body: { target_url: 'http://127.0.0.1:9/hook', secret: 'a-long-enough-signing-secret', event_types: ['*'] } });
      assert.equal(hook.statusCode, 200, hook.body);
      const webhookId = hook.json().webhook_id;
      assert.equal((await as(s, 'DELETE', `/v1/webhooks/${webhookId}`, { csrf: null })).statusCode, 401);
      assert.equal((await as(s, 'GET', `/v1/webhooks/${webhookId}`, { csrf: null })).statusCode, 200, 'a GET needs no token; the webhook is still there');

      const bearer = await t.request('POST', '/v1/one-way-moves', { body: oneWayRequest() });
      assert.equal(bearer.statusCode, 200, 'a Bearer request carries no ambient credential, so no CSRF token');
    });

    test('session fixation: a cookie the browser had before sign-in is never the session after it', async () => {
      const { email } = await addUser('dealer', [t.rooftopId]);
      const planted = 'attacker-chosen-session-id';
      const res = await login(email, PASSWORD, { cookie: `handoff_session=${planted}` });
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(setCookieOf(res), new RegExp(planted));
      const attacker: Session = { cookie: planted, csrf: res.json().csrf_token, userId: 0 };
      assert.equal((await as(attacker, 'GET', '/v1/session')).statusCode, 401);

      const earlier = await signIn(email);
      const later = await login(email, PASSWORD, { cookie: `handoff_session=${earlier.cookie}` });
      assert.equal(later.statusCode, 200);
      assert.equal((await as(earlier, 'GET', '/v1/session')).statusCode, 401, "signing in again ends the browser's old session");
    });

    test('a disabled user is out at once: its sessions stop and it cannot sign in', async () => {
      const { id, email } = await addUser('dealer', [t.rooftopId]);
      const [s, other] = [await signIn(email), await signIn(email)];
      await disableUser(t.deps.database.db, email.toLowerCase(), t.clock.now());
      assert.equal((await as(s, 'GET', '/v1/moves')).statusCode, 401);
      assert.equal((await as(other, 'GET', '/v1/session')).statusCode, 401);
      assert.equal((await login(email)).json().message, 'wrong email or password');

      // Also when only the flag changed (another process, a request already past the delete).
      const second = await addUser('dealer', [t.rooftopId]);
      const s2 = await signIn(second.email);
      await t.deps.database.db.updateTable('portal_users').set({ disabled: 1 }).where('id', '=', second.id).execute();
      assert.equal((await as(s2, 'GET', '/v1/moves')).statusCode, 401);
      assert.equal((await sessionRows(id)).length, 0);
    });

    test('a dealer session sees exactly what a dealer API client of the same rooftop sees, and acts as user:<id>', async () => {
      const other = await t.addRooftop({ name: 'Another dealer' });
      const otherClient = await t.addClient('dealer', [other]);
      const theirs = await t.request('POST', '/v1/one-way-moves', { token: otherClient.token, body: oneWayRequest() });
      assert.equal(theirs.statusCode, 200, theirs.body);
      const { email } = await addUser('dealer', [t.rooftopId]);
      const s = await signIn(email);
      const ours = await as(s, 'POST', '/v1/one-way-moves', { body: oneWayRequest(), headers: { 'idempotency-key': 'portal-once' } });
      assert.equal(ours.statusCode, 200, ours.body);
      const again = await as(s, 'POST', '/v1/one-way-moves', { body: oneWayRequest(), headers: { 'idempotency-key': 'portal-once' } });
      assert.equal(again.body, ours.body, 'Idempotency-Key works per session user');
      const booker = await t.deps.database.db
        .selectFrom('moves')
        .innerJoin('scenarios', 'scenarios.id', 'moves.scenario_id')
        .select('scenarios.client_id')
        .where('moves.id', '=', ours.json().move.move_id)
        .executeTakeFirstOrThrow();
      assert.equal(booker.client_id, `user:${s.userId}`, 'the booking is recorded as made by the portal user');

      for (const url of ['/v1/moves', `/v1/moves/${ours.json().move.move_id}`, `/v1/moves/${theirs.json().move.move_id}`, '/v1/locations', '/v1/events', '/v1/webhooks']) {
        const bySession = await as(s, 'GET', url, { csrf: null });
        const byToken = await t.request('GET', url);
        assert.equal(bySession.statusCode, byToken.statusCode, url);
        const { request_id: _a, ...a } = bySession.json();
        const { request_id: _b, ...b } = byToken.json();
        assert.deepEqual(a, b, url);
      }
      assert.equal((await as(s, 'GET', '/v1/ops/drivers')).statusCode, 403, 'a dealer session has the dealer role');
    });

    test('users: an ops session lists and adds users (a generated password, once); dealers may not; bad input writes nothing', async () => {
      const ops = await signIn((await addUser('ops', [])).email);
      const dealer = await signIn((await addUser('dealer', [t.rooftopId])).email);
      assert.equal((await as(dealer, 'GET', '/v1/users')).statusCode, 403);
      const scoped = await t.addClient('ops', [t.rooftopId]);
      assert.equal((await t.request('GET', '/v1/users', { token: scoped.token })).statusCode, 403, 'an ops client scoped to rooftops may not');

      const email = freshEmail('advisor');
      const body = { email, name: 'New Advisor', role: 'dealer', rooftop_ids: [t.rooftopId] };
      assert.equal((await as(ops, 'POST', '/v1/users', { body, csrf: null })).statusCode, 401);
      const created = await as(ops, 'POST', '/v1/users', { body });
      assert.equal(created.statusCode, 201, created.body);
      const { user, password } = created.json();
      assert.deepEqual({ ...user, id: 0, created_at: '' }, { id: 0, email: email.toLowerCase(), name: 'New Advisor', role: 'dealer', rooftop_ids: [t.rooftopId], disabled: false, created_at: '' });
      assert.equal(typeof password, 'string');
      assert.equal((await login(email, password)).statusCode, 200, 'the generated password signs in');

      const listed = await as(ops, 'GET', '/v1/users');
      assert.ok(listed.json().users.some((u: { id: number }) => u.id === user.id));
      const count = async () => (await t.deps.database.db.selectFrom('portal_users').select('id').execute()).length;
      const before = await count();
      const dup = await as(ops, 'POST', '/v1/users', { body: { ...body, email: email.toUpperCase() } });
      assert.deepEqual(dup.json().errors.map((e: { field: string }) => e.field), ['email']);
      const bad = await as(ops, 'POST', '/v1/users', { body: { email: 'nope', name: ' ', role: 'ops', rooftop_ids: [t.rooftopId], password: 'short' } });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(bad.json().errors.map((e: { field: string }) => e.field).sort(), ['name', 'password']);
      const bad2 = await as(ops, 'POST', '/v1/users', { body: { email: 'nope', name: 'X', role: 'ops', rooftop_ids: [t.rooftopId, 999_999] } });
      assert.deepEqual(bad2.json().errors.map((e: { field: string }) => e.field), ['email', 'rooftop_ids', 'rooftop_ids']);
      assert.equal(await count(), before, 'nothing written');
    });
  });
}
