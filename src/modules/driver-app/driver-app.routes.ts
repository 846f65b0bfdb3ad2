// The driver app over HTTP (role driver, spec §7): parse, call the driver app service, answer.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authenticator } from '../auth/authenticator.ts';
import { readBody } from '../../http/body.ts';
import { answerInTransaction } from '../../http/idempotency/idempotency.hooks.ts';
import { BEARER, errorResponses } from '../../http/openapi.ts';
import { sendJson } from '../../http/send-json.ts';
import { ApiError, moveNotFound } from '../../lib/errors.ts';
import { IdParams } from '../../lib/schema-types.ts';
import { pathId } from '../../lib/validation.ts';
import type { DriverAppService } from './driver-app.service.ts';
import { DriverMoveSchema, DriverMovesAnswer, LocationAnswer, LocationPingBody, StepBody } from './driver-app.schemas.ts';
import { readPosition, readStep } from './driver-requests.ts';

export function driverAppRoutes(app: FastifyInstance, deps: { auth: Authenticator; driverApp: DriverAppService }): void {
  const { driverApp } = deps;
  const onRequest = [
    deps.auth.guard(['driver']),
    // A deactivated driver's token stops working here at once.
    async (request: FastifyRequest) => {
      if (!(await driverApp.mayWork(request.auth.driverId!))) throw new ApiError('access_denied', 'this driver has been deactivated');
    },
  ];
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/v1/driver/moves',
    {
      onRequest,
      schema: {
        operationId: 'listMyMoves',
        tags: ['driver'],
        summary: 'My assigned, unfinished moves, in driving order',
        security: BEARER,
        // 401 also when the driver has been deactivated.
        response: { 200: DriverMovesAnswer, ...errorResponses(401, 403, 429, 500) },
      },
    },
    async (request) => ({ moves: await driverApp.myMoves(request.auth.driverId!) }),
  );

  api.post(
    '/v1/driver/moves/:id/steps',
    {
      onRequest,
      schema: {
        operationId: 'recordMyMoveStep',
        tags: ['driver'],
        summary: 'Record the next step of one of my moves, with where it happened',
        security: BEARER,
        params: IdParams,
        body: StepBody,
        // 409: move_not_modifiable (not the next step), or an Idempotency-Key still running.
        response: { 200: DriverMoveSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const id = pathId(request.params.id, moveNotFound);
      const input = readBody(request.body, readStep);
      return sendJson(reply, await driverApp.step(request.auth.driverId!, id, input, answerInTransaction(request)));
    },
  );

  api.post(
    '/v1/driver/location',
    {
      onRequest,
      schema: {
        operationId: 'reportMyLocation',
        tags: ['driver'],
        summary: 'Report where I am (feeds tracking and ETA)',
        security: BEARER,
        body: LocationPingBody,
        response: { 200: LocationAnswer, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const position = readBody(request.body, readPosition);
      return sendJson(reply, await driverApp.reportPosition(request.auth.driverId!, position, answerInTransaction(request)));
    },
  );
}
