// The driver app (role driver): my moves in driving order, my steps, my position (spec §7).
// A driver sees and moves only their own moves; anyone else's is reported as not existing.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Database } from '../../db/database.ts';
import type { Authenticator } from '../../http/auth.ts';
import { bodyObject } from '../../http/body.ts';
import type { Clock } from '../../lib/clock.ts';
import { ApiError, moveNotFound } from '../../lib/errors.ts';
import { formatInstant } from '../../lib/instant.ts';
import { parseId } from '../../lib/validation.ts';
import { isDriverActive } from '../drivers/drivers.repository.ts';
import { findDriverScenarioIds, updateDriverPosition } from '../moves/lifecycle/lifecycle.repository.ts';
import type { LifecycleService } from '../moves/lifecycle/lifecycle.service.ts';
import { isCanceled, isFinished, STEPS } from '../moves/lifecycle/state-machine.ts';
import { moveDocument, type ScenarioView } from '../moves/move-document.ts';
import { MoveSchema } from '../moves/move-document.schema.ts';
import { loadScenarios } from '../moves/moves.repository.ts';
import { Instant, NullableInstant, NullableString } from '../../lib/schema-types.ts';
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

  app.get(
    '/v1/driver/moves',
    {
      onRequest,
      schema: {
        tags: ['driver'],
        summary: 'My assigned, unfinished moves, in driving order',
        security: [{ bearer: [] }],
        response: { 200: Type.Object({ moves: Type.Array(DriverMoveSchema) }) },
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

  app.post(
    '/v1/driver/moves/:id/steps',
    {
      onRequest,
      schema: {
        tags: ['driver'],
        summary: 'Record the next step of one of my moves, with where it happened',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String() }),
        body: Type.Object({
          step: Type.String({ enum: [...STEPS] }),
          lat: Type.Number(),
          lon: Type.Number(),
          odometer: Type.Optional(Type.Number()),
          fuel_level: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'percent' })),
          notes: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: { 200: DriverMoveSchema },
      },
    },
    async (request) => {
      const id = parseId((request.params as { id: string }).id);
      if (id === null) throw moveNotFound();
      const input = readStep(bodyObject(request.body));
      const view = await deps.lifecycle.step(request.auth, id, input);
      return item(view, id);
    },
  );

  app.post(
    '/v1/driver/location',
    {
      onRequest,
      schema: {
        tags: ['driver'],
        summary: 'Report where I am (feeds tracking and ETA)',
        security: [{ bearer: [] }],
        body: Type.Object({ lat: Type.Number(), lon: Type.Number() }),
        response: {
          200: Type.Object({ driver_id: Type.Integer(), lat: Type.Number(), lon: Type.Number(), located_at: Instant() }),
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
