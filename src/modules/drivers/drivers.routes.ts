// The ops desk's driver management (spec §7): POST/GET/PATCH /v1/ops/drivers. Role ops only; who
// of them may change drivers or see where one is: driver-scope.ts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Database } from '../../db/database.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { bodyObject } from '../../http/body.ts';
import { answerInTransaction } from '../../http/idempotency/idempotency.hooks.ts';
import { BEARER, errorResponses } from '../../http/openapi.ts';
import { sendJson } from '../../http/send-json.ts';
import type { Clock } from '../../lib/clock.ts';
import { notFound } from '../../lib/errors.ts';
import type { IdGenerator } from '../../lib/ids.ts';
import { IdParams } from '../../lib/schema-types.ts';
import { pageLimit, PAGE_OFFSET, pathId, queryInteger, readFields } from '../../lib/validation.ts';
import { OPS_ROLES } from '../clients/roles.ts';
import { driverDocument, DriverSchema, NewDriverSchema } from './driver-document.ts';
import { driverDocumentsFor, requireAllRooftops } from './driver-scope.ts';
import { readDriverPatch } from './driver-request.ts';
import { DriverListQuery, DriverPatchBody, NewDriverBody } from './drivers.schemas.ts';
import { findDriver, listDrivers } from './drivers.repository.ts';
import { addDriver, changeDriver } from './drivers.service.ts';

const tags = ['drivers'];
const security = BEARER;
const driverNotFound = () => notFound('driver');

export function driversRoutes(
  app: FastifyInstance,
  deps: { auth: Authenticator; database: Database; clock: Clock; ids: IdGenerator },
): void {
  const common = { onRequest: deps.auth.guard(OPS_ROLES) };
  const manage = { onRequest: [deps.auth.guard(OPS_ROLES), requireAllRooftops] };
  const db = deps.database.db;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.post(
    '/v1/ops/drivers',
    {
      ...manage,
      // The response shows the driver's client secret once; an idempotent replay keeps it sealed.
      config: { sensitiveResponse: true },
      schema: {
        operationId: 'createDriver',
        tags,
        summary: "Add a driver; the response carries the driver app's client_id and client_secret, shown only here",
        description: 'Only an all-rooftops ops client (dispatch desk) may add drivers.',
        security,
        body: NewDriverBody,
        response: { 200: NewDriverSchema, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const body = bodyObject(request.body);
      const input = { name: body.name, phone: body.phone, canDriveManual: body.can_drive_manual };
      // recordIdempotentResponse leaves this sealed answer to onSend (it stores nothing unsealed).
      return sendJson(reply, await addDriver(deps.database, input, { ids: deps.ids, clock: deps.clock }, answerInTransaction(request)));
    },
  );

  api.get(
    '/v1/ops/drivers',
    {
      ...common,
      schema: {
        operationId: 'listDrivers',
        tags,
        summary: 'Drivers in id order, optionally only active or inactive ones',
        description:
          "An ops client scoped to rooftops sees a driver's last_location only while the driver is on an unfinished move of its rooftops; otherwise null.",
        security,
        querystring: DriverListQuery,
        response: { 200: Type.Object({ drivers: Type.Array(DriverSchema) }), ...errorResponses(400, 401, 403, 429, 500) },
      },
    },
    async (request) => {
      const { active, limit, offset } = readFields(request.query, (query) => ({
        active: query.oneOf('active', ['true', 'false'], { required: false }),
        limit: pageLimit(query),
        offset: queryInteger(query, 'offset', PAGE_OFFSET.min, PAGE_OFFSET.max) ?? PAGE_OFFSET.default,
      }));
      const rows = await listDrivers(db, { active: active === null ? null : active === 'true', limit, offset });
      return { drivers: await driverDocumentsFor(db, request.auth, rows) };
    },
  );

  api.get(
    '/v1/ops/drivers/:id',
    {
      ...common,
      schema: {
        operationId: 'getDriver',
        tags,
        summary: 'One driver',
        description:
          "An ops client scoped to rooftops sees last_location only while the driver is on an unfinished move of its rooftops; otherwise null.",
        security,
        params: IdParams,
        response: { 200: DriverSchema, ...errorResponses(401, 403, 404, 429, 500) },
      },
    },
    async (request) => {
      const row = await findDriver(db, pathId(request.params.id, driverNotFound));
      if (!row) throw driverNotFound();
      return (await driverDocumentsFor(db, request.auth, [row]))[0];
    },
  );

  api.patch(
    '/v1/ops/drivers/:id',
    {
      ...manage,
      schema: {
        operationId: 'updateDriver',
        tags,
        summary: "Change a driver's name, phone, manual-transmission ability or active flag",
        description:
          'Only an all-rooftops ops client (dispatch desk) may change drivers. ' +
          'Deactivating a driver keeps their credentials but locks them out of the driver endpoints until reactivated.',
        security,
        params: IdParams,
        body: DriverPatchBody,
        response: { 200: DriverSchema, ...errorResponses(400, 401, 403, 404, 413, 415, 429, 500) },
      },
    },
    async (request) => {
      const id = pathId(request.params.id, driverNotFound);
      const changes = readDriverPatch(bodyObject(request.body));
      const row = await changeDriver(deps.database, id, changes, deps.clock.now());
      if (!row) throw driverNotFound();
      return driverDocument(row);
    },
  );
}
