// Small TypeBox helpers for response schemas. Nullable uses a type array rather than anyOf so
// fast-json-stringify serializes it on its fast path.
import Type, { type TSchema } from 'typebox';

export function Nullable<T extends TSchema & { type?: string }>(schema: T) {
  const { type, ...rest } = schema as { type: string } & Record<string, unknown>;
  return Type.Unsafe<Type.Static<T> | null>({ ...rest, type: [type, 'null'] });
}

export const NullableString = (options: Record<string, unknown> = {}) => Nullable(Type.String(options));
export const Instant = () => Type.String({ format: 'date-time', examples: ['2022-03-25T13:37:00Z'] });
export const NullableInstant = () => NullableString({ format: 'date-time' });

export const ErrorResponse = Type.Object({
  code: Type.String(),
  message: Type.String(),
  doc_url: Type.String(),
  errors: Type.Array(
    Type.Object({ code: Type.String(), field: NullableString(), message: Type.String() }),
  ),
  request_id: Type.String(),
});
