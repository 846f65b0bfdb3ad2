// Money's variables (spec §12.2, §12.3): when a completed move's charge settles, and how often the
// billing sweep (settle, put charges on their invoices, move invoices along) runs. Spread at the
// end of the table in variables.ts so README lists them together; config.ts turns them into
// Config['billing'].
import { duration } from './variable.ts';

export const BILLING_VARIABLES = {
  CHARGE_SETTLE_DAYS: {
    default: '7',
    meaning: 'a move’s charge settles (final, no longer editable: `charge_settled`) this long after the move completed (positive, fractions allowed)',
    ...duration('days'),
  },
  BILLING_SWEEP_MINUTES: {
    default: '60',
    meaning: 'how often the billing job settles charges, puts them on their weekly invoices and moves invoices along (positive, fractions allowed)',
    ...duration('minutes'),
  },
};
