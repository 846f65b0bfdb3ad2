// The pure rules of portal accounts and sessions: lockout backoff, session expiry, the CSRF
// comparison, the cookie's Secure attribute, and what a user may be.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emailProblem, normalizeEmail, passwordProblem, rooftopsProblem } from '../../src/modules/portal/accounts/user-rules.ts';
import { changesState, csrfMatches } from '../../src/modules/portal/sessions/csrf.ts';
import { isLoopbackHttp, sessionCookieOptions } from '../../src/modules/portal/sessions/session-cookie.ts';
import { isLive, lockoutMs, needsTouch, sessionEnd } from '../../src/modules/portal/sessions/session-rules.ts';

const MINUTE = 60_000;

test('lockout: none below the threshold, then 1 minute doubling per failure, capped at 1 hour', () => {
  assert.deepEqual([1, 2, 3, 4].map((f) => lockoutMs(f, 5)), [0, 0, 0, 0]);
  assert.deepEqual([5, 6, 7, 8, 9, 10].map((f) => lockoutMs(f, 5) / MINUTE), [1, 2, 4, 8, 16, 32]);
  assert.deepEqual([11, 12, 50, 10_000].map((f) => lockoutMs(f, 5) / MINUTE), [60, 60, 60, 60]);
  assert.equal(lockoutMs(1, 1), MINUTE, 'a threshold of 1 locks at the first failure');
});

test('a session ends at its idle expiry or its absolute end, whichever is sooner', () => {
  const s = { lastSeenAt: 1_000_000, expiresAt: 1_000_000 + 12 * 60 * MINUTE };
  assert.equal(sessionEnd(s, 30 * MINUTE), s.lastSeenAt + 30 * MINUTE);
  assert.equal(isLive(s, s.lastSeenAt + 30 * MINUTE - 1, 30 * MINUTE), true);
  assert.equal(isLive(s, s.lastSeenAt + 30 * MINUTE, 30 * MINUTE), false);
  const late = { lastSeenAt: s.expiresAt - MINUTE, expiresAt: s.expiresAt };
  assert.equal(sessionEnd(late, 30 * MINUTE), s.expiresAt);
  assert.equal(needsTouch(s, s.lastSeenAt + MINUTE - 1), false);
  assert.equal(needsTouch(s, s.lastSeenAt + MINUTE), true);
});

test('CSRF: only GET, HEAD and OPTIONS are safe; the token must match exactly', () => {
  assert.deepEqual(['GET', 'HEAD', 'OPTIONS', 'get'].map(changesState), [false, false, false, false]);
  assert.deepEqual(['POST', 'PUT', 'PATCH', 'DELETE'].map(changesState), [true, true, true, true]);
  assert.equal(csrfMatches('abc123', 'abc123'), true);
  for (const given of [undefined, '', 'abc12', 'abc1234', 'ABC123']) assert.equal(csrfMatches('abc123', given), false, String(given));
});

test('the cookie is Secure unless the public URL is plain http on a loopback host', () => {
  for (const url of ['http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080', 'http://portal.localhost']) {
    assert.equal(isLoopbackHttp(url), true, url);
    assert.equal(sessionCookieOptions(url).secure, false, url);
  }
  for (const url of ['https://localhost', 'https://api.handoff.example', 'http://10.0.0.5:8080', 'http://handoff.internal', 'http://127.0.0.1.nip.io']) {
    assert.equal(sessionCookieOptions(url).secure, true, url);
  }
  assert.deepEqual(sessionCookieOptions('https://x.example'), { path: '/', httpOnly: true, sameSite: 'lax', secure: true });
});

test('users: emails compare lower-cased, passwords are 12 to 200 characters, dealers have rooftops and ops none', () => {
  assert.equal(normalizeEmail('  Jane.Smith@Example.COM '), 'jane.smith@example.com');
  assert.equal(emailProblem('jane@example.com'), null);
  for (const bad of ['jane', 'jane@', '@example.com', 'jane@example', 'ja ne@example.com']) assert.match(emailProblem(bad) ?? '', /email address/, bad);
  assert.match(emailProblem(`${'x'.repeat(250)}@example.com`) ?? '', /at most 254/);
  assert.equal(passwordProblem('x'.repeat(12)), null);
  assert.equal(passwordProblem('  spaces count  '), null);
  assert.match(passwordProblem('x'.repeat(11)) ?? '', /12 to 200/);
  assert.match(passwordProblem('x'.repeat(201)) ?? '', /12 to 200/);
  assert.equal(rooftopsProblem('dealer', [1, 2]), null);
  assert.equal(rooftopsProblem('ops', []), null);
  assert.equal(rooftopsProblem('dealer', [])?.code, 'field_missing');
  assert.equal(rooftopsProblem('ops', [1])?.code, 'field_invalid');
});
