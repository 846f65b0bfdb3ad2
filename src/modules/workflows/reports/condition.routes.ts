// The condition endpoints (spec §10.4): a move's two reports and their damage diff, its evidence pack
// as a PDF, and a vehicle's condition history by VIN or stock number. Thin: parse, call the service.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { BEARER, errorResponses } from '../../../http/openapi.ts';
import { sendJson } from '../../../http/send-json.ts';
import { moveNotFound } from '../../../lib/errors.ts';
import { IdParams } from '../../../lib/schema-types.ts';
import { pathId } from '../../../lib/validation.ts';
import type { Authenticator } from '../../auth/authenticator.ts';
import { READER_ROLES } from '../../clients/roles.ts';
import { readStockHistory, readVinHistory } from './condition-request.ts';
import { ConditionSchema, StockHistoryQuery, StockHistorySchema, VinHistoryQuery, VinHistorySchema, VinParams } from './condition.schemas.ts';
import type { ConditionService } from './condition.service.ts';

const Pdf = { description: 'The evidence pack (PDF)', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } };

export function conditionRoutes(app: FastifyInstance, deps: { auth: Authenticator; conditions: ConditionService }): void {
  const { conditions } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const onRequest = deps.auth.guard(READER_ROLES);
  const tags = ['inspections'];

  api.get(
    '/v1/moves/:id/condition',
    {
      onRequest,
      schema: {
        operationId: 'getMoveCondition', tags, security: BEARER, params: IdParams,
        summary: "The move's pickup and delivery condition reports and, once delivered, their damage diff",
        response: { 200: ConditionSchema, ...errorResponses(401, 403, 404, 429, 500) },
      },
    },
    async (request, reply) => sendJson(reply, await conditions.condition(request.auth, pathId(request.params.id, moveNotFound))),
  );

  api.get(
    '/v1/moves/:id/condition.pdf',
    {
      onRequest,
      schema: {
        operationId: 'getMoveEvidencePack', tags, security: BEARER, params: IdParams,
        summary: "The move's bill of lading / condition report as a PDF: what exists so far",
        response: { 200: Pdf, ...errorResponses(401, 403, 404, 429, 500) },
      },
    },
    async (request, reply) => {
      const moveId = pathId(request.params.id, moveNotFound);
      const pdf = await conditions.evidencePdf(request.auth, moveId);
      return reply
        .code(200)
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="move-${moveId}-condition.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  api.get(
    '/v1/vehicles/:vin/condition',
    {
      onRequest,
      schema: {
        operationId: 'getVehicleConditionByVin', tags, security: BEARER, params: VinParams, querystring: VinHistoryQuery,
        summary: "A vehicle's signed condition reports at your rooftops, newest first",
        response: { 200: VinHistorySchema, ...errorResponses(400, 401, 403, 404, 429, 500) },
      },
    },
    async (request, reply) => sendJson(reply, await conditions.history(request.auth, readVinHistory(request.params.vin, request.query))),
  );

  api.get(
    '/v1/vehicles/condition',
    {
      onRequest,
      schema: {
        operationId: 'getVehicleConditionByStock', tags, security: BEARER, querystring: StockHistoryQuery,
        summary: "A vehicle without a VIN: its signed condition reports at one rooftop by stock number, newest first",
        response: { 200: StockHistorySchema, ...errorResponses(400, 401, 403, 429, 500) },
      },
    },
    async (request, reply) => sendJson(reply, await conditions.history(request.auth, readStockHistory(request.query, request.auth))),
  );
}
