import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { withId } from './helpers.ts';

/**
 * The portal (the web app for service advisors and dispatchers): its users, their rooftops, their
 * sessions, and failed logins for lockout. A session's id is the SHA-256 of the cookie value, so a
 * leaked table (a backup, a replica) holds nothing a browser could present. Failures are kept per
 * email whether or not a user has it, so lockout answers alike for every email.
 */
export const portalUsers = (dialect: Dialect): Migration => ({
  async up(db: Kysely<any>) {
    await withId(db.schema.createTable('portal_users'), dialect)
      /** Lower-cased when stored, so uniqueness and login are case-insensitive. */
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      /** 'dealer' (its rooftops in portal_user_rooftops) or 'ops' (every rooftop). */
      .addColumn('role', 'text', (c) => c.notNull())
      /** Argon2id, PHC string. */
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('portal_user_rooftops')
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('portal_users.id'))
      .addColumn('rooftop_id', 'bigint', (c) => c.notNull().references('rooftops.id'))
      .addPrimaryKeyConstraint('portal_user_rooftops_pk', ['user_id', 'rooftop_id'])
      .execute();

    await db.schema
      .createTable('portal_sessions')
      /** SHA-256 (hex) of the cookie value; the value itself is never stored. */
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('portal_users.id'))
      /** The synchronizer token state-changing requests must echo in X-CSRF-Token. */
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      /** Idle expiry counts from here; moved forward at most once a minute. */
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      /** The absolute end, whatever the activity. */
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('portal_sessions_user').on('portal_sessions').columns(['user_id']).execute();
    await db.schema.createIndex('portal_sessions_expires').on('portal_sessions').columns(['expires_at']).execute();

    await db.schema
      .createTable('portal_login_failures')
      /** Lower-cased, as typed at login: also emails no user has. */
      .addColumn('email', 'text', (c) => c.primaryKey())
      /** Consecutive failures since the last success. */
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('last_failed_at', 'bigint', (c) => c.notNull())
      /** Logins for the email are refused until then (0: not locked). */
      .addColumn('locked_until', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('portal_login_failures_last').on('portal_login_failures').columns(['last_failed_at']).execute();
  },
});
