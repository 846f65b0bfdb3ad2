// Request schemas of /v1/ops/drivers, for the OpenAPI document; the limits are the readers'
// (driver-request.ts, and the paging bounds the list reads with).
import Type from 'typebox';
import { PHONE_MAX } from '../../lib/us-phone.ts';
import { QueryInteger, StringOrNumber, Unchecked } from '../../lib/schema-types.ts';
import { PAGE_LIMIT, PAGE_OFFSET } from '../../lib/validation.ts';
import { NAME_MAX } from './driver-request.ts';

const phone = () => StringOrNumber(PHONE_MAX, { description: 'A US phone number; stored and returned in E.164' });

export const NewDriverBody = Unchecked(
  Type.Object({
    name: Type.String({ maxLength: NAME_MAX }),
    phone: phone(),
    can_drive_manual: Type.Optional(Type.Boolean({ default: false })),
  }),
);

export const DriverPatchBody = Unchecked(
  Type.Object(
    {
      name: Type.Optional(Type.String({ maxLength: NAME_MAX })),
      phone: Type.Optional(phone()),
      can_drive_manual: Type.Optional(Type.Boolean()),
      active: Type.Optional(Type.Boolean()),
    },
    { description: 'At least one of the fields; absent means unchanged, and none can be cleared' },
  ),
);

export const DriverListQuery = Unchecked(
  Type.Object({
    active: Type.Optional(Type.Boolean()),
    limit: Type.Optional(QueryInteger(PAGE_LIMIT)),
    offset: Type.Optional(QueryInteger(PAGE_OFFSET)),
  }),
);
