// Contracts (spec §12.1): the ops desk creates, lists and reads them under /v1/ops/contracts.
// Dealers see their rooftops' contracts in GET /v1/rooftops (rooftops.routes.ts).
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
import { ContractList, ContractSchema } from './contract-document.ts';
import { readNewContract } from './contract-request.ts';
import { readRooftopQuery } from '../../rooftops/rooftop-choice.ts';
import { ContractsQuery, NewContractBody } from './contracts.schemas.ts';
import { type ContractService, contractScopeOf } from './contracts.service.ts';

const tags = ['contracts'];
const security = BEARER;
const contractId = (params: { id: string }) => pathId(params.id, () => notFound('contract'));

const SCOPE_NOTE = "An ops client scoped to rooftops works on its rooftops' contracts only (another rooftop's contract is a 404); the all-rooftops desk on any.";
const RULES_NOTE =
  'A rooftop has one contract per workflow set on a date (a contract without workflowset_id counts as one for any set): a contract whose dates ' +
  'meet another for the same set is refused (field_invalid at begin_date). A booking is priced by the contract for its set in force on its local ' +
  'date, else the one for any set; its charge keeps what it was priced with. Contracts are not edited: a new price is a new contract.';

export function contractsRoutes(app: FastifyInstance, deps: { auth: Authenticator; contracts: ContractService }): void {
  const ops = { onRequest: deps.auth.guard(OPS_ROLES) };
  const service = deps.contracts;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.post(
    '/v1/ops/contracts',
    {
      ...ops,
      schema: {
        operationId: 'createContract',
        tags,
        summary: "Create a rooftop's contract: its dates, mileage bands and accessorial rates",
        description: `${RULES_NOTE} ${SCOPE_NOTE}`,
        security,
        body: NewContractBody,
        response: { 201: ContractSchema, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const fields = await readNewContract(bodyObject(request.body), service.checks(contractScopeOf(request.auth)));
      // The stored Idempotency-Key answer commits with the contract, under the status it is sent with.
      const options = { inTransaction: (trx: Transaction, json: string) => recordIdempotentResponse(trx, request, json, 201) };
      return sendJson(reply, await service.create(fields, options), 201);
    },
  );

  api.get(
    '/v1/ops/contracts',
    {
      ...ops,
      schema: {
        operationId: 'listContracts',
        tags,
        summary: "The rooftops' contracts, by rooftop and begin_date",
        description: SCOPE_NOTE,
        security,
        querystring: ContractsQuery,
        response: { 200: ContractList, ...errorResponses(400, 401, 403, 429, 500) },
      },
    },
    async (request) => {
      const scope = contractScopeOf(request.auth);
      const rooftopId = await readRooftopQuery(request.query, service.rooftopCheck(scope));
      return { contracts: await service.list(scope, rooftopId) };
    },
  );

  api.get(
    '/v1/ops/contracts/:id',
    {
      ...ops,
      schema: {
        operationId: 'getContract',
        tags,
        summary: 'One contract',
        description: SCOPE_NOTE,
        security,
        params: IdParams,
        response: { 200: ContractSchema, ...errorResponses(401, 403, 404, 429, 500) },
      },
    },
    async (request) => service.get(contractScopeOf(request.auth), contractId(request.params)),
  );
}
