import type { RooftopRow } from '../../db/schema.ts';
import { parseWeeklyHours, type ServiceLotCalendar } from '../scheduling/business-hours.ts';

/** The service lot's opening hours, as stored on the rooftop. */
export function rooftopCalendar(rooftop: RooftopRow): ServiceLotCalendar {
  return {
    timezone: rooftop.timezone,
    hours: parseWeeklyHours(rooftop.business_hours),
    holidays: JSON.parse(rooftop.holidays) as string[],
  };
}
