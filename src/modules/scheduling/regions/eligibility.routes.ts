// POST /v1/confirm-move-eligibility (spec §11.1): whether a drive between two places is inside the
// rooftop's service area. A read: it writes nothing (an Idempotency-Key is still honoured, §9).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { bodyObject } from '../../../http/body.ts';
import { BEARER, errorResponses } from '../../../http/openapi.ts';
import { IdInteger, StringOrNumber, Unchecked } from '../../../lib/schema-types.ts';
import type { Authenticator } from '../../auth/authenticator.ts';
import { DEALER_ROLES } from '../../clients/roles.ts';
import { LOCATION_MAX } from '../../locations/location-request.ts';
import type { ZipDirectory } from '../../locations/zip-directory.ts';
import { EligibilityAnswerSchema } from './eligibility-answer.ts';
import { COORDINATE_RANGE, FULL_ADDRESS_MAX, readEligibility } from './eligibility-request.ts';
import type { EligibilityService } from './eligibility.service.ts';

const str = (maxLength: number, description?: string) => Type.String({ maxLength, ...(description ? { description } : {}) });

const EligibilityAddress = Type.Object(
  {
    latitude: Type.Optional(Type.Number({ ...range(COORDINATE_RANGE.latitude), description: 'With longitude: where the place is (not both 0)' })),
    longitude: Type.Optional(Type.Number(range(COORDINATE_RANGE.longitude))),
    name: Type.Optional(str(LOCATION_MAX.name)),
    full_address: Type.Optional(str(FULL_ADDRESS_MAX, 'Without coordinates or address parts: the address on one line, "210 S Mulberry St, Richmond, VA 23220"')),
    address_one: Type.Optional(str(LOCATION_MAX.address_one, 'Without coordinates: address_one, city, state and zip are placed like a booking location')),
    address_two: Type.Optional(str(LOCATION_MAX.address_two)),
    city: Type.Optional(str(LOCATION_MAX.city)),
    state: Type.Optional(str(LOCATION_MAX.state)),
    zip: Type.Optional(StringOrNumber(LOCATION_MAX.zip)),
  },
  { description: 'latitude and longitude; or, without them, the address parts (or full_address), which are geocoded' },
);

const EligibilityBody = Unchecked(
  Type.Object({
    rooftop: Type.Optional(IdInteger({ description: 'Required for a client with several rooftops' })),
    pickup_location: EligibilityAddress,
    delivery_location: EligibilityAddress,
    drive_miles: Type.Optional(
      Type.Number({ minimum: 0, description: 'The drive, if known; over the longest drive (MAX_DRIVE_MILES) is outside_region. Default: measured by the router' }),
    ),
  }),
);

function range(r: { min: number; max: number }) {
  return { minimum: r.min, maximum: r.max };
}

export function eligibilityRoutes(app: FastifyInstance, deps: { auth: Authenticator; eligibility: EligibilityService; zips: ZipDirectory }): void {
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/v1/confirm-move-eligibility',
    {
      onRequest: deps.auth.guard(DEALER_ROLES),
      schema: {
        operationId: 'confirmMoveEligibility',
        tags: ['regions'],
        summary: "Whether a drive between two places is inside the rooftop's service area",
        description:
          "eligible is true when at least one end is inside the rooftop's regions (without any region: within the service radius of the rooftop), as a booking requires. " +
          'A drive longer than the longest drive is outside_region. Nothing is stored.',
        security: BEARER,
        body: EligibilityBody,
        response: { 200: EligibilityAnswerSchema, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request) => deps.eligibility.confirm(readEligibility(bodyObject(request.body), request.auth, deps.zips)),
  );
}
