// Request schemas of the shifts endpoints, for the OpenAPI document; the limits are the reader's
// (shift-request.ts, shift-rules.ts).
import Type from 'typebox';
import { IdInteger, InstantInput, Nullable, Unchecked } from '../../../lib/schema-types.ts';
import { ID_PATTERN } from '../../../lib/validation.ts';
import { DATE_PATTERN, QUERY_INSTANT_MAX, TIME_PATTERN, TIMEZONE_MAX } from './shift-request.ts';
import { MAX_PATTERN_DAYS, WEEKDAYS } from './shift-rules.ts';

export const NewShiftsBody = Unchecked(
  Type.Object(
    {
      starts_at: Type.Optional(InstantInput('One shift: when it starts')),
      ends_at: Type.Optional(InstantInput('One shift: when it ends; later than starts_at, at most 24 hours after')),
      region_id: Type.Optional(Nullable(IdInteger({ description: "The region whose rooftop the shifts serve; null or absent: every rooftop" }))),
      pattern: Type.Optional(
        Type.Object(
          {
            days: Type.Array(Type.String({ enum: [...WEEKDAYS] }), { minItems: 1 }),
            start: Type.String({ pattern: TIME_PATTERN, description: 'Local time "HH:mm"' }),
            end: Type.String({ pattern: TIME_PATTERN, description: 'Local time "HH:mm"; at or before start: the next day (an overnight shift)' }),
            from: Type.String({ pattern: DATE_PATTERN, description: 'First local date "YYYY-MM-DD"' }),
            to: Type.String({ pattern: DATE_PATTERN, description: `Last local date, included; at most ${MAX_PATTERN_DAYS} days from from` }),
          },
          { description: 'A weekly pattern, laid out in local time: 08:00 stays 08:00 across a DST change' },
        ),
      ),
      timezone: Type.Optional(
        Type.String({
          maxLength: TIMEZONE_MAX,
          description: "With pattern and no region_id (required then): the IANA zone it is laid out in. With a region, the region's zone is used",
        }),
      ),
    },
    { description: 'Either starts_at and ends_at (one shift), or pattern (a weekly pattern); not both. All or nothing: no shift is added when any overlaps another of the driver\'s' },
  ),
);

export const ShiftListQuery = Unchecked(
  Type.Object({
    from: Type.Optional(Type.String({ format: 'date-time', maxLength: QUERY_INSTANT_MAX, description: 'Shifts ending after this (default: now)' })),
    to: Type.Optional(Type.String({ format: 'date-time', maxLength: QUERY_INSTANT_MAX, description: `Shifts starting before this (default: from + 31 days; at most ${MAX_PATTERN_DAYS} days after from)` })),
  }),
);

export const ShiftParams = Type.Object({
  id: Type.String({ pattern: ID_PATTERN, description: 'The driver id' }),
  shiftId: Type.String({ pattern: ID_PATTERN, description: 'The shift id' }),
});
