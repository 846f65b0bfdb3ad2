// The portal's accounts and sessions: how long a session lasts idle and at most, and how many
// wrong passwords lock an email out. Spread at the end of the table in variables.ts so README lists
// them together; config.ts turns them into Config['portal'].
import { duration, integer } from './variable.ts';

export const PORTAL_VARIABLES = {
  PORTAL_SESSION_IDLE_MINUTES: {
    default: '30',
    meaning: 'a portal session unused this long ends (sign in again) (positive, fractions allowed)',
    ...duration('minutes'),
  },
  PORTAL_SESSION_MAX_HOURS: {
    default: '12',
    meaning: 'a portal session ends this long after sign-in, however active (positive, fractions allowed)',
    ...duration('hours'),
  },
  PORTAL_LOCKOUT_FAILURES: {
    default: '5',
    meaning:
      'consecutive wrong passwords that lock an email out of the portal: 1 minute, doubling with each further failure up to 1 hour; a success resets',
    ...integer({ min: 1, max: 100 }),
  },
};

/** Config['portal']: durations in ms. */
export interface PortalConfig {
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** Consecutive failures that lock an email out. */
  lockoutFailures: number;
}
