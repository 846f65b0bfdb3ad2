// Drivers' shifts (spec §11.2): POST/GET/DELETE /v1/ops/drivers/:id/shifts. Role ops; adding and
// deleting is for the all-rooftops desk, like changing a driver (drivers/driver-scope.ts).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../../db/database.ts';
import type { Transaction } from '../../../db/executor.ts';
import { bodyObject } from '../../../http/body.ts';
import { recordIdempotentResponse } from '../../../http/idempotency/idempotency.hooks.ts';
import { BEARER, errorResponses } from '../../../http/openapi.ts';
import { sendJson } from '../../../http/send-json.ts';
import type { Clock } from '../../../lib/clock.ts';
import { notFound } from '../../../lib/errors.ts';
import { IdParams, NoContent } from '../../../lib/schema-types.ts';
import { pathId } from '../../../lib/validation.ts';
import type { Authenticator } from '../../auth/authenticator.ts';
import { OPS_ROLES } from '../../clients/roles.ts';
import { requireAllRooftops } from '../../drivers/driver-scope.ts';
import { ShiftListSchema } from './shift-document.ts';
import { readNewShifts, readShiftListQuery } from './shift-request.ts';
import { NewShiftsBody, ShiftListQuery, ShiftParams } from './shifts.schemas.ts';
import { driverNotFound, scopeOf, ShiftService } from './shifts.service.ts';

const tags = ['drivers'];
const security = BEARER;
const SCOPE_NOTE =
  'Adding and deleting shifts is for an all-rooftops ops client (the dispatch desk), like changing drivers. ' +
  "An ops client scoped to rooftops lists a driver's shifts for every rooftop and those of its rooftops' regions.";

export function shiftsRoutes(app: FastifyInstance, deps: { auth: Authenticator; database: Database; clock: Clock }): void {
  const common = { onRequest: deps.auth.guard(OPS_ROLES) };
  const manage = { onRequest: [deps.auth.guard(OPS_ROLES), requireAllRooftops] };
  const service = new ShiftService({ db: deps.database.db, clock: deps.clock });
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.post(
    '/v1/ops/drivers/:id/shifts',
    {
      ...manage,
      schema: {
        operationId: 'addDriverShifts',
        tags,
        summary: "Add a driver's shift, or a weekly pattern of shifts laid out in local time",
        description:
          "A pattern is laid out in its region's time zone (or in timezone when it has no region), day by day from the local " +
          'date, so a shift keeps its local hours across a DST change. All or nothing: no shift is added when any is invalid ' +
          `or overlaps another shift of the driver. ${SCOPE_NOTE}`,
        security,
        params: IdParams,
        body: NewShiftsBody,
        response: { 201: ShiftListSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const driverId = pathId(request.params.id, driverNotFound);
      await service.requireDriver(driverId);
      const fields = await readNewShifts(bodyObject(request.body), service.regionLookup(scopeOf(request.auth)));
      const options = { inTransaction: (trx: Transaction, json: string) => recordIdempotentResponse(trx, request, json, 201) };
      return sendJson(reply, await service.add(driverId, fields, options), 201);
    },
  );

  api.get(
    '/v1/ops/drivers/:id/shifts',
    {
      ...common,
      schema: {
        operationId: 'listDriverShifts',
        tags,
        summary: "A driver's shifts overlapping [from, to), by start",
        description: SCOPE_NOTE,
        security,
        params: IdParams,
        querystring: ShiftListQuery,
        response: { 200: ShiftListSchema, ...errorResponses(400, 401, 403, 404, 429, 500) },
      },
    },
    async (request) => {
      const driverId = pathId(request.params.id, driverNotFound);
      const range = readShiftListQuery(request.query, deps.clock.now());
      return { shifts: await service.list(driverId, range, scopeOf(request.auth)) };
    },
  );

  api.delete(
    '/v1/ops/drivers/:id/shifts/:shiftId',
    {
      ...manage,
      schema: {
        operationId: 'deleteDriverShift',
        tags,
        summary: "Delete one of a driver's shifts",
        description: `Trips already dispatched to the driver stay theirs. ${SCOPE_NOTE}`,
        security,
        params: ShiftParams,
        response: { 204: NoContent('Deleted'), ...errorResponses(400, 401, 403, 404, 413, 415, 429, 500) },
      },
    },
    async (request, reply) => {
      const driverId = pathId(request.params.id, driverNotFound);
      await service.remove(driverId, pathId(request.params.shiftId, () => notFound('shift')));
      return reply.code(204).send();
    },
  );
}
