// The ops desk's driver management (spec §7): POST/GET/PATCH /v1/ops/drivers. Role ops only; who
// of them may change drivers or see where one is: driver-scope.ts.
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Database } from '../../db/database.ts';
import type { Authenticator } from '../../http/auth.ts';
import { bodyObject } from '../../http/body.ts';
import type { Clock } from '../../lib/clock.ts';
import { notFound } from '../../lib/errors.ts';
import type { IdGenerator } from '../../lib/ids.ts';
import { FieldReader, parseId, Problems, queryInteger } from '../../lib/validation.ts';
import { OPS_ROLES } from '../clients/roles.ts';
import { createDriverRecord } from './create-driver.ts';
import { driverDocument, DriverSchema, NewDriverSchema } from './driver-document.ts';
import { driverDocumentsFor, requireAllRooftops } from './driver-scope.ts';
import { NAME_MAX, readDriverPatch } from './driver-request.ts';
import { findDriver, listDrivers } from './drivers.repository.ts';
import { changeDriver } from './update-driver.ts';

const tags = ['drivers'];
const security = [{ bearer: [] }];
const IdParams = Type.Object({ id: Type.String() });

export function driversRoutes(
  app: FastifyInstance,
  deps: { auth: Authenticator; database: Database; clock: Clock; ids: IdGenerator },
): void {
  const common = { onRequest: deps.auth.guard(OPS_ROLES) };
  const manage = { onRequest: [deps.auth.guard(OPS_ROLES), requireAllRooftops] };
  const db = deps.database.db;
  const driverId = (params: unknown) => parseId((params as { id: string }).id);

  app.post(
    '/v1/ops/drivers',
    {
      ...manage,
      // The response shows the driver's client secret once; an idempotent replay keeps it sealed.
      config: { sensitiveResponse: true },
      schema: {
        tags,
        summary: "Add a driver; the response carries the driver app's client_id and client_secret, shown only here",
        description: 'Only an all-rooftops ops client (dispatch desk) may add drivers.',
        security,
        body: Type.Object({
          name: Type.String({ maxLength: NAME_MAX }),
          phone: Type.String({ description: 'A US phone number; stored and returned in E.164' }),
          can_drive_manual: Type.Optional(Type.Boolean({ default: false })),
        }),
        response: { 200: NewDriverSchema },
      },
    },
    async (request) => {
      const body = bodyObject(request.body);
      const { created, row } = await createDriverRecord(
        db,
        { name: body.name, phone: body.phone, canDriveManual: body.can_drive_manual },
        { ids: deps.ids, clock: deps.clock },
      );
      return { ...driverDocument(row), client_id: created.client_id, client_secret: created.client_secret };
    },
  );

  app.get(
    '/v1/ops/drivers',
    {
      ...common,
      schema: {
        tags,
        summary: 'Drivers in id order, optionally only active or inactive ones',
        description:
          "An ops client scoped to rooftops sees a driver's last_location only while the driver is on an unfinished move of its rooftops; otherwise null.",
        security,
        querystring: Type.Object({
          active: Type.Optional(Type.Boolean()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
        }),
        response: { 200: Type.Object({ drivers: Type.Array(DriverSchema) }) },
      },
    },
    async (request) => {
      const problems = new Problems();
      const query = new FieldReader(problems, request.query as Record<string, unknown>);
      const active = query.oneOf('active', ['true', 'false'], { required: false });
      const limit = queryInteger(query, 'limit', 1, 500) ?? 100;
      const offset = queryInteger(query, 'offset', 0, 1_000_000) ?? 0;
      problems.throwIfAny();
      const rows = await listDrivers(db, { active: active === null ? null : active === 'true', limit, offset });
      return { drivers: await driverDocumentsFor(db, request.auth, rows) };
    },
  );

  app.get(
    '/v1/ops/drivers/:id',
    {
      ...common,
      schema: {
        tags,
        summary: 'One driver',
        description:
          "An ops client scoped to rooftops sees last_location only while the driver is on an unfinished move of its rooftops; otherwise null.",
        security,
        params: IdParams,
        response: { 200: DriverSchema },
      },
    },
    async (request) => {
      const id = driverId(request.params);
      const row = id === null ? undefined : await findDriver(db, id);
      if (!row) throw notFound('driver');
      return (await driverDocumentsFor(db, request.auth, [row]))[0];
    },
  );

  app.patch(
    '/v1/ops/drivers/:id',
    {
      ...manage,
      schema: {
        tags,
        summary: "Change a driver's name, phone, manual-transmission ability or active flag",
        description:
          'Only an all-rooftops ops client (dispatch desk) may change drivers. ' +
          'Deactivating a driver keeps their credentials but locks them out of the driver endpoints until reactivated.',
        security,
        params: IdParams,
        body: Type.Object({
          name: Type.Optional(Type.String({ maxLength: NAME_MAX })),
          phone: Type.Optional(Type.String()),
          can_drive_manual: Type.Optional(Type.Boolean()),
          active: Type.Optional(Type.Boolean()),
        }),
        response: { 200: DriverSchema },
      },
    },
    async (request) => {
      const id = driverId(request.params);
      if (id === null) throw notFound('driver');
      const changes = readDriverPatch(bodyObject(request.body));
      const row = await changeDriver(deps.database, id, changes, deps.clock.now());
      if (!row) throw notFound('driver');
      return driverDocument(row);
    },
  );
}
