// The portal's accounts and sessions (migration 022): who may sign in to the web app, for which
// rooftops, the sessions they hold and the failed logins that lock an email out.
import type { Generated } from 'kysely';

export interface PortalUserTable {
  id: Generated<number>;
  /** Lower-cased. */
  email: string;
  name: string;
  role: string;
  password_hash: string;
  /** 1: may not sign in; its sessions stop working. */
  disabled: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface PortalUserRooftopTable {
  user_id: number;
  rooftop_id: number;
}

export interface PortalSessionTable {
  /** SHA-256 (hex) of the cookie value. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  /** The absolute end. */
  expires_at: number;
}

export interface PortalLoginFailureTable {
  email: string;
  failures: number;
  last_failed_at: number;
  locked_until: number;
}
