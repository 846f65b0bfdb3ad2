// PATCH /v1/users/:id on both engines: the all-rooftops ops desk disables a portal user — its
// sessions end at once (the next /v1 call is 401) and its sign-in gets the generic 401 — and enables
// it again (it signs in). Refused: an ops user disabling themselves (400 at `disabled`), an unknown id
// (404), a bad body (400 at its field), a dealer or a rooftop-scoped ops client (403); none changes anything.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUser } from '../../src/modules/portal/accounts/create-user.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';

const PASSWORD = 'correct horse battery staple';
let seq = 0;

interface Session {
  cookie: string;
  csrf: string;
}

for (const engine of engines()) {
  describe(`portal users: disable and enable on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    const addUser = async (role: 'dealer' | 'ops') => {
      const email = `${role}.${++seq}@example.com`;
      const { user } = await createUser(t.deps.database.db, { email, name: `Test ${role}`, role, rooftopIds: role === 'dealer' ? [t.rooftopId] : [], password: PASSWORD }, t.deps);
      return { id: user.id, email };
    };
    const login = (email: string) => t.request('POST', '/v1/session', { token: null, body: { email, password: PASSWORD } });
    const signIn = async (email: string): Promise<Session> => {
      const res = await login(email);
      assert.equal(res.statusCode, 200, res.body);
      const header = [res.headers['set-cookie']].flat().find((h) => h?.startsWith('handoff_session='));
      return { cookie: /^handoff_session=([^;]+)/.exec(header ?? '')![1]!, csrf: res.json().csrf_token };
    };
    const as = (s: Session, method: string, url: string, body?: unknown) =>
      t.request(method, url, { token: null, body, headers: { cookie: `handoff_session=${s.cookie}`, 'x-csrf-token': s.csrf } });
    const stateOf = async (id: number) => {
      const row = await t.deps.database.db.selectFrom('portal_users').select('disabled').where('id', '=', id).executeTakeFirstOrThrow();
      return Number(row.disabled);
    };

    test('disabling ends the sessions at once and refuses sign-in with the generic 401; enabling lets the user sign in again', async () => {
      const desk = await signIn((await addUser('ops')).email);
      const dealer = await addUser('dealer');
      const dealerSession = await signIn(dealer.email);
      assert.equal((await as(dealerSession, 'GET', '/v1/moves')).statusCode, 200);

      const off = await as(desk, 'PATCH', `/v1/users/${dealer.id}`, { disabled: true });
      assert.equal(off.statusCode, 200, off.body);
      assert.equal(off.json().user.id, dealer.id);
      assert.equal(off.json().user.disabled, true);
      const next = await as(dealerSession, 'GET', '/v1/moves');
      assert.equal(next.statusCode, 401, 'the open session no longer works');
      assert.equal(next.json().code, 'access_denied');
      const refused = await login(dealer.email);
      assert.equal(refused.statusCode, 401);
      assert.equal(refused.json().message, 'wrong email or password', 'the one generic message');
      const listed = (await as(desk, 'GET', '/v1/users')).json().users.find((u: { id: number }) => u.id === dealer.id);
      assert.equal(listed.disabled, true);

      const on = await as(desk, 'PATCH', `/v1/users/${dealer.id}`, { disabled: false });
      assert.equal(on.statusCode, 200, on.body);
      assert.equal(on.json().user.disabled, false);
      const again = await signIn(dealer.email);
      assert.equal((await as(again, 'GET', '/v1/moves')).statusCode, 200, 'signed in again, it acts as before');
    });

    test('refusals change nothing: disabling oneself, an unknown id, a bad body, a dealer, a scoped ops client, no CSRF header', async () => {
      const deskUser = await addUser('ops');
      const desk = await signIn(deskUser.email);
      const dealer = await addUser('dealer');

      const self = await as(desk, 'PATCH', `/v1/users/${deskUser.id}`, { disabled: true });
      assert.equal(self.statusCode, 400, self.body);
      assert.deepEqual(self.json().errors.map((e: { code: string; field: string }) => [e.code, e.field]), [['field_invalid', 'disabled']]);
      assert.match(self.json().message, /cannot disable yourself/);
      assert.equal(await stateOf(deskUser.id), 0);
      assert.equal((await as(desk, 'GET', '/v1/session')).statusCode, 200, 'still signed in');

      const unknown = await as(desk, 'PATCH', '/v1/users/999999', { disabled: true });
      assert.equal(unknown.statusCode, 404, unknown.body);
      assert.equal(unknown.json().code, 'not_found');

      for (const [body, code] of [[{}, 'field_missing'], [{ disabled: 'yes' }, 'field_invalid']] as const) {
        const bad = await as(desk, 'PATCH', `/v1/users/${dealer.id}`, body);
        assert.equal(bad.statusCode, 400, bad.body);
        assert.deepEqual(bad.json().errors.map((e: { code: string; field: string }) => [e.code, e.field]), [[code, 'disabled']]);
      }

      const dealerSession = await signIn(dealer.email);
      assert.equal((await as(dealerSession, 'PATCH', `/v1/users/${deskUser.id}`, { disabled: true })).statusCode, 403);
      const scoped = await t.addClient('ops', [t.rooftopId]);
      const scopedRes = await t.request('PATCH', `/v1/users/${dealer.id}`, { token: scoped.token, body: { disabled: true } });
      assert.equal(scopedRes.statusCode, 403, scopedRes.body);
      assert.equal(scopedRes.json().code, 'missing_scope');
      const noCsrf = await t.request('PATCH', `/v1/users/${dealer.id}`, { token: null, body: { disabled: true }, headers: { cookie: `handoff_session=${desk.cookie}` } });
      assert.equal(noCsrf.statusCode, 401);
      assert.match(noCsrf.json().message, /X-CSRF-Token/);
      assert.equal(await stateOf(dealer.id), 0, 'nothing was disabled');
      assert.equal((await as(dealerSession, 'GET', '/v1/session')).statusCode, 200);

      const bearerDesk = await t.addClient('ops', 'all');
      const byBearer = await t.request('PATCH', `/v1/users/${dealer.id}`, { token: bearerDesk.token, body: { disabled: true } });
      assert.equal(byBearer.statusCode, 200, 'an all-rooftops ops API client may too');
      assert.equal(await stateOf(dealer.id), 1);
    });
  });
}
