// GET /v1/appointments/availability (spec §11.3): a dealer asks which slots of a day can take a trip.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { BEARER, errorResponses } from '../../../http/openapi.ts';
import type { Authenticator } from '../../auth/authenticator.ts';
import { DEALER_ROLES } from '../../clients/roles.ts';
import type { Clock } from '../../../lib/clock.ts';
import type { ZipDirectory } from '../../locations/zip-directory.ts';
import { AvailabilitySchema } from './availability-document.ts';
import { readAvailabilityQuery } from './availability-request.ts';
import { AvailabilityQuery } from './availability.schemas.ts';
import type { AvailabilityService } from './availability.service.ts';

export function availabilityRoutes(
  app: FastifyInstance,
  deps: { auth: Authenticator; availability: AvailabilityService; zips: ZipDirectory; clock: Clock },
): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/v1/appointments/availability',
    {
      onRequest: deps.auth.guard(DEALER_ROLES),
      schema: {
        operationId: 'getAvailability',
        tags: ['appointments'],
        summary: 'The slots of a day that can take a trip: every 30 minutes, each available or unavailable with its reason',
        description:
          "A slot is available when the whole trip fits one driver's shift with everything booked and held still placed, " +
          "its ready-by is inside the service lot's hours, and it starts after the minimum notice. " +
          'Unavailable slots are listed with the first reason that holds: outside_region, closed, lead_time, no_driver_capacity, held. ' +
          "A slot's start is what a booking sends as its appointment_time_utc (concierge endpoints) or ready_by_time_utc (one-way, round-trip).",
        security: BEARER,
        querystring: AvailabilityQuery,
        response: { 200: AvailabilitySchema, ...errorResponses(400, 401, 403, 429, 500) },
      },
    },
    async (request) => {
      const { availability } = deps;
      const ctx = { zips: deps.zips, now: deps.clock.now(), zoneOf: (id: number) => availability.zoneOf(id) };
      return availability.day(await readAvailabilityQuery(request.query, request.auth, ctx));
    },
  );
}
