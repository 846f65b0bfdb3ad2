// GET /v1/rooftops (spec §12.1, doc: "an array of the rooftop names and ids" the client may use,
// with workflow sets and contracts; the wrapper is ours).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { BEARER, errorResponses } from '../../../http/openapi.ts';
import type { Authenticator } from '../../auth/authenticator.ts';
import { READER_ROLES } from '../../clients/roles.ts';
import { ContractSchema } from './contract-document.ts';
import type { RooftopDirectory } from './rooftop-directory.service.ts';

const RooftopList = Type.Object({
  rooftops: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      timezone: Type.String({ description: 'IANA time zone: contract dates and business hours are local to it' }),
      workflowsets: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), description: Type.String() }), {
        description: "The sets a booking may name in workflowset_id: the built-in set, then the rooftop's own, oldest first",
      }),
      contracts: Type.Array(ContractSchema, { description: "The contracts not yet ended on the rooftop's local today: the one in force and those to come, by begin_date" }),
    }),
    { description: 'In id order' },
  ),
});

export function rooftopsRoutes(app: FastifyInstance, deps: { auth: Authenticator; rooftops: RooftopDirectory }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/v1/rooftops',
    {
      onRequest: deps.auth.guard(READER_ROLES),
      schema: {
        operationId: 'listRooftops',
        tags: ['rooftops'],
        summary: 'The rooftops this client may use, with their workflow sets and contracts',
        description: 'A dealer or dealer_admin client: its rooftops; an ops client scoped to rooftops: those; the all-rooftops desk: every rooftop.',
        security: BEARER,
        response: { 200: RooftopList, ...errorResponses(401, 403, 429, 500) },
      },
    },
    async (request) => deps.rooftops.list(request.auth),
  );
}
