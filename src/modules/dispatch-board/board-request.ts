// Reading GET /v1/ops/board's query: a real local date, and optionally one of the caller's rooftops.
import { INTEGER_RANGE, queryInteger, readFields } from '../../lib/validation.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { isIsoDate } from '../scheduling/availability/slot-grid.ts';
import type { BoardQuery } from './board.service.ts';

export function readBoardQuery(query: unknown, auth: AuthContext): BoardQuery {
  return readFields(query, (r) => {
    const date = r.string('date', { required: true, max: 10 });
    if (date !== undefined && date !== null && !isIsoDate(date)) r.invalid('date', 'date must be a real date written YYYY-MM-DD, such as "2026-03-25"');
    const rooftopId = queryInteger(r, 'rooftop_id', INTEGER_RANGE.min, INTEGER_RANGE.max);
    // Another's rooftop is answered exactly like one that does not exist.
    if (rooftopId !== null && !auth.rooftopIds.includes(rooftopId)) r.invalid('rooftop_id', `rooftop_id ${rooftopId} is not a rooftop of yours`);
    return { date: date ?? '', rooftopIds: rooftopId === null ? auth.rooftopIds : [rooftopId] };
  });
}
