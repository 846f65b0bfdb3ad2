// Service regions (spec §11.1): the ops desk creates, lists, reads and changes them under
// /v1/ops/regions. An ops client scoped to rooftops works on its rooftops' regions only.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Transaction } from '../../../db/executor.ts';
import { bodyObject } from '../../../http/body.ts';
import { recordIdempotentResponse } from '../../../http/idempotency/idempotency.hooks.ts';
import { BEARER, errorResponses } from '../../../http/openapi.ts';
import { sendJson } from '../../../http/send-json.ts';
import { notFound } from '../../../lib/errors.ts';
import { IdParams } from '../../../lib/schema-types.ts';
import { pathId } from '../../../lib/validation.ts';
import type { Authenticator } from '../../auth/authenticator.ts';
import { OPS_ROLES } from '../../clients/roles.ts';
import { AREA_LIMITS } from './area-request.ts';
import { RegionList, RegionSchema } from './region-document.ts';
import { readNewRegion, readRegionPatch } from './region-request.ts';
import { readRooftopQuery } from '../../rooftops/rooftop-choice.ts';
import { NewRegionBody, RegionPatchBody, RegionsQuery } from './regions.schemas.ts';
import { type RegionService, scopeOf } from './regions.service.ts';

const tags = ['regions'];
const security = BEARER;
const regionId = (params: { id: string }) => pathId(params.id, () => notFound('region'));

const SCOPE_NOTE = "An ops client scoped to rooftops works on its rooftops' regions only (another rooftop's region is a 404); the all-rooftops desk on any.";
const PLACING_NOTE =
  "Every location of the rooftop is placed in the region holding it (the lowest id when several do) in the same transaction; its region_id shows in GET /v1/locations. Bookings refuse with outside_region a leg whose two ends are both outside the rooftop's regions (without any region: beyond SERVICE_RADIUS_MILES of the rooftop).";

export function regionsRoutes(app: FastifyInstance, deps: { auth: Authenticator; regions: RegionService; bodyLimitBytes: number }): void {
  const ops = { onRequest: deps.auth.guard(OPS_ROLES) };
  // An area may be up to 1 MiB of JSON: the app's body limit would refuse most real boundaries first.
  const bodyLimit = Math.max(deps.bodyLimitBytes, AREA_LIMITS.bytes + 64 * 1024);
  const service = deps.regions;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.post(
    '/v1/ops/regions',
    {
      ...ops,
      bodyLimit,
      schema: {
        operationId: 'createRegion',
        tags,
        summary: 'Create a service region of a rooftop: a name, a time zone and a GeoJSON area',
        description: `The body may be up to ${bodyLimit} bytes (an area up to ${AREA_LIMITS.bytes}). ${PLACING_NOTE} ${SCOPE_NOTE}`,
        security,
        body: NewRegionBody,
        response: { 201: RegionSchema, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const fields = await readNewRegion(bodyObject(request.body), service.rooftopCheck(scopeOf(request.auth)));
      // The stored Idempotency-Key answer commits with the region, under the status it is sent with.
      const options = { inTransaction: (trx: Transaction, json: string) => recordIdempotentResponse(trx, request, json, 201) };
      return sendJson(reply, await service.create(fields, options), 201);
    },
  );

  api.get(
    '/v1/ops/regions',
    {
      ...ops,
      schema: {
        operationId: 'listRegions',
        tags,
        summary: "The rooftops' regions, in id order",
        description: SCOPE_NOTE,
        security,
        querystring: RegionsQuery,
        response: { 200: RegionList, ...errorResponses(400, 401, 403, 429, 500) },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request.auth);
      const rooftopId = await readRooftopQuery(request.query, service.rooftopCheck(scope));
      return sendJson(reply, await service.list(scope, rooftopId));
    },
  );

  api.get(
    '/v1/ops/regions/:id',
    {
      ...ops,
      schema: {
        operationId: 'getRegion',
        tags,
        summary: 'One region',
        description: SCOPE_NOTE,
        security,
        params: IdParams,
        response: { 200: RegionSchema, ...errorResponses(401, 403, 404, 429, 500) },
      },
    },
    async (request, reply) => sendJson(reply, await service.get(scopeOf(request.auth), regionId(request.params))),
  );

  api.patch(
    '/v1/ops/regions/:id',
    {
      ...ops,
      bodyLimit,
      schema: {
        operationId: 'updateRegion',
        tags,
        summary: 'Change a region: its name, time zone or area',
        description: `A new area re-places the rooftop's locations. ${PLACING_NOTE} ${SCOPE_NOTE}`,
        security,
        params: IdParams,
        body: RegionPatchBody,
        response: { 200: RegionSchema, ...errorResponses(400, 401, 403, 404, 413, 415, 429, 500) },
      },
    },
    async (request, reply) => {
      const id = regionId(request.params);
      return sendJson(reply, await service.update(scopeOf(request.auth), id, readRegionPatch(bodyObject(request.body))));
    },
  );
}
