// Third-party payers (spec §12.4): the ops desk adds a rooftop's payers and sets whether its
// bookings must name one (or which is the default); dealers list the ids a booking may send.
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
import { OPS_ROLES, READER_ROLES } from '../../clients/roles.ts';
import { PayerListSchema, PayerSchema, PayerSettingSchema } from './payer-document.ts';
import { readNewPayer, readPayersQuery, readSettingChange } from './payer-request.ts';
import { NewPayerBody, PayerSettingBody, PayersQuery } from './payers.schemas.ts';
import { type PayerService, scopeOf } from './payers.service.ts';

const tags = ['payers'];
const security = BEARER;
const SCOPE_NOTE = "An ops client scoped to rooftops works on its rooftops' payers only; the all-rooftops desk on any.";
const BOOKING_NOTE =
  'A booking sends a payer id as third_party_payer (top level): one of the rooftop\'s payers, else field_invalid; missing while the rooftop requires one, field_missing; missing otherwise, the default payer (or the rooftop itself) is billed.';

export function payersRoutes(app: FastifyInstance, deps: { auth: Authenticator; payers: PayerService }): void {
  const ops = { onRequest: deps.auth.guard(OPS_ROLES) };
  const service = deps.payers;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.post(
    '/v1/ops/payers',
    {
      ...ops,
      schema: {
        operationId: 'createPayer',
        tags,
        summary: "Add a third-party payer to a rooftop: bookings may bill it with third_party_payer",
        description: `${BOOKING_NOTE} ${SCOPE_NOTE}`,
        security,
        body: NewPayerBody,
        response: { 201: PayerSchema, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const fields = await readNewPayer(bodyObject(request.body), service.rooftopCheck(scopeOf(request.auth)));
      // The stored Idempotency-Key answer commits with the payer, under the status it is sent with.
      const options = { inTransaction: (trx: Transaction, json: string) => recordIdempotentResponse(trx, request, json, 201) };
      return sendJson(reply, await service.create(fields, options), 201);
    },
  );

  api.patch(
    '/v1/ops/rooftops/:id/payer-settings',
    {
      ...ops,
      schema: {
        operationId: 'updatePayerSettings',
        tags,
        summary: "Change a rooftop's payer setting: whether bookings must name a payer, and the default payer",
        description:
          'default_payer_id must be one of the rooftop\'s payers (null: bill the rooftop itself). While payer_required is true the default is not used: ' +
          `a booking must name its payer. payer_required cannot be true for a rooftop without payers. ${SCOPE_NOTE} Another rooftop is a 404.`,
        security,
        params: IdParams,
        body: PayerSettingBody,
        response: { 200: PayerSettingSchema, ...errorResponses(400, 401, 403, 404, 413, 415, 429, 500) },
      },
    },
    async (request) => {
      const rooftopId = pathId(request.params.id, () => notFound('rooftop'));
      return service.updateSetting(scopeOf(request.auth), rooftopId, readSettingChange(bodyObject(request.body)));
    },
  );

  api.get(
    '/v1/payers',
    {
      onRequest: deps.auth.guard(READER_ROLES),
      schema: {
        operationId: 'listPayers',
        tags,
        summary: "The rooftop's payers: the ids a booking may send as third_party_payer",
        description: `${BOOKING_NOTE} payer_required and default_payer_id are the rooftop's setting.`,
        security,
        querystring: PayersQuery,
        response: { 200: PayerListSchema, ...errorResponses(400, 401, 403, 429, 500) },
      },
    },
    async (request) => {
      const rooftopId = await readPayersQuery(request.query, request.auth, service.rooftopCheck(scopeOf(request.auth)));
      return service.list(rooftopId);
    },
  );
}
