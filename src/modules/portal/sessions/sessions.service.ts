// Portal sign-in and sessions. A login verifies the password (Argon2, outside any transaction),
// counts failures per email for lockout, and starts a new session with a new random id — a cookie
// the browser already had is never adopted (session fixation). Every cookie-authenticated request
// reads its session and user afresh: a logout, an expiry or a disabled user takes effect at once.
import { createHash } from 'node:crypto';
import type { PortalConfig } from '../../../config/portal-variables.ts';
import type { Executor } from '../../../db/executor.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError } from '../../../lib/errors.ts';
import type { IdGenerator } from '../../../lib/ids.ts';
import { formatInstant } from '../../../lib/instant.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import type { SessionAuthenticator, SessionRequest } from '../../auth/authenticator.ts';
import { allRooftopIds } from '../../rooftops/rooftops.repository.ts';
import { spendVerification, verifyPassword } from '../accounts/passwords.ts';
import { type SessionUserDocument, sessionUserDocument } from '../accounts/user-document.ts';
import { normalizeEmail } from '../accounts/user-rules.ts';
import { findUser, findUserForLogin, userRooftopIds } from '../accounts/users.repository.ts';
import { changesState, csrfMatches } from './csrf.ts';
import { FAILURES_FORGOTTEN_MS, isLive, lockoutMs, needsTouch, sessionEnd } from './session-rules.ts';
import * as repo from './sessions.repository.ts';

export interface SessionView {
  user: SessionUserDocument;
  csrf_token: string;
  /** When the session ends if unused (idle expiry, or the absolute end if sooner). */
  expires_at: string;
}

export type LoginResult =
  | { outcome: 'success'; userId: number; cookie: string; view: SessionView }
  | { outcome: 'wrong_password' | 'unknown_email' | 'disabled' }
  | { outcome: 'locked'; retryAfterMs: number };

interface ActiveSession {
  row: repo.SessionRow;
  auth: AuthContext;
}

const denied = (message: string) => new ApiError('access_denied', message);
const SIGN_IN_AGAIN = 'sign in again (POST /v1/session)';

/** The stored id of a cookie value: its SHA-256, so the table holds nothing a browser could present. */
export const sessionIdOf = (cookie: string): string => createHash('sha256').update(cookie).digest('hex');

export class SessionService implements SessionAuthenticator {
  constructor(private readonly deps: { db: Executor; clock: Clock; ids: IdGenerator; config: PortalConfig }) {}

  async login(emailGiven: string, password: string): Promise<LoginResult> {
    const { db, clock, config } = this.deps;
    const email = normalizeEmail(emailGiven);
    const before = await repo.findFailures(db, email);
    const now = clock.now();
    if (before && before.lockedUntil > now) return { outcome: 'locked', retryAfterMs: before.lockedUntil - now };
    const found = await findUserForLogin(db, email);
    const matches = found ? await verifyPassword(found.passwordHash, password) : await spendVerification(password);
    const at = clock.now();
    await repo.forgetOldFailures(db, at - FAILURES_FORGOTTEN_MS, at);
    if (!found || !matches) {
      await repo.recordFailure(db, { email, now: at, lockFor: (failures) => lockoutMs(failures, config.lockoutFailures) });
      return { outcome: found ? 'wrong_password' : 'unknown_email' };
    }
    if (found.user.disabled) return { outcome: 'disabled' };
    await repo.clearFailures(db, email);
    await repo.deleteEndedSessions(db, { now: at, idleMs: config.sessionIdleMs, userId: found.user.id });
    const cookie = this.deps.ids.token(32);
    const csrfToken = this.deps.ids.token(32);
    const times = { lastSeenAt: at, expiresAt: at + config.sessionMaxMs };
    await repo.insertSession(db, { id: sessionIdOf(cookie), userId: found.user.id, csrfToken, now: at, expiresAt: times.expiresAt });
    const view = { user: await this.userDocument(found.user.id), csrf_token: csrfToken, expires_at: this.endOf(times) };
    return { outcome: 'success', userId: found.user.id, cookie, view };
  }

  /** The authenticator's port: the caller of a cookie-authenticated /v1 request. */
  async authenticate(cookie: string, request: SessionRequest): Promise<AuthContext> {
    return (await this.resolve(cookie, request)).auth;
  }

  /** GET /v1/session. */
  async current(cookie: string): Promise<SessionView> {
    const { row } = await this.resolve(cookie, { method: 'GET', csrfToken: undefined });
    return { user: await this.userDocument(row.userId), csrf_token: row.csrfToken, expires_at: this.endOf(row) };
  }

  /** DELETE /v1/session: checked like any state-changing request (CSRF), then deleted. */
  async logout(cookie: string, request: SessionRequest): Promise<void> {
    const { row } = await this.resolve(cookie, request);
    await repo.deleteSession(this.deps.db, row.id);
  }

  /** Ends whatever session a cookie names, unchecked (a login replacing the browser's old cookie). */
  async discard(cookie: string): Promise<void> {
    await repo.deleteSession(this.deps.db, sessionIdOf(cookie));
  }

  private async resolve(cookie: string, request: SessionRequest): Promise<ActiveSession> {
    const { db, clock, config } = this.deps;
    const row = await repo.findSession(db, sessionIdOf(cookie));
    if (!row) throw denied(`the portal session has ended or is not valid; ${SIGN_IN_AGAIN}`);
    const now = clock.now();
    if (row.disabled || !isLive(row, now, config.sessionIdleMs)) {
      await repo.deleteSession(db, row.id);
      throw denied(row.disabled ? `this portal user is disabled` : `the portal session has expired; ${SIGN_IN_AGAIN}`);
    }
    // Before the touch: a forged request must not even extend the session.
    if (changesState(request.method) && !csrfMatches(row.csrfToken, request.csrfToken)) {
      throw denied("a request that changes something must send the X-CSRF-Token header with the session's csrf_token (from POST or GET /v1/session)");
    }
    if (needsTouch(row, now)) {
      await repo.touchSession(db, row.id, now);
      row.lastSeenAt = now;
    }
    const rooftopIds = row.role === 'ops' ? await allRooftopIds(db) : await userRooftopIds(db, row.userId);
    return {
      row,
      auth: { clientId: `user:${row.userId}`, role: row.role, rooftopIds, allRooftops: row.role === 'ops', driverId: null },
    };
  }

  private async userDocument(userId: number): Promise<SessionUserDocument> {
    const { db } = this.deps;
    const user = await findUser(db, userId);
    if (!user) throw denied(`the portal session has ended or is not valid; ${SIGN_IN_AGAIN}`);
    return sessionUserDocument(user, user.role === 'ops' ? await allRooftopIds(db) : []);
  }

  private endOf(times: { lastSeenAt: number; expiresAt: number }): string {
    return formatInstant(sessionEnd(times, this.deps.config.sessionIdleMs));
  }
}
