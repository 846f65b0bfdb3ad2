// Small TypeBox helpers for the schemas of the OpenAPI document. Nullable uses a type array rather
// than anyOf so fast-json-stringify serializes it on its fast path.
import Type, { type TSchema } from 'typebox';
import { INSTANT_INPUT_MAX } from './instant.ts';
import { ID_PATTERN, INTEGER_RANGE } from './validation.ts';

export function Nullable<T extends TSchema & { type?: string }>(schema: T) {
  const { type, ...rest } = schema as { type: string } & Record<string, unknown>;
  return Type.Unsafe<Type.Static<T> | null>({ ...rest, type: [type, 'null'] });
}

export const NullableString = (options: Record<string, unknown> = {}) => Nullable(Type.String(options));
export const Instant = () => Type.String({ format: 'date-time', examples: ['2022-03-25T13:37:00Z'] });
export const NullableInstant = () => NullableString({ format: 'date-time' });
/** A 204 answer: no body at all. Typed undefined so that a handler's bare `reply.send()` type-checks. */
export const NoContent = (description = 'No content') => Type.Unsafe<undefined>(Type.Null({ description }));

export const ERROR_SCHEMA_ID = 'Error';

/** The one error body of every error answer (spec §4); a component of the document, `$ref`'d by every operation. */
export const ErrorResponse = Type.Object(
  {
    code: Type.String({ description: 'One of the codes listed at /docs/errors' }),
    message: Type.String(),
    doc_url: Type.String({ description: "The code's entry on /docs/errors" }),
    errors: Type.Array(
      Type.Object({
        code: Type.String(),
        field: NullableString({ description: 'The dotted path of the field; null for a problem of the whole request' }),
        message: Type.String(),
      }),
      { description: 'Every problem found in the request, not only the first' },
    ),
    request_id: Type.String({ description: 'Also in the X-Request-Id header; quote it to support' }),
    move_id: Type.Optional(Type.Integer({ description: 'move_duplication only: the move already in progress' })),
  },
  { $id: ERROR_SCHEMA_ID, title: 'Error' },
);

// ── Request schemas ──────────────────────────────────────────────────────────────────────────────
// Limits come from the readers' own constants, so the document cannot drift from what is refused
// (test/api/schema-honesty.test.ts sends each limit and its neighbour to prove it).

/**
 * A request body or query string schema, for the OpenAPI document only. The app's validator is off
 * (the readers apply spec §4 and list every problem), so a handler gets what was sent: typed
 * unknown rather than the schema's type, so that no handler trusts a shape nobody checked.
 */
export const Unchecked = <T extends TSchema>(schema: T) => Type.Unsafe<unknown>(schema);

/** `/:id` of the integer-id resources: anything else is answered as not found (spec §2). */
export const IdParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN, description: 'An integer id' }) });

/** An integer id or rooftop in a body: positive, exact in a double. */
export const IdInteger = (options: Record<string, unknown> = {}) =>
  Type.Integer({ minimum: INTEGER_RANGE.min, maximum: INTEGER_RANGE.max, ...options });

/** A string field that also takes a JSON number, read as its decimal text (ZIP codes, phone numbers, references). */
export const StringOrNumber = (maxLength: number, options: Record<string, unknown> = {}) =>
  Type.Union([Type.String({ maxLength }), Type.Number()], options);

/** An instant in a request (spec §2 lists the forms taken). */
export const InstantInput = (description: string) =>
  Type.String({
    maxLength: INSTANT_INPUT_MAX,
    description: `${description}. ISO 8601 with Z or an offset ("2026-03-25T10:00:00-04:00"), or "2026-03-25 14:00:00" (UTC)`,
    examples: ['2026-03-25T14:00:00Z'],
  });

/** A paging parameter of a query string, with the bounds its reader applies. */
export const QueryInteger = (range: { min: number; max: number; default: number }, description?: string) =>
  Type.Integer({ minimum: range.min, maximum: range.max, default: range.default, ...(description ? { description } : {}) });
