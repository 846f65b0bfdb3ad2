// Scheduling's variables (spec §11: how long a scenario occupies its driver, the minimum notice,
// how long a hold lasts), spread at the end of the table in variables.ts so README lists them
// together. config.ts turns them into Config['scheduling'].
import { integer } from './variable.ts';

export const SCHEDULING_VARIABLES = {
  HANDOFF_BUFFER_MINUTES: {
    default: '10',
    meaning: 'time a driver spends at each stop of a trip (the inspection and the keys), counted in a scenario’s occupied time',
    ...integer({ min: 0, max: 240 }),
  },
  PAIR_WAIT_MINUTES: {
    default: '0',
    meaning: 'extra wait between the two legs of a pair (the swap itself is in the handoff buffer)',
    ...integer({ min: 0, max: 240 }),
  },
  MIN_NOTICE_MINUTES: {
    default: '120',
    meaning: 'availability lists slots sooner than this from now as `lead_time`',
    ...integer({ min: 0, max: 14 * 24 * 60 }),
  },
  HOLD_SECONDS: {
    default: '300',
    meaning: 'how long `POST /v1/appointments/holds` keeps a slot for its caller',
    ...integer({ min: 10, max: 24 * 3600 }),
  },
};
