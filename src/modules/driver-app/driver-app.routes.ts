// The driver app (role driver): my moves in driving order, my steps, my position (spec §7).
// A driver sees and moves only their own moves; anyone else's is reported as not existing.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Database } from '../../db/database.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { bodyObject } from '../../http/body.ts';
import { BEARER, errorResponses } from '../../http/openapi.ts';
import type { Clock } from '../../lib/clock.ts';
import { ApiError, moveNotFound } from '../../lib/errors.ts';
import { formatInstant } from '../../lib/instant.ts';
import { parseId } from '../../lib/validation.ts';
import { isDriverActive } from '../drivers/drivers.repository.ts';
import { findDriverScenarioIds, updateDriverPosition } from '../moves/lifecycle/lifecycle.repository.ts';
import type { LifecycleService } from '../moves/lifecycle/lifecycle.service.ts';
import { isCanceled, isFinished } from '../moves/lifecycle/state-machine.ts';
import { moveDocument, type ScenarioView } from '../moves/move-document.ts';
import { MoveSchema } from '../moves/move-document.schema.ts';
import { loadScenarios } from '../moves/moves.repository.ts';
import { IdParams, Instant, NullableInstant, NullableString } from '../../lib/schema-types.ts';
import { LocationPingBody, StepBody } from './driver-app.schemas.ts';
import { readLocationPing, readStep } from './driver-requests.ts';

const DriverMoveSchema = Type.Object({
  ...MoveSchema.properties,
  ready_by_time_utc: Instant(),
  appointment_time_utc: NullableInstant(),
  customer_name: NullableString(),
  customer_phone: NullableString(),
});

export function driverAppRoutes(
  app: FastifyInstance,
  deps: { auth: Authenticator; database: Database; publicUrl: string; lifecycle: LifecycleService; clock: Clock },
): void {
  const { database, publicUrl } = deps;
  const onRequest = [
    deps.auth.guard(['driver']),
    // A deactivated driver's token stops working here at once.
    async (request: FastifyRequest) => {
      if (!(await isDriverActive(database.db, request.auth.driverId!))) {
        throw new ApiError('access_denied', 'this driver has been deactivated');
      }
    },
  ];

  const item = (view: ScenarioView, moveId: number) => {
    const m = view.moves.find((x) => x.id === moveId)!;
    return {
      ...moveDocument(m, view, publicUrl),
      ready_by_time_utc: formatInstant(view.scenario.ready_by_time),
      appointment_time_utc: view.scenario.appointment_time === null ? null : formatInstant(view.scenario.appointment_time),
      customer_name: view.scenario.customer_name,
      customer_phone: view.scenario.customer_phone,
    };
  };

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
        response: { 200: Type.Object({ moves: Type.Array(DriverMoveSchema) }), ...errorResponses(401, 403, 429, 500) },
      },
    },
    async (request) => {
      const driverId = request.auth.driverId!;
      const ids = await findDriverScenarioIds(database.db, driverId);
      const views = await loadScenarios(database.db, ids);
      const moves = ids.flatMap((id) => {
        const view = views.get(id)!;
        return view.moves
          .filter((m) => m.driver_id === driverId && !isFinished(m) && !isCanceled(m))
          .map((m) => item(view, m.id));
      });
      return { moves };
    },
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
    async (request) => {
      const id = parseId(request.params.id);
      if (id === null) throw moveNotFound();
      const input = readStep(bodyObject(request.body));
      const view = await deps.lifecycle.step(request.auth, id, input);
      return item(view, id);
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
        response: {
          200: Type.Object({ driver_id: Type.Integer(), lat: Type.Number(), lon: Type.Number(), located_at: Instant() }),
          ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 500),
        },
      },
    },
    async (request) => {
      const { lat, lon } = readLocationPing(bodyObject(request.body));
      const now = deps.clock.now();
      const driverId = request.auth.driverId!;
      await updateDriverPosition(database.db, driverId, lat, lon, now);
      return { driver_id: driverId, lat, lon, located_at: formatInstant(now) };
    },
  );
}
